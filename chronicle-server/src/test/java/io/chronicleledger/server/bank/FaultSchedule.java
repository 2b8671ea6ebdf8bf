package io.chronicleledger.server.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of one lane, drawn from the run's seed: every kind of the lane in a shuffled round, then another
 * round, until the load ends. Each fault has a target (which process, node or clock), a hold (how long it
 * lasts) and a severity (how slow the link, how far back the clock), and starts a pause after the one before
 * has healed. The same seed gives the same faults in the same order; when exactly each starts depends on how
 * long the healing before it took.
 *
 * @param lane   the lane
 * @param faults the faults in order
 */
record FaultSchedule(Fault.Lane lane, List<Planned> faults) {

    /**
     * One fault to inject.
     *
     * @param fault    what
     * @param target   which of the processes, nodes or clocks of its kind (taken modulo their count)
     * @param pause    how long to wait after the previous fault healed
     * @param hold     how long the fault lasts before it is healed
     * @param severity a number from 1 to 100: the link's delay in milliseconds, the clock's step in seconds
     */
    record Planned(Fault fault, int target, Duration pause, Duration hold, int severity) {

        @Override
        public String toString() {
            return fault + " target " + target + " hold " + hold.toMillis() + " ms"
                    + (fault == Fault.SLOW_NATS_LINK || fault == Fault.STEP_CLOCK_BACK ? " severity " + severity : "");
        }
    }

    /** Draws a lane's schedule long enough for {@code load}. */
    static FaultSchedule draw(Fault.Lane lane, long seed, Duration load) {
        Random random = new Random(seed ^ lane.name().hashCode());
        List<Fault> kinds = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            if (fault.lane() == lane) {
                kinds.add(fault);
            }
        }
        List<Planned> faults = new ArrayList<>();
        long plannedMillis = 0;
        while (plannedMillis < load.toMillis()) {
            Collections.shuffle(kinds, random);
            for (Fault fault : kinds) {
                Planned planned = new Planned(fault, random.nextInt(1_000),
                        Duration.ofMillis(1_000 + random.nextInt(4_000)),
                        Duration.ofMillis(500 + random.nextInt(5_500)), 1 + random.nextInt(100));
                faults.add(planned);
                plannedMillis += planned.pause().toMillis() + planned.hold().toMillis();
            }
        }
        return new FaultSchedule(lane, List.copyOf(faults));
    }
}
