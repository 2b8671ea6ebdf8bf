package io.chronicleledger.core.store;

import java.time.Duration;

/**
 * An event store whose idempotency records expire: {@link #sweepIdempotencyKeys} forgets the records older
 * than a retention period, so the table of keys stays bounded. A retry with a forgotten key is decided afresh,
 * as a new request; keep the retention well above the longest time a client may retry.
 *
 * <p>Stores implement it beside {@link EventStore}; a host (such as the reference server) calls it on a
 * schedule.
 */
public interface IdempotencyRecords {

    /**
     * Forgets the idempotency records older than a retention period.
     *
     * @param retention how long a record is kept, zero or more
     * @return how many records were forgotten
     * @throws IllegalArgumentException when the retention is negative
     */
    int sweepIdempotencyKeys(Duration retention);
}
