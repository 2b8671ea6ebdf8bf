package io.chronicleledger.core.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One atomic append: events to one or more streams, each guarded by its expected version, and optionally an
 * idempotency record. Either everything is recorded or nothing is.
 *
 * @param streams     the stream appends, at least one, each stream at most once
 * @param idempotency the idempotency record to store with the events, if the request carried a key
 */
public record AppendRequest(List<StreamAppend> streams, Optional<Idempotency> idempotency) {

    /**
     * Creates and checks an append request; the streams are copied.
     *
     * @param streams     the stream appends
     * @param idempotency the idempotency record, if any
     * @throws IllegalArgumentException when there is no stream or a stream appears twice
     */
    public AppendRequest {
        streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
        Objects.requireNonNull(idempotency, "idempotency");
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one stream");
        }
        Set<String> seen = new HashSet<>();
        for (StreamAppend stream : streams) {
            if (!seen.add(stream.streamId())) {
                throw new IllegalArgumentException("stream " + stream.streamId() + " appears twice in one append");
            }
        }
    }

    /**
     * Returns a request without idempotency record.
     *
     * @param streams the stream appends
     * @return the request
     */
    public static AppendRequest of(StreamAppend... streams) {
        return new AppendRequest(List.of(streams), Optional.empty());
    }

    /**
     * Returns a request that carries an idempotency record.
     *
     * @param idempotency the record
     * @param streams     the stream appends
     * @return the request
     */
    public static AppendRequest idempotent(Idempotency idempotency, StreamAppend... streams) {
        return new AppendRequest(List.of(streams), Optional.of(idempotency));
    }

    /**
     * Returns the number of events of all streams.
     *
     * @return the event count
     */
    public int eventCount() {
        int count = 0;
        for (StreamAppend stream : streams) {
            count += stream.events().size();
        }
        return count;
    }
}
