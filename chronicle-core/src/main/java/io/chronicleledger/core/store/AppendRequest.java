package io.chronicleledger.core.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One atomic append: events to one or more streams, each guarded by its expected version, and optionally an
 * idempotency record. Either everything is recorded or nothing is. An append of an idempotency record alone
 * (no stream) remembers an answer that recorded nothing, such as a refusal.
 *
 * @param streams     the stream appends, each stream at most once; at least one unless an idempotency record
 *                    is given
 * @param idempotency the idempotency record to store with the events, if the request carried a key
 */
public record AppendRequest(List<StreamAppend> streams, Optional<Idempotency> idempotency) {

    /**
     * Creates and checks an append request; the streams are copied.
     *
     * @param streams     the stream appends
     * @param idempotency the idempotency record, if any
     * @throws IllegalArgumentException when there is neither a stream nor an idempotency record, or a stream
     *                                  appears twice
     */
    public AppendRequest {
        streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
        Objects.requireNonNull(idempotency, "idempotency");
        if (streams.isEmpty() && idempotency.isEmpty()) {
            throw new IllegalArgumentException("an append needs a stream or an idempotency record");
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
     * Returns a request that records no event, only an idempotency record: the remembered answer to a request
     * that changed nothing.
     *
     * @param idempotency the record
     * @return the request
     */
    public static AppendRequest rememberOnly(Idempotency idempotency) {
        return new AppendRequest(List.of(), Optional.of(idempotency));
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
