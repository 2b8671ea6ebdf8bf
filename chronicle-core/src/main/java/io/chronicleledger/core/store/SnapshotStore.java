package io.chronicleledger.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Stores snapshots of stream states. A snapshot is a cache: losing one changes no answer, only its speed.
 * Implementations are safe for use by many threads.
 */
public interface SnapshotStore {

    /**
     * Saves a snapshot. Saving a snapshot of a stream and version that is already saved replaces it (both
     * describe the same state).
     *
     * @param snapshot the snapshot
     */
    void save(Snapshot snapshot);

    /**
     * Returns the newest snapshot of a stream at or before a version.
     *
     * @param streamId the stream
     * @param version  the highest version wanted, inclusive
     * @return the snapshot with the highest version not above {@code version}, if any
     */
    Optional<Snapshot> latestAtOrBefore(String streamId, long version);

    /**
     * Returns the newest snapshot of a stream at or before a moment.
     *
     * @param streamId the stream
     * @param time     the latest {@link Snapshot#asOf()} wanted, inclusive
     * @return the snapshot with the highest version whose {@code asOf} is not after {@code time}, if any
     */
    Optional<Snapshot> latestAtOrBefore(String streamId, Instant time);

    /**
     * Returns the newest snapshot of a stream.
     *
     * @param streamId the stream
     * @return the snapshot with the highest version, if any
     */
    default Optional<Snapshot> latest(String streamId) {
        return latestAtOrBefore(streamId, Long.MAX_VALUE);
    }
}
