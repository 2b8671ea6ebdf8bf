package io.chronicleledger.core.projection;

import io.chronicleledger.core.store.RecordedEvent;

/**
 * A read model fed by recorded events.
 *
 * <p>A projection keeps, per stream, the last stream version it applied, and {@link #apply} compares and
 * applies in one atomic step (one database transaction, for a database): the next version is applied; a
 * version at or below the last applied one is a duplicate and changes nothing; a higher one is a gap and
 * changes nothing. So deliveries may repeat and streams may interleave in any order, and nothing is applied
 * twice. The {@link Projector} fills gaps from the event store.
 *
 * <p>Implementations are safe for use by many threads.
 */
public interface Projection {

    /**
     * Applies an event if it is the next version of its stream.
     *
     * @param event the event
     * @return {@link ApplyResult#APPLIED}, {@link ApplyResult#DUPLICATE}, or a {@link ApplyResult#gap gap}
     */
    ApplyResult apply(RecordedEvent event);

    /**
     * Forgets everything, as before the first event, so that the projection can be rebuilt from the store.
     */
    void reset();
}
