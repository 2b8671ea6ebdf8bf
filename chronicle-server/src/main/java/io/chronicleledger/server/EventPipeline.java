package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.TailListener;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carries committed events from the store to the read model. An {@link OutboxRelay} publishes the store's
 * outbox to the bus (every event committed and not yet published, whichever process appended it; woken by the
 * appends of this process, and polling for the others'), and the
 * projector consumes the bus and applies each event once, filling gaps from the store. The read model is in
 * memory, so at start a catch-up also replays the store's log, up to the head position it finds, into the bus;
 * the bus drops what it already holds, so events that both carry arrive once. Started with the server,
 * stopped with it.
 */
@Context
public final class EventPipeline implements AutoCloseable {

    /** The durable name of the read model's consumer. */
    public static final String READ_MODEL_CONSUMER = "read-model";

    /** How often the relay looks at the outbox: other processes' appends reach the read model this late. */
    static final Duration RELAY_POLL_INTERVAL = Duration.ofMillis(100);

    private final EventStore store;
    private final ProjectionProgress progress;
    private final Subscription projection;
    private final OutboxRelay relay;
    private final Subscription wakeUps;
    private final CatchUp catchUp;

    /**
     * Starts the pipeline.
     *
     * @param store     the event store, with its outbox
     * @param bus       the bus
     * @param readModel the read model
     */
    public EventPipeline(MeteredEventStore store, EventBus bus, LedgerReadModel readModel) {
        this.store = store;
        this.progress = new ProjectionProgress(readModel);
        this.projection = new Projector(progress, store).subscribe(bus, READ_MODEL_CONSUMER);
        try {
            this.relay = OutboxRelay.start(store, bus, RELAY_POLL_INTERVAL);
            this.wakeUps = store.afterRecording(relay::wake);
            this.catchUp = CatchUp.start(store, bus);
        } catch (RuntimeException e) {
            close();
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

    /**
     * Returns since when the relay from the outbox to the bus fails, if it does.
     *
     * @return the moment of the first failure of the current run of failures; empty while relaying works
     */
    public Optional<Instant> relayFailingSince() {
        return relay.failingSince();
    }

    @Override
    @PreDestroy
    public void close() {
        if (catchUp != null) {
            catchUp.close();
        }
        if (wakeUps != null) {
            wakeUps.close();
        }
        if (relay != null) {
            relay.close();
        }
        projection.close();
    }

    /** Replays the log into the bus up to the head position found at start, then stops. */
    private static final class CatchUp implements TailListener, AutoCloseable {

        private final EventBus bus;
        private final long head;
        private Subscription tail;
        private boolean done;

        private CatchUp(EventBus bus, long head) {
            this.bus = bus;
            this.head = head;
        }

        static CatchUp start(EventStore store, EventBus bus) {
            CatchUp catchUp = new CatchUp(bus, store.headPosition());
            if (catchUp.head > 0) {
                catchUp.attach(store.tail(0, catchUp));
            }
            return catchUp;
        }

        @Override
        public void onEvent(RecordedEvent event) {
            bus.publish(List.of(event));
            if (event.position() >= head) {
                close();
            }
        }

        private void attach(Subscription started) {
            boolean closeNow;
            synchronized (this) {
                tail = started;
                closeNow = done;
            }
            if (closeNow) {
                started.close();
            }
        }

        @Override
        public void close() {
            Subscription started;
            synchronized (this) {
                done = true;
                started = tail;
            }
            if (started != null) {
                started.close(); // outside the lock: closing from another thread waits for the tail's thread
            }
        }
    }
}
