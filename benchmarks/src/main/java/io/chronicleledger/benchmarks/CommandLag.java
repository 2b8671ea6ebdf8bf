package io.chronicleledger.benchmarks;

import io.chronicleledger.core.store.RecordedEvent;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The times of {@link LagAtRate}'s commands, by event id: when each command was due, when the ledger acknowledged
 * it ({@link #acknowledged}, told by the load's worker) and when the read model committed its event
 * ({@link #applied}, told by {@link NotifyingReadModel}). The two are told from different threads in either
 * order; the second completes the event's times and records them:
 * <ul>
 *   <li>{@link #lag()}: acknowledgement to read model, the projection lag;</li>
 *   <li>{@link #response()}: due to acknowledgement, the command's response time including any wait for a
 *   worker;</li>
 *   <li>{@link #endToEnd()}: due to read model;</li>
 *   <li>{@link #applyTime()}: the read model's own time for the event (its call, which commits it).</li>
 * </ul>
 * Only the events of commands acknowledged with {@code measured} are recorded (not the warm-up's, nor the
 * set-up's); each event is forgotten once complete, so {@link #pending()} counts those still on their way.
 */
final class CommandLag {

    private static final long NONE = Long.MIN_VALUE;

    private final ConcurrentMap<UUID, Stamp> stamps = new ConcurrentHashMap<>();
    private final Histogram lag = Latencies.histogram();
    private final Histogram response = Latencies.histogram();
    private final Histogram endToEnd = Latencies.histogram();
    private final Histogram applyTime = Latencies.histogram();
    private final AtomicLong appliedEvents = new AtomicLong();
    private final Histogram[] lagByWindow;
    private final long windowNanos;
    private volatile long measureStart;

    /**
     * Creates the record of a run.
     *
     * @param windows     how many windows of the measured span {@link #lagByWindow()} splits the lag into
     * @param windowNanos the length of one window
     */
    CommandLag(int windows, long windowNanos) {
        this.lagByWindow = new Histogram[windows];
        for (int i = 0; i < windows; i++) {
            lagByWindow[i] = Latencies.histogram();
        }
        this.windowNanos = windowNanos;
    }

    /** Sets the due time from which the windows of {@link #lagByWindow()} count. */
    void measureFrom(long nanos) {
        measureStart = nanos;
    }

    /** The times of one event, as far as they are known. */
    private record Stamp(long due, long acked, long called, long applied, boolean measured) {

        Stamp merge(Stamp other) {
            return acked == NONE ? new Stamp(other.due, other.acked, called, applied, other.measured)
                    : new Stamp(due, acked, other.called, other.applied, measured);
        }
    }

    /**
     * Notes that the ledger acknowledged a command.
     *
     * @param events   the events it recorded
     * @param due      when it was due
     * @param acked    when it was acknowledged
     * @param measured whether to record its times (not during warm-up)
     */
    void acknowledged(List<RecordedEvent> events, long due, long acked, boolean measured) {
        if (measured) {
            Latencies.record(response, acked - due);
        }
        for (RecordedEvent event : events) {
            stamp(event.eventId(), new Stamp(due, acked, NONE, NONE, measured));
        }
    }

    /**
     * Notes that the read model committed an event, now.
     *
     * @param event       the event
     * @param calledNanos when the read model was called to apply it
     */
    void applied(RecordedEvent event, long calledNanos) {
        appliedEvents.incrementAndGet();
        stamp(event.eventId(), new Stamp(NONE, NONE, calledNanos, System.nanoTime(), false));
    }

    private void stamp(UUID eventId, Stamp half) {
        stamps.compute(eventId, (id, other) -> {
            if (other == null) {
                return half;
            }
            Stamp complete = half.merge(other);
            if (complete.measured()) {
                long nanos = complete.applied() - complete.acked();
                Latencies.record(lag, nanos);
                Latencies.record(endToEnd, complete.applied() - complete.due());
                Latencies.record(applyTime, complete.applied() - complete.called());
                int window = (int) ((complete.due() - measureStart) / windowNanos);
                Latencies.record(lagByWindow[Math.min(Math.max(window, 0), lagByWindow.length - 1)], nanos);
            }
            return null;
        });
    }

    /** Events acknowledged and not yet applied, or (should a command fail after its commit) the reverse. */
    int pending() {
        return stamps.size();
    }

    Histogram lag() {
        return lag;
    }

    Histogram response() {
        return response;
    }

    Histogram endToEnd() {
        return endToEnd;
    }

    Histogram applyTime() {
        return applyTime;
    }

    /** How many events the read model applied so far, measured or not. */
    long appliedEvents() {
        return appliedEvents.get();
    }

    /** The lag of the commands due in each window of the measured span, in order. */
    Histogram[] lagByWindow() {
        return lagByWindow.clone();
    }
}
