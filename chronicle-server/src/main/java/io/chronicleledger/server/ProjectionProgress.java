package io.chronicleledger.server;

import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.projection.Projection;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a projection: remembers the highest global position it has applied (or seen again), from which
 * {@code /health} tells the projection's lag behind the store.
 */
public final class ProjectionProgress implements Projection {

    private final Projection projection;
    private final AtomicLong highestPosition = new AtomicLong();

    /**
     * Creates the watcher.
     *
     * @param projection the projection to watch
     */
    public ProjectionProgress(Projection projection) {
        this.projection = projection;
    }

    @Override
    public ApplyResult apply(RecordedEvent event) {
        ApplyResult result = projection.apply(event);
        if (result.kind() != ApplyResult.Kind.GAP) {
            highestPosition.accumulateAndGet(event.position(), Math::max);
        }
        return result;
    }

    @Override
    public List<ApplyResult> applyAll(List<RecordedEvent> events) {
        List<ApplyResult> results = projection.applyAll(events);
        long highest = 0;
        for (int index = 0; index < events.size(); index++) {
            if (results.get(index).kind() != ApplyResult.Kind.GAP) {
                highest = Math.max(highest, events.get(index).position());
            }
        }
        highestPosition.accumulateAndGet(highest, Math::max);
        return results;
    }

    @Override
    public void reset() {
        projection.reset();
        highestPosition.set(0);
    }

    /**
     * Returns the highest global position the projection has applied.
     *
     * @return the position, 0 before the first event
     */
    public long highestPosition() {
        return highestPosition.get();
    }
}
