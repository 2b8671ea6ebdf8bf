package io.chronicleledger.bus.nats;

import io.chronicleledger.bus.nats.internal.AsyncPublisher;
import io.chronicleledger.bus.nats.internal.ConnectionLog;
import io.chronicleledger.bus.nats.internal.DeadLetters;
import io.chronicleledger.bus.nats.internal.PullSubscription;
import io.chronicleledger.bus.nats.internal.Subjects;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.BatchHandler;
import io.chronicleledger.core.bus.DeadLetterListener;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.RecordedEvent;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@link EventBus} on NATS JetStream.
 *
 * <h2>Publishing</h2>
 * Each event goes to {@code events.<aggregate>.<event>} ({@code events.account.deposited} and so on; the first
 * token is {@link NatsBusConfig#subjectPrefix()}) in the stream of {@link NatsBusConfig#streamName()}, which
 * {@link #connect} creates or updates (file storage, subjects {@code events.>}, the configured replicas, age limit
 * and duplicate window). The message carries the event as JSON, its id as {@code Nats-Msg-Id} (JetStream drops a
 * repeated publish within the duplicate window), and headers for its type, aggregate, stream version and position. {@link #publish} sends every event
 * at once, up to {@link NatsBusConfig#maxPublishesInFlight()} waiting for their acks across all callers, and
 * returns once JetStream acknowledged each; failed or late acks are retried, and a publish that still fails
 * throws, so that the outbox keeps the events.
 *
 * <h2>Consuming</h2>
 * A durable name is a JetStream durable pull consumer with explicit acks, the configured ack wait and
 * {@code max_ack_pending}, starting at the stream's first message. Each {@link #subscribe} pulls on its own
 * thread; subscriptions of one name, in one process or several, share its messages. An event that fails
 * {@link NatsBusConfig#maxDeliver()} times is republished to {@code dead.<subject>} in the dead-letter stream
 * ({@code dead.events.>}), logged, reported to the {@link DeadLetterListener} and terminated.
 *
 * <h2>Connection</h2>
 * Connecting fails at once when no server answers. Afterwards the connection reconnects by itself for ever,
 * logging each change of state; subscriptions resume where their consumer stopped, and publishes fail (the
 * outbox keeps the events) until it is back.
 *
 * <pre>{@code
 * try (NatsEventBus bus = NatsEventBus.connect(NatsBusConfig.of("nats://127.0.0.1:4222"))) {
 *     OutboxRelay relay = OutboxRelay.builder(store, bus).lease(store, "outbox-relay", Duration.ofSeconds(5)).start();
 *     Subscription projector = new Projector(readModel, store).subscribe(bus, "read-model");
 *     ...
 * }
 * }</pre>
 */
public final class NatsEventBus implements EventBus, AutoCloseable {

    /** The most messages one pull of a subscription asks for. */
    public static final int MAX_BATCH = 256;

    /** JetStream's error code for a stream that does not exist. */
    private static final int STREAM_NOT_FOUND = 10059;

    /** JetStream's error code for a stream name that another creation took meanwhile. */
    private static final int STREAM_NAME_IN_USE = 10058;

    /** JetStream's error code for a stream whose subjects another stream takes. */
    private static final int SUBJECTS_OVERLAP = 10065;

    private static final Pattern DURABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final NatsBusConfig config;
    private final Subjects subjects;
    private final Connection connection;
    private final AsyncPublisher publisher;
    private final DeadLetters deadLetters;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    private NatsEventBus(NatsBusConfig config, Subjects subjects, Connection connection, DeadLetterListener listener)
            throws IOException {
        this.config = config;
        this.subjects = subjects;
        this.connection = connection;
        this.publisher = new AsyncPublisher(connection.jetStream(), config.streamName(), subjects,
                config.maxPublishesInFlight(), config.publishTimeout());
        this.deadLetters = new DeadLetters(connection.jetStream(), config.deadLetterStreamName(), listener);
    }

    /**
     * Connects to NATS and sets up the streams, without a dead-letter listener.
     *
     * @param config where NATS is, and what to ask of JetStream
     * @return the bus; close it to disconnect
     * @throws IllegalArgumentException when the configuration is not valid
     * @throws NatsBusException         when no server answers, or JetStream refuses the streams
     */
    public static NatsEventBus connect(NatsBusConfig config) {
        return connect(config, DeadLetterListener.NONE);
    }

    /**
     * Connects to NATS and sets up the streams.
     *
     * @param config   where NATS is, and what to ask of JetStream
     * @param listener hears of the dead letters of this process's subscriptions
     * @return the bus; close it to disconnect
     * @throws IllegalArgumentException when the configuration is not valid
     * @throws NatsBusException         when no server answers, or JetStream refuses the streams
     */
    public static NatsEventBus connect(NatsBusConfig config, DeadLetterListener listener) {
        config.validate();
        Objects.requireNonNull(listener, "listener");
        Connection connection;
        try {
            connection = Nats.connect(options(config));
        } catch (IOException e) {
            IOException failure = redacted(e); // jnats names the servers as given, secrets and all
            throw new NatsBusException("cannot connect to NATS at " + redactedServers(config) + ": "
                    + failure.getMessage(), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsBusException("interrupted while connecting to NATS at " + redactedServers(config), e);
        }
        Subjects subjects = new Subjects(config.subjectPrefix());
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            ensureStream(management, StreamConfiguration.builder().name(config.streamName())
                    .subjects(subjects.allEvents()).storageType(StorageType.File).replicas(config.replicas())
                    .maxAge(config.maxAge()).duplicateWindow(config.duplicateWindow()).build());
            ensureStream(management, StreamConfiguration.builder().name(config.deadLetterStreamName())
                    .subjects(subjects.allDead()).storageType(StorageType.File).replicas(config.replicas())
                    .duplicateWindow(config.duplicateWindow()).build());
            return new NatsEventBus(config, subjects, connection, listener);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(connection);
            throw new NatsBusException("cannot set up the JetStream streams " + config.streamName() + " and "
                    + config.deadLetterStreamName() + " at " + redactedServers(config) + ": " + e.getMessage()
                    + hint(e, subjects), e);
        }
    }

    /** What to do about a stream that could not be set up: the usual causes, by JetStream's error code. */
    private static String hint(Exception failure, Subjects subjects) {
        if (failure instanceof JetStreamApiException api && api.getApiErrorCode() == SUBJECTS_OVERLAP) {
            return " (another stream of this NATS server takes the subjects " + subjects.allEvents() + " or "
                    + subjects.allDead() + ": a deployment sharing the server needs a subject prefix and a stream "
                    + "of its own, NatsBusConfig.withSubjectPrefix and withStreamName)";
        }
        return " (is JetStream enabled? nats-server -js)";
    }

    private static Options options(NatsBusConfig config) {
        Options.Builder options = new Options.Builder()
                .servers(config.serverList().toArray(String[]::new))
                .connectionName("chronicle-ledger")
                .connectionTimeout(config.connectTimeout())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionListener(new ConnectionLog());
        if (config.username() != null) {
            options.userInfo(config.username(), config.password());
        }
        if (config.token() != null) {
            options.token(config.token().toCharArray());
        }
        if (config.credentialsFile() != null) {
            options.authHandler(Nats.credentials(config.credentialsFile().toString()));
        }
        return options.build();
    }

    private static void ensureStream(JetStreamManagement management, StreamConfiguration wanted)
            throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(wanted.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                management.addStream(wanted);
                return;
            } catch (JetStreamApiException raced) {
                if (raced.getApiErrorCode() != STREAM_NAME_IN_USE) {
                    throw raced;
                }
            }
        }
        management.updateStream(wanted);
    }

    /**
     * Returns the configuration the bus runs with.
     *
     * @return the configuration
     */
    public NatsBusConfig config() {
        return config;
    }

    /**
     * Returns whether the connection to NATS is up now. It reconnects by itself when it is not.
     *
     * @return {@code true} while connected
     */
    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void publish(List<RecordedEvent> events) {
        if (!events.isEmpty()) {
            publisher.publish(events);
        }
    }

    @Override
    public Subscription subscribe(String durableName, DeliveryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return subscribeBatches(durableName, 1, deliveries -> handler.handle(deliveries.get(0)));
    }

    @Override
    public Subscription subscribeBatches(String durableName, int maxBatchSize, BatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (durableName == null || !DURABLE_NAME.matcher(durableName).matches()) {
            throw new IllegalArgumentException("a durable name is 1 to 64 letters, digits, '-' or '_'");
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one delivery: " + maxBatchSize);
        }
        try {
            ConsumerContext consumer = connection.getStreamContext(config.streamName())
                    .createOrUpdateConsumer(ConsumerConfiguration.builder()
                            .durable(durableName)
                            .ackPolicy(AckPolicy.Explicit)
                            .ackWait(config.ackWait())
                            .maxAckPending(config.maxAckPending())
                            .maxDeliver(config.maxDeliver() + 1L)
                            .deliverPolicy(DeliverPolicy.All)
                            .filterSubject(subjects.allEvents())
                            .build());
            PullSubscription pull = PullSubscription.start(durableName, consumer,
                    Math.min(MAX_BATCH, config.maxAckPending()), maxBatchSize, handler, deadLetters,
                    config.maxDeliver(), config.ackWait());
            Subscription tracked = new Subscription() {
                @Override
                public void close() {
                    subscriptions.remove(this);
                    pull.close();
                }
            };
            subscriptions.add(tracked);
            return tracked;
        } catch (IOException | JetStreamApiException e) {
            throw new NatsBusException("cannot subscribe the durable consumer " + durableName + " of stream "
                    + config.streamName() + ": " + e.getMessage(), e);
        }
    }

    /** Closes every subscription of this bus, then the connection. */
    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns a failure of the client with the secrets of the URLs in its message hidden, keeping its stack trace
     * and cause, or the failure itself when its message shows none.
     */
    private static IOException redacted(IOException failure) {
        String message = failure.getMessage();
        if (message == null || NatsBusConfig.redact(message).equals(message)) {
            return failure;
        }
        IOException copy = new IOException(NatsBusConfig.redact(message), failure.getCause());
        copy.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }

    private static String redactedServers(NatsBusConfig config) {
        return NatsBusConfig.redact(config.servers());
    }
}
