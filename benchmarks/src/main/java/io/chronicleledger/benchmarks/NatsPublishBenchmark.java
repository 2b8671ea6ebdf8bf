package io.chronicleledger.benchmarks;

import io.chronicleledger.bus.nats.NatsBusConfig;
import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.bus.nats.internal.EventMessages;
import io.chronicleledger.bus.nats.internal.Subjects;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.testkit.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Publishing to NATS JetStream, on the server at {@code CHRONICLE_NATS_URL}, else on a private nats-server that
 * the fork starts (so that the benchmark's hundreds of thousands of events never land in a stream others
 * read), into the stream {@code CHRONICLE_EVENTS} (kept {@value #MAX_AGE_MINUTES} minutes):
 * <ul>
 *   <li>{@link #publishOne}: {@link NatsEventBus#publish} of one new event, the latency of Chronicle's publish
 *   path (JSON encoding, headers, asynchronous publish, wait for the ack);</li>
 *   <li>{@link #barePublish}: the floor, jnats' own synchronous {@link JetStream#publish} of the same message
 *   (subject, headers, body, message id) on a connection of its own, one publish-and-ack round trip;</li>
 *   <li>{@link #publishBatch}: {@link NatsEventBus#publish} of {@value #BATCH} events at once, the outbox
 *   relay's batch, as events per second.</li>
 * </ul>
 * Every call publishes events with new ids (a repeated id would be acknowledged as a duplicate without being
 * stored): they are built before each iteration, in a ring that the iteration must not exhaust.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(1)
public class NatsPublishBenchmark {

    /** How long the stream keeps the events, so that it does not grow without bound. */
    public static final int MAX_AGE_MINUTES = 10;
    /** The events of one {@link #publishBatch}: the relay's batch. */
    public static final int BATCH = 500;

    private NatsEventBus bus;

    /** Connects the bus (and creates or updates the stream). */
    @Setup(Level.Trial)
    public void connect() {
        bus = NatsEventBus.connect(config());
    }

    /** Disconnects the bus. */
    @TearDown(Level.Trial)
    public void disconnect() {
        bus.close();
    }

    /** The configuration of the bus. */
    static NatsBusConfig config() {
        return NatsBusConfig.of(natsUrl()).withMaxAge(Duration.ofMinutes(MAX_AGE_MINUTES));
    }

    /** The NATS server: {@code CHRONICLE_NATS_URL}, else a private one for this fork. */
    static String natsUrl() {
        String env = System.getenv("CHRONICLE_NATS_URL");
        return env == null || env.isBlank() ? NatsServerProcess.forThisJvm().url() : env;
    }

    /** New recorded events, deposits spread over 100 streams, built before each iteration. */
    @State(Scope.Thread)
    public static class Events {

        /** The events one iteration may publish at most. */
        static final int RING = 1 << 20;

        private RecordedEvent[] ring;
        private List<RecordedEvent> asList;
        private int next;

        /** Builds the events of the next iteration. */
        @Setup(Level.Iteration)
        public void build() {
            ring = newEvents(RING);
            asList = Arrays.asList(ring);
            next = 0;
        }

        RecordedEvent next() {
            if (next == ring.length) {
                throw new IllegalStateException("the iteration used up its " + RING + " events");
            }
            return ring[next++];
        }

        List<RecordedEvent> nextBatch(int size) {
            if (next + size > ring.length) {
                throw new IllegalStateException("the iteration used up its " + RING + " events");
            }
            List<RecordedEvent> batch = asList.subList(next, next + size);
            next += size;
            return batch;
        }
    }

    /** Events as recorded: new ids, 100 streams, the payload of a ledger deposit. */
    static RecordedEvent[] newEvents(int count) {
        String prefix = "bench-nats-" + UUID.randomUUID() + "-";
        String[] streams = new String[100];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = prefix + i;
        }
        Instant now = Instant.now();
        RecordedEvent[] events = new RecordedEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = new RecordedEvent(i + 1L, randomId(), streams[i % streams.length],
                    WriterStreams.AGGREGATE_TYPE, WriterStreams.EVENT_TYPE, 1, i / streams.length + 1L,
                    WriterStreams.DATA, WriterStreams.METADATA, now);
        }
        return events;
    }

    private static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    /**
     * jnats on its own connection, with the messages of new events as the bus makes them (subject, headers,
     * JSON body), and publish options with each one's message id, all built before each iteration.
     */
    @State(Scope.Thread)
    public static class Bare {

        /** The messages one iteration may publish at most. */
        static final int RING = 1 << 17;

        private Connection connection;
        private JetStream jetStream;
        private String[] subjects;
        private Headers[] headers;
        private byte[][] bodies;
        private PublishOptions[] options;
        private int next;

        /**
         * Makes sure the stream exists, then opens a plain jnats connection.
         *
         * @throws IOException          when NATS cannot be reached
         * @throws InterruptedException when interrupted while connecting
         */
        @Setup(Level.Trial)
        public void connect() throws IOException, InterruptedException {
            NatsEventBus.connect(config()).close();
            connection = Nats.connect(new Options.Builder().server(natsUrl()).build());
            jetStream = connection.jetStream();
        }

        /** Builds the messages of the next iteration. */
        @Setup(Level.Iteration)
        public void build() {
            RecordedEvent[] events = newEvents(RING);
            Subjects naming = new Subjects(config().subjectPrefix());
            String stream = config().streamName();
            subjects = new String[RING];
            headers = new Headers[RING];
            bodies = new byte[RING][];
            options = new PublishOptions[RING];
            for (int i = 0; i < RING; i++) {
                subjects[i] = naming.of(events[i].aggregateType(), events[i].eventType());
                Message message = EventMessages.toMessage(events[i], subjects[i]);
                headers[i] = new Headers(message.getHeaders());
                headers[i].remove(EventMessages.MSG_ID);
                bodies[i] = message.getData();
                options[i] = PublishOptions.builder().expectedStream(stream)
                        .messageId(events[i].eventId().toString()).build();
            }
            next = 0;
        }

        /**
         * Closes the connection.
         *
         * @throws InterruptedException when interrupted while closing
         */
        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            connection.close();
        }

        /**
         * Publishes the next messages asynchronously, all at once, and waits for every ack.
         *
         * @param count how many
         * @throws Exception when an ack fails
         */
        void publishNextAsync(int count) throws Exception {
            if (next + count > subjects.length) {
                throw new IllegalStateException("the iteration used up its " + RING + " messages");
            }
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(count);
            for (int end = next + count; next < end; next++) {
                acks.add(jetStream.publishAsync(subjects[next], headers[next], bodies[next], options[next]));
            }
            for (CompletableFuture<PublishAck> ack : acks) {
                if (ack.get(30, TimeUnit.SECONDS).isDuplicate()) {
                    throw new IllegalStateException("JetStream took a new message for a duplicate");
                }
            }
        }

        PublishAck publishNext() throws IOException, JetStreamApiException {
            if (next == subjects.length) {
                throw new IllegalStateException("the iteration used up its " + RING + " messages");
            }
            int i = next++;
            PublishAck ack = jetStream.publish(subjects[i], headers[i], bodies[i], options[i]);
            if (ack.isDuplicate()) {
                throw new IllegalStateException("JetStream took a new message for a duplicate: " + ack);
            }
            return ack;
        }
    }

    /**
     * Publishes one new event through the bus and waits for its ack.
     *
     * @param events the events to publish
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void publishOne(Events events) {
        bus.publish(List.of(events.next()));
    }

    /**
     * The floor: one synchronous JetStream publish of the same kind of message, through jnats alone.
     *
     * @param bare the connection and the messages
     * @return JetStream's ack
     * @throws IOException          when the publish fails
     * @throws JetStreamApiException when JetStream refuses it
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PublishAck barePublish(Bare bare) throws IOException, JetStreamApiException {
        return bare.publishNext();
    }

    /**
     * Publishes {@value #BATCH} new events through the bus at once and waits for every ack; one operation is
     * one event.
     *
     * @param events the events to publish
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void publishBatch(Events events) {
        bus.publish(events.nextBatch(BATCH));
    }

    /**
     * The floor of {@link #publishBatch}: {@value #BATCH} messages published asynchronously through jnats alone,
     * all at once, then every ack awaited; one operation is one message.
     *
     * @param bare the connection and the messages
     * @throws Exception when an ack fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void bareAsyncBatch(Bare bare) throws Exception {
        bare.publishNextAsync(BATCH);
    }
}
