package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("GET /health while the outbox relay cannot publish to the bus")
class HealthControllerTest {

    @Test
    @DisplayName("reports the bus DOWN, since when, with 503, once the relay has failed longer than the grace")
    void busDown() throws Exception {
        MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
        try (EventPipeline pipeline = new EventPipeline(store, new UnreachableBus(), () -> true,
                new InMemoryLedgerReadModel(), new EventPipeline.Parts(true, true, false))) {
            store.append(AppendRequest.of(new StreamAppend("ACC-1", "Account", 0,
                    List.of(new NewEvent(UUID.randomUUID(), "AccountCreated", 1, "{}", "{}")))));
            for (int i = 0; i < 1_000 && pipeline.relayFailingSince().isEmpty(); i++) {
                TimeUnit.MILLISECONDS.sleep(10);
            }

            HttpResponse<String> response = new HealthController(store, pipeline, Duration.ZERO).health();

            assertThat(response.code()).isEqualTo(503);
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("bus").path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("bus").path("failing_since").asText()).isNotBlank();
            assertThat(body.path("store").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("bus").path("outbox_backlog").path("events").asLong())
                    .as("events waiting in the outbox").isEqualTo(1);
            assertThat(body.path("bus").path("outbox_backlog").path("oldest_age_ms").asLong()).isNotNegative();
            assertThat(body.path("bus").path("relay").asText()).isEqualTo("active");
            assertThat(body.path("projection").path("lag").asLong()).as("events the read model misses").isEqualTo(1);
            assertThat(body.path("projection").path("lag_ms").isIntegralNumber()).as("lag_ms: " + body).isTrue();

            JsonNode withinGrace = new ObjectMapper().readTree(
                    new HealthController(store, pipeline, Duration.ofHours(1)).health().body());
            assertThat(withinGrace.path("bus").path("status").asText()).isEqualTo("UP");
            assertThat(withinGrace.path("bus").path("failing_since").asText()).isNotBlank();
        }
    }

    @Test
    @DisplayName("reports the bus DOWN while its connection is lost, though the relay has not failed yet")
    void disconnected() throws Exception {
        MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
        try (EventPipeline pipeline = new EventPipeline(store, new UnreachableBus(), () -> false,
                new InMemoryLedgerReadModel(), new EventPipeline.Parts(true, true, true))) {
            JsonNode body = new ObjectMapper().readTree(
                    new HealthController(store, pipeline, Duration.ofHours(1)).health().body());

            assertThat(body.path("bus").path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("bus").path("connected").asBoolean()).isFalse();
            assertThat(body.path("bus").path("outbox_backlog").path("events").asLong()).isZero();
        }
    }

    /** A bus that refuses every publication, as one whose server is down. */
    private static final class UnreachableBus implements EventBus {

        @Override
        public void publish(List<RecordedEvent> events) {
            throw new IllegalStateException("the bus is unreachable");
        }

        @Override
        public Subscription subscribe(String durableName, DeliveryHandler handler) {
            return () -> { };
        }
    }
}
