package io.chronicleledger.core.projection;

import io.chronicleledger.core.store.RecordedEvent;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A read model fed by recorded events.
 *
 * <p>A projection keeps, per stream, the last stream version it applied, and {@link #apply} compares and
 * applies in one atomic step (one database transaction, for a database): the next version is applied; a
 * version at or below the last applied one is a duplicate and changes nothing; a higher one is a gap and
 * changes nothing. So deliveries may repeat and streams may interleave in any order, and nothing is applied
 * twice. The {@link Projector} fills gaps from the event store.
 *
 * <p>{@link #applyAll} takes many events at once, for a backlog or a rebuild; a database projection overrides it
 * to apply them in one transaction with few statements.
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
     * Applies many events, each as {@link #apply} would, the events of each stream in the order of their stream
     * versions (whatever their order in the list): so a list holding versions 2 and 1 of a stream applies both,
     * and an event listed twice is applied once and a duplicate once.
     *
     * <p>This default applies them one at a time, in that order, each atomically on its own. A database
     * projection applies them in one transaction: all of them are applied or, when it throws, none.
     *
     * @param events the events, of any streams, in any order
     * @return what became of each event, at the event's index in {@code events}
     */
    default List<ApplyResult> applyAll(List<RecordedEvent> events) {
        Integer[] order = new Integer[events.size()];
        Arrays.setAll(order, index -> index);
        Arrays.sort(order, Comparator.comparingLong(index -> events.get(index).streamVersion()));
        ApplyResult[] results = new ApplyResult[order.length];
        for (int index : order) {
            results[index] = apply(events.get(index));
        }
        return List.of(results);
    }

    /**
     * Forgets everything, as before the first event, so that the projection can be rebuilt from the store.
     */
    void reset();
}
