package io.chronicleledger.core.store;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;

import java.util.List;
import java.util.Optional;

/**
 * The event store: the source of truth, an append-only log of streams.
 *
 * <h2>Appends</h2>
 * {@link #append} records events to one or more streams atomically. Each stream carries the version the
 * writer expects; if any stream has moved on, nothing is recorded and the answer is a
 * {@link AppendResult.VersionConflict}. Of N writers racing for the same expected version, exactly one wins.
 * An append may carry an {@link Idempotency} record, stored in the same atomic step: the same key again
 * answers {@link AppendResult.Replayed} with the original events, the same key with another request hash
 * answers {@link AppendResult.IdempotencyKeyReused}, and neither appends anything. An append may carry the
 * idempotency record alone, without streams ({@link AppendRequest#rememberOnly}): it records no event and
 * remembers the answer all the same. An event id that the store
 * already holds makes the whole append fail with an {@link IllegalArgumentException}.
 *
 * <h2>Order and time</h2>
 * Every event gets a global position. Readers of the global log see positions in commit order: once a reader
 * has seen position P, no event with a position at or below P commits later. The events of one append get
 * increasing positions in the order of the request (not necessarily without gaps between them).
 * An append is recorded at one moment T, later than the last {@code created_at} of every stream it touches:
 * the first event of each stream gets T, later events of the same stream T plus 1, 2 … microseconds. So the
 * halves of a transfer carry the same {@code created_at}, and a time-travel query sees both or neither.
 * Within a stream, versions are 1, 2, 3 … without gaps and {@code created_at} is strictly increasing, even
 * when the clock goes back.
 *
 * <h2>Thread safety</h2>
 * Implementations are safe for use by many threads.
 */
public interface EventStore {

    /**
     * Appends events to one or more streams, all or nothing.
     *
     * @param request the streams, their expected versions and events, and the idempotency record if any
     * @return what happened; only a failure of the store itself is an exception
     * @throws IllegalArgumentException when an event id is already recorded
     */
    AppendResult append(AppendRequest request);

    /**
     * Reads the events of a stream in a range, in version order.
     *
     * @param streamId the stream
     * @param range    which versions and up to which time
     * @return the events in range; empty for an unknown stream
     */
    List<RecordedEvent> readStream(String streamId, StreamRange range);

    /**
     * Reads a page of the global log, in position order.
     *
     * @param query the position to start after, the page size and the filters
     * @return the page
     */
    Page<RecordedEvent> readAll(GlobalLogQuery query);

    /**
     * Returns the highest position readers of the global log can see, 0 for an empty store.
     *
     * @return the head position
     */
    long headPosition();

    /**
     * Looks up the append that first used an idempotency key.
     *
     * @param key the idempotency key
     * @return the remembered append, or empty when the key is unknown (or expired)
     */
    Optional<IdempotentAppend> findIdempotentAppend(String key);

    /**
     * Starts a live tail of the global log: every event after {@code afterPosition}, then each new one as it
     * commits, in position order, each once per tail. The listener runs on a thread of the store's.
     *
     * @param afterPosition the position to start after (0 for everything)
     * @param listener      the receiver of the events
     * @return the running tail; close it to stop
     */
    Subscription tail(long afterPosition, TailListener listener);
}
