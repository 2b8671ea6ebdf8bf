package io.chronicleledger.server.bank;

import io.chronicleledger.server.PackagedServer;
import io.chronicleledger.testkit.TcpProxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Injects one lane's {@link FaultSchedule} into the {@link BankCluster}: each fault in turn, held for its time,
 * then healed (a killed process or node started again, a paused one resumed, the link mended, the clock put
 * right), until the load ends. A process that does not come back after three starts is a violation. Every
 * fault is logged with its moment since the load began.
 */
final class FaultInjector {

    private static final int STARTS = 3;

    private final BankCluster cluster;
    private final Violations violations;
    private final long loadStart;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private final List<String> log = new ArrayList<>();

    FaultInjector(BankCluster cluster, Violations violations, long loadStartNanos) {
        this.cluster = cluster;
        this.violations = violations;
        this.loadStart = loadStartNanos;
    }

    /** Injects the schedule's faults one after the other until {@link #stop()}. */
    void run(FaultSchedule schedule) throws Exception {
        for (FaultSchedule.Planned planned : schedule.faults()) {
            if (!pause(planned.pause()) || stop.get()) {
                return;
            }
            note("inject " + planned);
            inject(planned);
            synchronized (this) {
                injected.merge(planned.fault(), 1, Integer::sum);
            }
        }
    }

    void stop() {
        stop.set(true);
    }

    /** How many faults of each kind were injected. */
    synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    private void inject(FaultSchedule.Planned planned) throws Exception {
        int target = planned.target();
        switch (planned.fault()) {
            case KILL_LEDGER -> crash(pick(cluster.ledgers(), target), planned.hold());
            case KILL_PROCESSOR -> crash(pick(cluster.processors(), target), planned.hold());
            case PAUSE_PROCESSOR -> {
                PackagedServer processor = pick(cluster.processors(), target);
                processor.pause();
                try {
                    hold(planned.hold());
                } finally {
                    processor.resume();
                }
            }
            case KILL_NATS_NODE -> {
                int node = target % 3;
                cluster.nats().kill(node);
                hold(planned.hold());
                cluster.nats().restart(node);
            }
            case TERMINATE_STORE_CONNECTIONS -> note("terminated " + cluster.terminateStoreConnections()
                    + " store connections");
            case TERMINATE_READ_CONNECTIONS -> note("terminated " + cluster.terminateReadConnections()
                    + " read-model connections");
            case SLOW_NATS_LINK -> {
                cluster.natsProxies().forEach(proxy -> proxy.delay(Duration.ofMillis(planned.severity())));
                hold(planned.hold());
                cluster.natsProxies().forEach(TcpProxy::restore);
            }
            case CUT_NATS_LINK -> {
                cluster.natsProxies().forEach(TcpProxy::cut);
                hold(planned.hold());
                cluster.natsProxies().forEach(TcpProxy::restore);
            }
            case STEP_CLOCK_BACK -> {
                SteppableClock clock = pick(cluster.clocks(), target);
                clock.step(Duration.ofSeconds(-planned.severity()));
                hold(planned.hold());
                clock.step(Duration.ZERO);
            }
        }
    }

    private void crash(PackagedServer process, Duration hold) throws Exception {
        process.kill();
        hold(hold);
        for (int start = 1; ; start++) {
            try {
                process.restart();
                return;
            } catch (Exception | AssertionError e) {
                note("start " + start + " failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                if (start == STARTS) {
                    violations.add("a process did not come back after " + STARTS + " starts; its log:\n"
                            + tail(process));
                    return;
                }
                process.kill();
            }
        }
    }

    private static String tail(PackagedServer process) {
        try {
            List<String> lines = process.log().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static <T> T pick(List<T> candidates, int target) {
        return candidates.get(target % candidates.size());
    }

    /** Waits, unless the load ends first; a fault's hold always runs out, so that it is healed. */
    private boolean pause(Duration pause) throws InterruptedException {
        long deadline = System.nanoTime() + pause.toNanos();
        while (System.nanoTime() < deadline) {
            if (stop.get()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    private static void hold(Duration hold) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(hold.toMillis());
    }

    private synchronized void note(String event) {
        String line = String.format("%7.1f s  %s", (System.nanoTime() - loadStart) / 1e9, event);
        log.add(line);
        System.out.println("[bank] " + line);
    }
}
