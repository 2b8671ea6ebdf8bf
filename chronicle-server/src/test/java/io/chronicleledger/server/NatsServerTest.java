package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.Page;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.testkit.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference server on PostgreSQL and NATS JetStream, end to end: every committed event reaches the stream
 * exactly once, in order per account, as a plain JetStream consumer that deduplicates nothing sees it, also when
 * NATS restarts while deposits keep coming.
 */
@DisplayName("the server on PostgreSQL and NATS JetStream")
class NatsServerTest {

    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("publishes every committed event to JetStream exactly once, across a NATS restart under load")
    void exactlyOnceAcrossRestart() throws Exception {
        String schema = "chronicle_nats_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (NatsServerProcess nats = NatsServerProcess.start();
             RunningServer server = RunningServer.start(Map.of("CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL,
                     "CHRONICLE_STORE_SCHEMA", schema, "CHRONICLE_NATS_URL", nats.url()))) {
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                accounts.add(server.createAccount("NATS", "0"));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger deposits = new AtomicInteger();
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    server.deposit(accounts.get(deposits.get() % accounts.size()), "1.00");
                    deposits.incrementAndGet();
                }
            }, "deposits");
            writer.start();
            try {
                awaitDeposits(deposits, 50);
                nats.stop();
                int duringOutage = deposits.get();
                awaitDeposits(deposits, duringOutage + 50); // commands still commit while NATS is down
                JsonNode health = awaitHealth(server, body -> !body.path("bus").path("connected").asBoolean(true));
                assertThat(health.path("bus").path("status").asText()).isEqualTo("DOWN");
                assertThat(health.path("status").asText()).isEqualTo("DOWN");
                assertThat(((Outbox) server.store()).backlog().events()).as("outbox backlog while NATS is down")
                        .isPositive();
                nats.restart();
                awaitDeposits(deposits, deposits.get() + 50);
            } finally {
                writing.set(false);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            awaitEmptyOutbox((Outbox) server.store());

            List<RecordedEvent> committed = allEvents(server);
            assertThat(committed).hasSize(accounts.size() + deposits.get());
            List<String> published = readStream(nats.url(), committed.size());
            assertThat(published).as("event ids in the stream, in stream order").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(committed.stream().map(e -> e.eventId().toString()).toList());
            assertPerAccountOrder(published, committed);
        } finally {
            RunningServer.dropSchema(schema);
        }
    }

    /** Polls {@code /health} (its controller: a 503 is what the HTTP client's sanity check refuses). */
    private static JsonNode awaitHealth(RunningServer server, Predicate<JsonNode> done) throws Exception {
        HealthController controller = server.context().getBean(HealthController.class);
        long deadline = System.nanoTime() + DRAIN.toNanos();
        JsonNode body;
        do {
            body = JSON.readTree(controller.health().body());
            if (done.test(body)) {
                return body;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health never said what the test waited for; last: " + body);
    }

    private static void awaitDeposits(AtomicInteger deposits, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (deposits.get() < atLeast) {
            assertThat(System.nanoTime() - deadline).as("deposits made in time: " + deposits.get()).isNegative();
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static void awaitEmptyOutbox(Outbox outbox) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (outbox.backlog().events() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(outbox.backlog().events()).as("events left in the outbox").isZero();
    }

    private static List<RecordedEvent> allEvents(RunningServer server) {
        List<RecordedEvent> events = new ArrayList<>();
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = server.store().readAll(GlobalLogQuery.after(position, 1_000));
            events.addAll(page.items());
            if (!page.items().isEmpty()) {
                position = page.items().get(page.items().size() - 1).position();
            }
        } while (page.hasMore());
        return events;
    }

    /** Reads the whole stream once with a new pull consumer, in stream order, acknowledging nothing twice. */
    private static List<String> readStream(String url, int expected) throws Exception {
        List<String> ids = new ArrayList<>();
        Connection connection = Nats.connect(url);
        try {
            JetStreamSubscription subscription = connection.jetStream().subscribe("events.>",
                    PullSubscribeOptions.builder().configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.All).build()).build());
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (System.nanoTime() < deadline) {
                List<Message> batch = subscription.fetch(500, Duration.ofMillis(500));
                for (Message message : batch) {
                    ids.add(message.getHeaders().getFirst("Nats-Msg-Id"));
                    message.ack();
                }
                if (batch.isEmpty() && ids.size() >= expected) {
                    break;
                }
            }
        } finally {
            connection.close();
        }
        return ids;
    }

    private static void assertPerAccountOrder(List<String> published, List<RecordedEvent> committed) {
        Map<String, RecordedEvent> byId = new HashMap<>();
        committed.forEach(event -> byId.put(event.eventId().toString(), event));
        Map<String, Long> lastVersion = new HashMap<>();
        for (String id : published) {
            RecordedEvent event = byId.get(id);
            Long before = lastVersion.put(event.aggregateId(), event.streamVersion());
            assertThat(event.streamVersion()).as("version of %s after %s", event.aggregateId(), before)
                    .isEqualTo(before == null ? 1 : before + 1);
        }
    }
}
