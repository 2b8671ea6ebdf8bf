package io.chronicleledger.core.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The cut-off of a sweep of expired records, as the stores'
 * {@link io.chronicleledger.core.store.IdempotencyRecords#sweepIdempotencyKeys sweepIdempotencyKeys} compute it.
 */
public final class Retention {

    private Retention() {
    }

    /**
     * Returns the moment before which records are older than the retention.
     *
     * @param clock     the store's clock
     * @param retention how long a record is kept, zero or more
     * @return now minus the retention
     * @throws IllegalArgumentException when the retention is negative
     */
    public static Instant cutoff(Clock clock, Duration retention) {
        return clock.instant().minus(check(retention));
    }

    /**
     * Checks a retention.
     *
     * @param retention how long a record is kept
     * @return the retention
     * @throws IllegalArgumentException when the retention is negative
     */
    public static Duration check(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
        return retention;
    }
}
