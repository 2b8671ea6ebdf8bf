package io.chronicleledger.core.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The rule for {@code created_at} within a stream: microsecond precision (what PostgreSQL and CockroachDB
 * keep), and strictly after the stream's previous event even when the clock went back.
 */
public final class StreamTimestamps {

    private static final long ONE_MICRO_NANOS = 1_000;

    private StreamTimestamps() {
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
