package io.chronicleledger.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a stream after one of its versions, saved so that a load or a time-travel query need not
 * replay the whole stream.
 *
 * @param streamId the stream
 * @param version  the stream version whose state this is, 1 or more
 * @param asOf     the {@code created_at} of the stream's event at {@code version}: the snapshot describes the
 *                 stream at any moment from this one until its next event
 * @param state    the state, a JSON document as text
 */
public record Snapshot(String streamId, long version, Instant asOf, String state) {

    /**
     * Creates and checks a snapshot.
     *
     * @param streamId the stream
     * @param version  the version, 1 or more
     * @param asOf     the time of the event at that version
     * @param state    the state as JSON text
     * @throws IllegalArgumentException when the version is below 1
     */
    public Snapshot {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(state, "state");
        if (version < 1) {
            throw new IllegalArgumentException("a snapshot version must be 1 or more, was " + version);
        }
    }
}
