package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.TailListener;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Carries committed events from the store to the read model, as far as this process's role asks.
 * <ul>
 *   <li><b>Relay</b> (roles ledger and all): an {@link OutboxRelay} publishes the store's outbox to the bus (every
 *   event committed and not yet published, whichever process appended it; woken by the appends of this process,
 *   and polling for the others'). It publishes only while it holds the store's lease {@value #RELAY_LEASE}: of
 *   several processes on one store, one relays and the others stand by, taking over within seconds when it
 *   dies.</li>
 *   <li><b>Projector</b> (roles processor and all): consumes the bus and applies each event once, filling gaps
 *   from the store. On the PostgreSQL read model, shared by the processes, every processor subscribes to the one
 *   durable consumer {@value #READ_MODEL_CONSUMER}, so that they share the work. The in-memory read model is
 *   rebuilt at every start: a catch-up replays the store's log, up to the head position it finds, into the
 *   in-memory bus (which drops what it already holds) or, on NATS, straight into the projector (JetStream keeps
 *   duplicates only for its duplicate window); and on NATS each process's in-memory read model has a consumer
 *   of its own ({@code read-model-} and a random id), since it needs every event.</li>
 * </ul>
 * Started with the server, stopped with it.
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
    private final LongSupplier appliedPosition;
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
     * @param config     the server's configuration: its role says which parts run here
     */
    @Inject
    public EventPipeline(MeteredEventStore store, BusConnection connection, LedgerReadModel readModel,
                         ServerConfig config) {
        this(store, connection.bus(), connection::connected, readModel, new Parts(
                config.role().includes(Role.LEDGER), config.role().includes(Role.PROCESSOR), connection.shared(),
                config.storeUrl().isPresent()));
    }

    /**
     * Starts the pipeline on any bus.
     *
     * @param store     the event store, with its outbox and leases
     * @param bus       the bus
     * @param connected whether the bus can be reached now
     * @param readModel the read model
     * @param parts     which parts run in this process
     */
    EventPipeline(MeteredEventStore store, EventBus bus, BooleanSupplier connected, LedgerReadModel readModel,
                  Parts parts) {
        this.store = store;
        this.busConnected = connected;
        String processId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresLedgerReadModel shared = readModel instanceof PostgresLedgerReadModel postgres ? postgres : null;
        ProjectionProgress progress = new ProjectionProgress(readModel);
        this.appliedPosition = shared != null ? shared::highestPosition : progress::highestPosition;
        Projector projector = new Projector(progress, store);
        Subscription projecting = null;
        OutboxRelay relaying = null;
        Subscription waking = null;
        CatchUp catchingUp = null;
        try {
            if (parts.project()) {
                projecting = projector.subscribe(bus, shared == null && parts.sharedBus()
                        ? READ_MODEL_CONSUMER + "-" + processId : READ_MODEL_CONSUMER);
            }
            if (parts.relay()) {
                relaying = OutboxRelay.builder(store, bus).pollInterval(RELAY_POLL_INTERVAL)
                        .lease(store, RELAY_LEASE, RELAY_LEASE_TTL).owner("relay-" + processId).start();
                waking = store.afterRecording(relaying::wake);
            }
            if (parts.project() && shared == null) {
                // a bus of this process alone, on a store other processes append to too: only one process relays
                // (the lease), so every process tails the store into its own bus, for as long as it runs
                catchingUp = CatchUp.start(store, parts.sharedBus() ? projector::handle
                        : event -> bus.publish(List.of(event)), parts.sharedStore() && !parts.sharedBus());
            }
        } catch (RuntimeException e) {
            closeAll(catchingUp, waking, relaying, projecting);
            throw e;
        }
        this.projection = projecting;
        this.relay = relaying;
        this.wakeUps = waking;
        this.catchUp = catchingUp;
    }

    /**
     * Which parts of the pipeline run in one process.
     *
     * @param relay       whether it relays the outbox to the bus
     * @param project     whether it projects the bus into the read model
     * @param sharedBus   whether other processes share the bus (NATS), or it lives in this process
     * @param sharedStore whether other processes may append to the store (a database), or it lives in this
     *                    process
     */
    record Parts(boolean relay, boolean project, boolean sharedBus, boolean sharedStore) {
    }

    /**
     * Returns the highest global position the read model has applied: on PostgreSQL, whichever process applied
     * it (read from the database, so that it fails when the database does); in memory, this process's projector.
     *
     * @return the position, 0 before the first event
     * @throws RuntimeException when the read model's database fails
     */
    public long appliedPosition() {
        return appliedPosition.getAsLong();
    }

    /**
     * Returns how many positions the read model trails the store by: the store's head position minus the
     * highest position the read model applied (on PostgreSQL, whichever process applied it). Where positions have
     * holes (the event store on PostgreSQL), that is at most the number of events still to apply, and 0 exactly
     * when none is.
     *
     * @return the lag, 0 when caught up
     */
    public long projectionLag() {
        return Math.max(0, store.headPosition() - appliedPosition.getAsLong());
    }

    /**
     * Returns how long the read model trails the store by: the age of the first event after the highest position
     * it applied (0 when it applied the head). Events of other streams below that position may still be on
     * their way, so this is the lag of the front of the projection.
     *
     * @return the lag in milliseconds, 0 when caught up
     */
    public long projectionLagMillis() {
        List<RecordedEvent> next = store.readAll(GlobalLogQuery.after(appliedPosition.getAsLong(), 1)).items();
        return next.isEmpty() ? 0 : Math.max(0, Duration.between(next.get(0).createdAt(), Instant.now()).toMillis());
    }

    /**
     * Returns whether this process's relay is the one that publishes the outbox (it holds the lease); the
     * others, and processes that run no relay, stand by.
     *
     * @return {@code true} when this process relays
     */
    public boolean relayActive() {
        return relay != null && relay.active();
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
     * @return the moment of the first failure of the current run of failures; empty while relaying works, and
     *         in a process that runs no relay
     */
    public Optional<Instant> relayFailingSince() {
        return relay == null ? Optional.empty() : relay.failingSince();
    }

    @Override
    @PreDestroy
    public void close() {
        closeAll(catchUp, wakeUps, relay, projection);
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop the event pipeline", e);
                }
            }
        }
    }

    /**
     * Replays the log into the bus or the projector, up to the head position found at start, then stops; or, to
     * follow a store other processes append to, for as long as it runs.
     */
    private static final class CatchUp implements TailListener, AutoCloseable {

        private final Consumer<RecordedEvent> target;
        private final long head;
        private Subscription tail;
        private boolean done;

        private CatchUp(Consumer<RecordedEvent> target, long head) {
            this.target = target;
            this.head = head;
        }

        static CatchUp start(EventStore store, Consumer<RecordedEvent> target, boolean follow) {
            CatchUp catchUp = new CatchUp(target, follow ? Long.MAX_VALUE : store.headPosition());
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
