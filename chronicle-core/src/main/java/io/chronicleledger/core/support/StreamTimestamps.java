package io.chronicleledger.core.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The rules for {@code created_at}: microsecond precision (what PostgreSQL and CockroachDB keep); strictly
 * increasing within a stream even when the clock goes back; and one moment per append, so that the halves of
 * a transfer carry the same time and a time-travel query sees both or neither.
 */
public final class StreamTimestamps {

    private static final long ONE_MICRO_NANOS = 1_000;

    private StreamTimestamps() {
    }

    /**
     * Returns the moment of an append: the first event of each stream it touches is recorded at this time,
     * later events of the same stream one microsecond apart ({@link #next}).
     *
     * @param now      the clock's reading
     * @param previous the {@code created_at} of the last event of each stream the append touches; {@code null}
     *                 for a new stream
     * @return {@code now} truncated to microseconds, or one microsecond after the latest previous event when
     *         that is later
     */
    public static Instant appendTime(Instant now, List<Instant> previous) {
        Instant at = next(null, now);
        for (Instant last : previous) {
            Instant after = next(last, now);
            if (after.isAfter(at)) {
                at = after;
            }
        }
        return at;
    }

    /**
     * Returns the {@code created_at} of the next event of a stream.
     *
     * @param previous the {@code created_at} of the stream's last event, or {@code null} for a new stream
     * @param now      the clock's reading
     * @return {@code now} truncated to microseconds, or one microsecond after {@code previous} when that is
     *         later
     */
    public static Instant next(Instant previous, Instant now) {
        Instant candidate = now.truncatedTo(ChronoUnit.MICROS);
        if (previous == null || candidate.isAfter(previous)) {
            return candidate;
        }
        return previous.plusNanos(ONE_MICRO_NANOS);
    }
}
