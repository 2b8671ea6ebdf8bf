package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.util.List;

/**
 * Carries committed events from the store to the read model: a relay tails the store and publishes every
 * event to the bus (which drops what it already holds), and the projector consumes the bus and applies each
 * event once, filling gaps from the store. Started with the server, stopped with it.
 */
@Context
public final class EventPipeline implements AutoCloseable {

    /** The durable name of the read model's consumer. */
    public static final String READ_MODEL_CONSUMER = "read-model";

    private final EventStore store;
    private final ProjectionProgress progress;
    private final Subscription relay;
    private final Subscription projection;

    /**
     * Starts the pipeline.
     *
     * @param store     the event store
     * @param bus       the bus
     * @param readModel the read model
     */
    public EventPipeline(EventStore store, EventBus bus, LedgerReadModel readModel) {
        this.store = store;
        this.progress = new ProjectionProgress(readModel);
        this.projection = new Projector(progress, store).subscribe(bus, READ_MODEL_CONSUMER);
        try {
            this.relay = store.tail(0, event -> bus.publish(List.of(event)));
        } catch (RuntimeException e) {
            projection.close();
            throw e;
        }
    }

    /**
     * Returns how many positions the read model trails the store by.
     *
     * @return the lag, 0 when caught up
     */
    public long projectionLag() {
        return Math.max(0, store.headPosition() - progress.highestPosition());
    }

    @Override
    @PreDestroy
    public void close() {
        relay.close();
        projection.close();
    }
}
