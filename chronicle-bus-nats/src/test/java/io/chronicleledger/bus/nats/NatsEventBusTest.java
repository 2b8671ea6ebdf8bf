package io.chronicleledger.bus.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.Json;
import io.chronicleledger.testkit.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JetStream bus on the test run's NATS: subjects, headers, deduplication, dead letters, shared work. */
@DisplayName("NatsEventBus on JetStream")
class NatsEventBusTest {

    /**
     * The longest wait for a delivery: a new durable consumer starts at the oldest event of the shared stream and
     * skims the events of every other test of the last ten minutes first (some hundred thousand when builds run
     * side by side, about ten thousand a second).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final AtomicLong POSITIONS = new AtomicLong(System.currentTimeMillis());

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> durableNames = new ArrayList<>();
    private String url;
    private String suffix;
    private Connection admin;
    private JetStreamManagement jsm;

    @BeforeEach
    void connect() throws Exception {
        url = NatsServerProcess.forThisJvm().url();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin = Nats.connect(url);
        jsm = admin.jetStreamManagement();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        for (String durable : durableNames) {
            try {
                jsm.deleteConsumer(NatsBusConfig.DEFAULT_STREAM, durable);
            } catch (JetStreamApiException | IOException e) {
                // gone already; a leftover consumer on the test run's NATS harms nobody
            }
        }
        admin.close();
    }

    private NatsEventBus bus(NatsBusConfig config) {
        return bus(config, letter -> { });
    }

    private NatsEventBus bus(NatsBusConfig config, io.chronicleledger.core.bus.DeadLetterListener listener) {
        NatsEventBus bus = NatsEventBus.connect(config, listener);
        closeables.add(bus);
        return bus;
    }

    private Subscription subscribe(NatsEventBus bus, String durableName, Consumer<Delivery> handler) {
        if (!durableNames.contains(durableName)) {
            durableNames.add(durableName);
        }
        Subscription subscription = bus.subscribe(durableName, handler::accept);
        closeables.add(subscription);
        return subscription;
    }

    private static RecordedEvent event(String aggregateType, String aggregateId, String eventType, long version,
                                       String data) {
        return new RecordedEvent(POSITIONS.incrementAndGet(), UUID.randomUUID(), aggregateId, aggregateType,
                eventType, 1, version, data, "{\"actor\":\"test\"}", Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private long countOn(String subject) throws Exception {
        Map<String, Long> subjects = jsm.getStreamInfo(NatsBusConfig.DEFAULT_STREAM,
                StreamInfoOptions.filterSubjects(subject)).getStreamState().getSubjectMap();
        return subjects.getOrDefault(subject, 0L);
    }

    @Nested
    @DisplayName("publishing")
    class Publishing {

        @Test
        @DisplayName("an event arrives on its design subject with its headers and its JSON body")
        void subjectHeadersAndBody() throws Exception {
            NatsEventBus bus = bus(TestStreams.shared(url));
            RecordedEvent event = event("Account", "ACC-" + suffix, "MoneyDeposited", 3,
                    "{\"amount\":\"12.50\",\"description\":\"Gehalt für März\"}");
            Connection listener = Nats.connect(url);
            try {
                io.nats.client.Subscription core = listener.subscribe("events.account.>");
                listener.flush(Duration.ofSeconds(5)); // the subscription is registered before the publish

                bus.publish(List.of(event));

                Message message = nextWithMsgId(core, event.eventId().toString());
                assertThat(message.getSubject()).isEqualTo("events.account.deposited");
                Headers headers = message.getHeaders();
                assertThat(headers.getFirst("Nats-Msg-Id")).isEqualTo(event.eventId().toString());
                assertThat(headers.getFirst("Chronicle-Event-Type")).isEqualTo("MoneyDeposited");
                assertThat(headers.getFirst("Chronicle-Aggregate-Id")).isEqualTo("ACC-" + suffix);
                assertThat(headers.getFirst("Chronicle-Aggregate-Type")).isEqualTo("Account");
                assertThat(headers.getFirst("Chronicle-Stream-Version")).isEqualTo("3");
                assertThat(headers.getFirst("Chronicle-Position")).isEqualTo(Long.toString(event.position()));
                var body = MAPPER.readTree(message.getData());
                assertThat(body.get("event_id").asText()).isEqualTo(event.eventId().toString());
                assertThat(body.get("aggregate_id").asText()).isEqualTo("ACC-" + suffix);
                assertThat(body.get("stream_version").asLong()).isEqualTo(3);
                assertThat(body.get("event_data")).isEqualTo(MAPPER.readTree(event.data()));
                assertThat(new String(message.getData(), StandardCharsets.UTF_8)).contains("\"amount\":\"12.50\"");
            } finally {
                listener.close();
            }
        }

        @Test
        @DisplayName("publishing one event twice, or from two buses, stores it once")
        void deduplicated() throws Exception {
            NatsEventBus bus = bus(TestStreams.shared(url));
            NatsEventBus other = bus(TestStreams.shared(url));
            String type = "Dedup" + suffix;
            RecordedEvent event = event(type, "DEDUP-" + suffix, "ThingHappened", 1, "{\"n\":1}");
            String subject = "events.dedup" + suffix + ".thing_happened";

            bus.publish(List.of(event));
            bus.publish(List.of(event));
            other.publish(List.of(event));
            bus.publish(List.of(event, event));

            assertThat(countOn(subject)).as("messages on " + subject).isEqualTo(1);
            MessageInfo last = jsm.getLastMessage(NatsBusConfig.DEFAULT_STREAM, subject);
            assertThat(last.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(event.eventId().toString());

            // a second event on that subject is stored, so the first was not merely overwritten
            RecordedEvent next = event(type, "DEDUP-" + suffix, "ThingHappened", 2, "{\"n\":2}");
            bus.publish(List.of(event, next, event, next));
            assertThat(countOn(subject)).as("messages on " + subject).isEqualTo(2);

            // a fresh durable consumer of that subject sees each of them once
            assertThat(readSubject(subject)).extracting(message -> message.getHeaders().getFirst("Nats-Msg-Id"))
                    .containsExactly(event.eventId().toString(), next.eventId().toString());
        }

        private Message nextWithMsgId(io.nats.client.Subscription core, String msgId) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() - deadline < 0) {
                Message message = core.nextMessage(Duration.ofMillis(250));
                if (message != null && message.hasHeaders()
                        && msgId.equals(message.getHeaders().getFirst("Nats-Msg-Id"))) {
                    return message;
                }
            }
            throw new AssertionError("no message with Nats-Msg-Id " + msgId + " within " + TIMEOUT);
        }
    }

    /** Reads every message of a subject with a fresh durable consumer filtered to it, then deletes it. */
    private List<Message> readSubject(String subject) throws Exception {
        String durable = "read-" + UUID.randomUUID().toString().substring(0, 8);
        ConsumerContext consumer = admin.getStreamContext(NatsBusConfig.DEFAULT_STREAM)
                .createOrUpdateConsumer(ConsumerConfiguration.builder().durable(durable).filterSubject(subject)
                        .deliverPolicy(DeliverPolicy.All).ackPolicy(AckPolicy.None).build());
        try {
            List<Message> messages = new ArrayList<>();
            FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder().maxMessages(100).noWait().build());
            for (Message message = fetch.nextMessage(); message != null; message = fetch.nextMessage()) {
                messages.add(message);
            }
            return messages;
        } finally {
            jsm.deleteConsumer(NatsBusConfig.DEFAULT_STREAM, durable);
        }
    }

    private boolean nothingPending(String durable) {
        try {
            ConsumerInfo info = jsm.getConsumerInfo(NatsBusConfig.DEFAULT_STREAM, durable);
            return info.getNumAckPending() == 0 && info.getNumPending() == 0;
        } catch (IOException | JetStreamApiException e) {
            return false;
        }
    }

    @Nested
    @DisplayName("dead letters")
    class DeadLetters {

        private final Map<UUID, DeadLetter> heard = new ConcurrentHashMap<>();

        private NatsEventBus deadLetterBus() {
            return bus(TestStreams.shared(url).withMaxDeliver(2).withAckWait(Duration.ofSeconds(1)),
                    letter -> heard.put(letter.event().eventId(), letter));
        }

        @Test
        @DisplayName("an event whose handler always throws is kept on dead.<subject> with who, how often and why")
        void handlerThrows() throws Exception {
            NatsEventBus bus = deadLetterBus();
            String type = "Poison" + suffix;
            String subject = "events.poison" + suffix + ".pill_swallowed";
            RecordedEvent event = event(type, "POISON-" + suffix, "PillSwallowed", 1, "{\"dose\":\"9.90\"}");
            String durable = "dead-" + suffix;
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            subscribe(bus, durable, delivery -> {
                if (delivery.event().eventId().equals(event.eventId())) {
                    attempts.add(delivery.attempt());
                    throw new IllegalStateException("cannot digest\nthis event");
                }
                delivery.ack();
            });

            bus.publish(List.of(event));

            Await.until("the dead letter of " + event.eventId() + " is heard", TIMEOUT,
                    () -> heard.containsKey(event.eventId()));
            DeadLetter letter = heard.get(event.eventId());
            assertThat(letter.durableName()).isEqualTo(durable);
            assertThat(letter.attempts()).isEqualTo(2);
            assertThat(letter.reason()).contains("IllegalStateException", "cannot digest");
            assertThat(attempts).containsExactly(1, 2);

            MessageInfo kept = jsm.getLastMessage(NatsBusConfig.DEFAULT_STREAM + "_DEAD", "dead." + subject);
            assertThat(kept.getSubject()).isEqualTo("dead." + subject);
            Headers headers = kept.getHeaders();
            assertThat(headers.getFirst("Chronicle-Dead-Consumer")).isEqualTo(durable);
            assertThat(headers.getFirst("Chronicle-Dead-Attempts")).isEqualTo("2");
            assertThat(headers.getFirst("Chronicle-Dead-Reason"))
                    .contains("IllegalStateException", "cannot digest this event").doesNotContain("\n");
            assertThat(headers.getFirst("Chronicle-Event-Type")).isEqualTo("PillSwallowed");
            assertThat(headers.getFirst("Chronicle-Aggregate-Id")).isEqualTo("POISON-" + suffix);
            assertThat(kept.getData()).isEqualTo(io.chronicleledger.bus.nats.internal.EventMessages.toJson(event));
        }

        @Test
        @DisplayName("an event never acknowledged becomes a dead letter after max deliver ack waits")
        void neverAcknowledged() throws Exception {
            NatsEventBus bus = deadLetterBus();
            String subject = "events.silent" + suffix + ".ignored";
            RecordedEvent event = event("Silent" + suffix, "SILENT-" + suffix, "Ignored", 1, "{}");
            String durable = "silent-" + suffix;
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            subscribe(bus, durable, delivery -> {
                if (delivery.event().eventId().equals(event.eventId())) {
                    attempts.add(delivery.attempt()); // and no ack
                } else {
                    delivery.ack();
                }
            });

            bus.publish(List.of(event));

            Await.until("the dead letter of " + event.eventId() + " is heard", TIMEOUT,
                    () -> heard.containsKey(event.eventId()));
            assertThat(heard.get(event.eventId()).reason()).isEqualTo(DeadLetter.reasonOf(null));
            assertThat(attempts).containsExactly(1, 2);
            MessageInfo kept = jsm.getLastMessage(NatsBusConfig.DEFAULT_STREAM + "_DEAD", "dead." + subject);
            assertThat(kept.getHeaders().getFirst("Chronicle-Dead-Consumer")).isEqualTo(durable);
            assertThat(kept.getHeaders().getFirst("Chronicle-Dead-Attempts")).isEqualTo("2");
            assertThat(kept.getHeaders().getFirst("Chronicle-Dead-Reason")).isEqualTo(DeadLetter.reasonOf(null));
        }
    }

    @Nested
    @DisplayName("shared work")
    class SharedWork {

        @Test
        @DisplayName("two buses under one durable name receive each of 50 events exactly once between them")
        void twoProcessesShareOneConsumer() {
            NatsEventBus first = bus(TestStreams.shared(url));
            NatsEventBus second = bus(TestStreams.shared(url));
            String stream = "SHARED-" + suffix;
            String durable = "shared-" + suffix;
            List<UUID> received = new CopyOnWriteArrayList<>();
            Map<String, List<UUID>> byBus = new ConcurrentHashMap<>();
            subscribe(first, durable, delivery -> record(delivery, stream, "first", received, byBus));
            subscribe(second, durable, delivery -> record(delivery, stream, "second", received, byBus));

            List<RecordedEvent> events = new ArrayList<>();
            for (int version = 1; version <= 50; version++) {
                events.add(event("Account", stream, "MoneyDeposited", version, "{\"amount\":\"1.00\"}"));
            }
            first.publish(events.subList(0, 25));
            second.publish(events.subList(25, 50));

            Await.until("50 events received and everything acknowledged", TIMEOUT,
                    () -> received.size() >= 50 && nothingPending(durable));
            assertThat(received).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(RecordedEvent::eventId).toList());
            assertThat(byBus.values().stream().mapToInt(List::size).sum()).isEqualTo(50);
        }

        private void record(Delivery delivery, String stream, String bus, List<UUID> received,
                            Map<String, List<UUID>> byBus) {
            if (delivery.event().aggregateId().equals(stream)) {
                received.add(delivery.event().eventId());
                byBus.computeIfAbsent(bus, name -> new CopyOnWriteArrayList<>()).add(delivery.event().eventId());
            }
            delivery.ack();
        }
    }

    @Nested
    @DisplayName("connecting")
    class Connecting {

        @Test
        @DisplayName("two deployments on one server, each with its own stream and subject prefix, see only their own "
                + "events; the same subjects for a second stream are refused with a message saying what to set")
        void deploymentsSideBySide() throws Exception {
            NatsServerProcess server = NatsServerProcess.start();
            closeables.add(server);
            NatsBusConfig first = NatsBusConfig.of(server.url()).withStreamName("FIRST").withSubjectPrefix("first");
            NatsBusConfig second = NatsBusConfig.of(server.url()).withStreamName("SECOND")
                    .withSubjectPrefix("second.ledger");
            NatsEventBus one = bus(first);
            NatsEventBus two = bus(second);
            RecordedEvent ofOne = event("Account", "ACC-1-" + suffix, "MoneyDeposited", 1, "{}");
            RecordedEvent ofTwo = event("Account", "ACC-2-" + suffix, "MoneyDeposited", 1, "{}");
            BlockingQueue<RecordedEvent> seenByOne = new LinkedBlockingQueue<>();
            BlockingQueue<RecordedEvent> seenByTwo = new LinkedBlockingQueue<>();
            closeables.add(one.subscribe("read-model", delivery -> {
                seenByOne.add(delivery.event());
                delivery.ack();
            }));
            closeables.add(two.subscribe("read-model", delivery -> {
                seenByTwo.add(delivery.event());
                delivery.ack();
            }));

            one.publish(List.of(ofOne));
            two.publish(List.of(ofTwo));

            assertThat(seenByOne.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ofOne);
            assertThat(seenByTwo.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ofTwo);
            assertThat(seenByOne.poll(1, TimeUnit.SECONDS)).isNull();
            assertThat(seenByTwo.poll(1, TimeUnit.SECONDS)).isNull();
            Connection connection = Nats.connect(server.url());
            try {
                JetStreamManagement streams = connection.jetStreamManagement();
                assertThat(streams.getStreamInfo("SECOND").getConfiguration().getSubjects())
                        .containsExactly("second.ledger.>");
                assertThat(streams.getStreamInfo("SECOND_DEAD").getConfiguration().getSubjects())
                        .containsExactly("dead.second.ledger.>");
            } finally {
                connection.close();
            }
            assertThatThrownBy(() -> NatsEventBus.connect(first.withStreamName("THIRD")))
                    .isInstanceOf(NatsBusException.class)
                    .hasMessageContaining("first.>")
                    .hasMessageContaining("withSubjectPrefix");
        }

        @Test
        @DisplayName("a bad configuration fails with IllegalArgumentException before any connection")
        void badConfig() {
            assertThatThrownBy(() -> NatsEventBus.connect(TestStreams.shared(url).withReplicas(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
            assertThatThrownBy(() -> NatsEventBus.connect(NatsBusConfig.of("http://127.0.0.1:4222")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servers");
            assertThatThrownBy(() -> NatsEventBus.connect(TestStreams.shared(url), null))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("an unreachable server fails with NatsBusException naming the URL without its password")
        void unreachable() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            String target = "nats://ledger:hunter2@127.0.0.1:" + port;

            assertThatThrownBy(() -> NatsEventBus.connect(NatsBusConfig.of(target)
                    .withConnectTimeout(Duration.ofSeconds(1))))
                    .isInstanceOf(NatsBusException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("hunter2")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain("hunter2"));
        }

        @Test
        @DisplayName("an unreachable server named with a token fails without showing the token")
        void unreachableWithToken() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }

            assertThatThrownBy(() -> NatsEventBus.connect(NatsBusConfig.of("nats://s3cr3t-t0k3n@127.0.0.1:" + port)
                    .withToken("another-s3cr3t").withConnectTimeout(Duration.ofSeconds(1))))
                    .isInstanceOf(NatsBusException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("s3cr3t");
        }

        @Test
        @DisplayName("the log of the connection's changes of state does not show the password of the URL")
        void logsWithoutPassword() throws Exception {
            java.io.PrintStream err = System.err;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            String withPassword = url.replace("nats://", "nats://ledger:hunter2@");
            System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                NatsEventBus bus = NatsEventBus.connect(TestStreams.shared(withPassword));
                bus.close();
            } finally {
                System.setErr(err);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            err.print(log);
            assertThat(log).contains("connected to NATS at").doesNotContain("hunter2");
        }

        @Test
        @DisplayName("a connected bus says so, and closing it twice is harmless")
        void connectedAndClosed() {
            NatsEventBus bus = NatsEventBus.connect(TestStreams.shared(url));
            try {
                assertThat(bus.connected()).isTrue();
                assertThat(bus.config().streamName()).isEqualTo(NatsBusConfig.DEFAULT_STREAM);
            } finally {
                bus.close();
            }
            assertThat(bus.connected()).isFalse();
            bus.close();
        }

        @Test
        @DisplayName("a durable name that is not 1 to 64 letters, digits, - or _ is refused")
        void badDurableName() {
            NatsEventBus bus = bus(TestStreams.shared(url));
            for (String name : new String[] {"", "a.b", "a b", "a*", "x".repeat(65)}) {
                assertThatThrownBy(() -> bus.subscribe(name, Delivery::ack))
                        .as("durable name '%s'", name).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> bus.subscribe(null, Delivery::ack)).isInstanceOf(IllegalArgumentException.class);
        }

        private String chain(Throwable failure) {
            List<String> messages = new ArrayList<>();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            return messages.stream().collect(Collectors.joining(" | "));
        }
    }
}
