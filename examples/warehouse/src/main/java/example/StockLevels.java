package example;

import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.projection.Projection;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * The example's own read model: items on hand per stream, kept by applying the store's events once each (a
 * stream's version already applied is a duplicate, a later one than the next is a gap).
 */
public final class StockLevels implements Projection {

    private final Map<String, Integer> onHand = new TreeMap<>();
    private final Map<String, Long> versions = new TreeMap<>();

    @Override
    public synchronized ApplyResult apply(RecordedEvent event) {
        long applied = versions.getOrDefault(event.aggregateId(), 0L);
        if (event.streamVersion() <= applied) {
            return ApplyResult.DUPLICATE;
        }
        if (event.streamVersion() > applied + 1) {
            return ApplyResult.gap(applied);
        }
        Stock.Event decoded = Stock.EVENTS.decode(event);
        int change = decoded instanceof Stock.Received received ? received.quantity()
                : -((Stock.Reserved) decoded).quantity();
        onHand.merge(event.aggregateId(), change, Integer::sum);
        versions.put(event.aggregateId(), event.streamVersion());
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized void reset() {
        onHand.clear();
        versions.clear();
    }

    /**
     * Returns the items on hand per stream.
     *
     * @return a copy, by stream id
     */
    public synchronized Map<String, Integer> onHand() {
        return new TreeMap<>(onHand);
    }
}
