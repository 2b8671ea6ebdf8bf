package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.TailListener;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries committed events from the store to the read model. An {@link OutboxRelay} publishes the store's
 * outbox to the bus (every event committed and not yet published, whichever process appended it; woken by the
 * appends of this process, and polling for the others'). It publishes only while it holds the store's lease
 * {@value #RELAY_LEASE}: of several processes on one store, one relays and the others stand by, taking over
 * within seconds when it dies. The projector consumes the bus and applies each event once, filling gaps from
 * the store.
 *
 * <p>The read model is in memory, so at start a catch-up also replays the store's log, up to the head position
 * it finds: into the in-memory bus, which drops what it already holds, or, on NATS, straight into the
 * projector (JetStream keeps duplicates only for its duplicate window, so the log is never published twice).
 * On NATS each process's in-memory read model needs every event, so its consumer is its own
 * ({@code read-model-} and a random id), not one shared by the processes. Started with the server, stopped
 * with it.
 */
@Context
public final class EventPipeline implements AutoCloseable {

    /** The durable name of the read model's consumer. */
    public static final String READ_MODEL_CONSUMER = "read-model";

    /** How often the relay looks at the outbox: other processes' appends reach the read model this late. */
    static final Duration RELAY_POLL_INTERVAL = Duration.ofMillis(100);

    /** The lease under which one relay per store publishes. */
    static final String RELAY_LEASE = "outbox-relay";

    /** How long the relay lease outlives a process that died: a standby relay takes over about this late. */
    static final Duration RELAY_LEASE_TTL = Duration.ofSeconds(5);

    private final MeteredEventStore store;
    private final BooleanSupplier busConnected;
    private final ProjectionProgress progress;
    private final Subscription projection;
    private final OutboxRelay relay;
    private final Subscription wakeUps;
    private final CatchUp catchUp;

    /**
     * Starts the pipeline.
     *
     * @param store      the event store, with its outbox and leases
     * @param connection the bus
     * @param readModel  the read model
     */
    public EventPipeline(MeteredEventStore store, BusConnection connection, LedgerReadModel readModel) {
        this(store, connection.bus(), connection.shared(), connection::connected, readModel);
    }

    /**
     * Starts the pipeline on any bus.
     *
     * @param store     the event store, with its outbox and leases
     * @param bus       the bus
     * @param sharedBus whether other processes share the bus (NATS), or it lives in this process
     * @param connected whether the bus can be reached now
     * @param readModel the read model
     */
    EventPipeline(MeteredEventStore store, EventBus bus, boolean sharedBus, BooleanSupplier connected,
                  LedgerReadModel readModel) {
        this.store = store;
        this.busConnected = connected;
        this.progress = new ProjectionProgress(readModel);
        String processId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Projector projector = new Projector(progress, store);
        this.projection = projector.subscribe(bus,
                sharedBus ? READ_MODEL_CONSUMER + "-" + processId : READ_MODEL_CONSUMER);
        try {
            this.relay = OutboxRelay.builder(store, bus).pollInterval(RELAY_POLL_INTERVAL)
                    .lease(store, RELAY_LEASE, RELAY_LEASE_TTL).owner("relay-" + processId).start();
            this.wakeUps = store.afterRecording(relay::wake);
            this.catchUp = CatchUp.start(store, sharedBus ? projector::handle
                    : event -> bus.publish(List.of(event)));
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
     * Returns whether this process's relay is the one that publishes the outbox (it holds the lease); the
     * others stand by.
     *
     * @return {@code true} when this process relays
     */
    public boolean relayActive() {
        return relay.active();
    }

    /**
     * Returns whether the bus can be reached now (a NATS connection may be down and reconnecting).
     *
     * @return {@code true} when connected, always for the in-memory bus
     */
    public boolean busConnected() {
        return busConnected.getAsBoolean();
    }

    /**
     * Returns what the outbox holds that is not published yet.
     *
     * @return the backlog
     */
    public OutboxBacklog outboxBacklog() {
        return store.backlog();
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

    /** Replays the log into the bus or the projector, up to the head position found at start, then stops. */
    private static final class CatchUp implements TailListener, AutoCloseable {

        private final Consumer<RecordedEvent> target;
        private final long head;
        private Subscription tail;
        private boolean done;

        private CatchUp(Consumer<RecordedEvent> target, long head) {
            this.target = target;
            this.head = head;
        }

        static CatchUp start(EventStore store, Consumer<RecordedEvent> target) {
            CatchUp catchUp = new CatchUp(target, store.headPosition());
            if (catchUp.head > 0) {
                catchUp.attach(store.tail(0, catchUp));
            }
            return catchUp;
        }

        @Override
        public void onEvent(RecordedEvent event) {
            target.accept(event);
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
