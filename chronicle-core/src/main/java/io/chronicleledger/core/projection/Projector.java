package io.chronicleledger.core.projection;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;

import java.util.List;
import java.util.Objects;

/**
 * Drives a {@link Projection}: applies delivered events, fills gaps from the event store, and rebuilds the
 * projection from the store.
 */
public final class Projector {

    private static final int REBUILD_PAGE_SIZE = 1_000;

    private final Projection projection;
    private final EventStore store;

    /**
     * Creates a projector.
     *
     * @param projection the projection to drive
     * @param store      the store to fill gaps and rebuild from
     */
    public Projector(Projection projection, EventStore store) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Applies one event: applies it if it is the next of its stream, skips it if it is a duplicate, and
     * otherwise first applies the missing versions from the store.
     *
     * @param event the event
     * @throws IllegalStateException when the store does not (yet) hold the missing versions; the event is not
     *                               applied and should be delivered again
     */
    public void handle(RecordedEvent event) {
        ApplyResult result = projection.apply(event);
        if (result.kind() == ApplyResult.Kind.GAP) {
            catchUp(event, result.lastAppliedVersion());
        }
    }

    private void catchUp(RecordedEvent event, long lastApplied) {
        List<RecordedEvent> missing = store.readStream(event.aggregateId(),
                StreamRange.from(lastApplied + 1).upToVersion(event.streamVersion()));
        long reached = lastApplied;
        for (RecordedEvent earlier : missing) {
            ApplyResult result = projection.apply(earlier);
            if (result.kind() == ApplyResult.Kind.GAP) {
                break;
            }
            reached = earlier.streamVersion();
        }
        if (reached < event.streamVersion()) {
            throw new IllegalStateException("stream " + event.aggregateId() + " could not be caught up to version "
                    + event.streamVersion() + " from the store (reached " + reached + ")");
        }
    }

    /**
     * Subscribes the projection to a bus as a durable consumer: each delivery is handled, then acknowledged.
     * A delivery whose handling throws is not acknowledged, so the bus delivers it again.
     *
     * @param bus         the bus
     * @param durableName the consumer's durable name
     * @return the running subscription
     */
    public Subscription subscribe(EventBus bus, String durableName) {
        return bus.subscribe(durableName, delivery -> {
            handle(delivery.event());
            delivery.ack();
        });
    }

    /**
     * Rebuilds the projection from the store: resets it, then applies the global log in position order, up to
     * its end (past the head reported to {@code progress} when events are appended meanwhile). Events
     * delivered concurrently are harmless: the projection's version check keeps each applied once.
     *
     * @param progress hears progress after each page
     * @return the global position the rebuild applied up to
     */
    public long rebuild(RebuildProgress progress) {
        long head = store.headPosition();
        projection.reset();
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, REBUILD_PAGE_SIZE));
            for (RecordedEvent event : page.items()) {
                handle(event);
                position = event.position();
            }
            progress.onProgress(position, head);
        } while (page.hasMore());
        return position;
    }
}
