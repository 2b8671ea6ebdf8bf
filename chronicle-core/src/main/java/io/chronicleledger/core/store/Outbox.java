package io.chronicleledger.core.store;

import java.util.List;

/**
 * The events an event store committed and nobody has yet published to the bus. A store that keeps an outbox
 * puts every recorded event in it in the same transaction as the event itself, so that a crash between the
 * commit and the publication loses nothing: a relay ({@link io.chronicleledger.core.bus.OutboxRelay}) reads
 * the outbox, publishes, and then marks the events published. Publication is at least once (a relay that
 * stops between the two steps publishes again); the bus drops what it already holds, by event id.
 *
 * <p>Stores implement it beside {@link EventStore}. Implementations are safe for use by many threads.
 */
public interface Outbox {

    /**
     * Returns the oldest events not yet marked published, in position order.
     *
     * @param limit the most events to return, 1 or more
     * @return up to {@code limit} events; empty when everything is published
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    List<RecordedEvent> unpublished(int limit);

    /**
     * Marks events published: they leave the outbox. Events already marked, or never in it, are ignored. A store
     * whose outbox is a cursor over its global log (every event after it is unpublished) takes out only the
     * events that follow the cursor without a gap; events marked after a gap stay in, to be published again,
     * which the bus tolerates (it drops what it holds already). A relay marks what it read, oldest first, so
     * it never leaves such a gap.
     *
     * @param events the events, as {@link #unpublished} returned them
     */
    void markPublished(List<RecordedEvent> events);

    /**
     * Marks events published and returns the oldest events still unpublished after that: what
     * {@link #markPublished} then {@link #unpublished} return, which a relay calls one after the other. A store
     * that can do both in one round trip to its database overrides it; the default calls the two.
     *
     * @param published the events just published, as {@link #unpublished} returned them
     * @param limit     the most events to return, 1 or more
     * @return up to {@code limit} events, in position order; none of {@code published}
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    default List<RecordedEvent> markPublishedAndReadNext(List<RecordedEvent> published, int limit) {
        checkLimit(limit);
        markPublished(published);
        return unpublished(limit);
    }

    /**
     * Returns how many events wait in the outbox and how old the oldest of them is: while the bus is away, this
     * is what it will have to catch up with.
     *
     * @return the backlog; {@link OutboxBacklog#EMPTY} when everything is published
     */
    OutboxBacklog backlog();

    /**
     * Checks the limit of a read of the outbox, for implementations.
     *
     * @param limit the most events a read may return
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }
}
