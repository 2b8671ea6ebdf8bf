package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("GET /health, on the in-memory adapters")
class HealthControllerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    @DisplayName("of each role")
    class PerRole {

        @ParameterizedTest(name = "role {0}")
        @EnumSource(Role.class)
        @DisplayName("names the role and reports exactly the parts it depends on, 200 when they are UP")
        void partsOfTheRole(Role role) throws Exception {
            MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
            try (EventPipeline pipeline = pipeline(store, role, () -> true)) {
                HttpResponse<String> response = controller(role, store, pipeline, Duration.ofHours(1)).health();

                JsonNode body = JSON.readTree(response.body());
                assertThat(response.code()).as("%s", body).isEqualTo(200);
                assertThat(body.path("role").asText()).isEqualTo(role.name().toLowerCase(Locale.ROOT));
                assertThat(body.path("status").asText()).isEqualTo("UP");
                assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(expectedFields(role));
                for (String part : fieldNames(body)) {
                    if (body.path(part).isObject()) {
                        assertThat(body.path(part).path("status").asText()).as("%s: %s", part, body).isEqualTo("UP");
                    }
                }
                if (body.has("bus")) {
                    boolean relays = role.includes(Role.LEDGER);
                    assertThat(body.path("bus").has("relay")).as("relay: %s", body).isEqualTo(relays);
                    assertThat(body.path("bus").has("outbox_backlog")).as("backlog: %s", body).isEqualTo(relays);
                }
                if (body.has("read_model")) {
                    assertThat(body.path("read_model").path("kind").asText()).isEqualTo("memory");
                    assertThat(body.path("read_model").has("schema")).isFalse();
                    assertThat(body.path("read_model").path("highest_position").isIntegralNumber()).isTrue();
                }
                if (body.has("projection")) {
                    assertThat(body.path("projection").path("lag").isIntegralNumber()).isTrue();
                    assertThat(body.path("projection").path("lag_ms").isIntegralNumber()).isTrue();
                }
            }
        }

        @ParameterizedTest(name = "role {0}")
        @EnumSource(Role.class)
        @DisplayName("answers 503 while the bus is disconnected only on the roles that use the bus")
        void busDisconnected(Role role) throws Exception {
            MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
            try (EventPipeline pipeline = pipeline(store, role, () -> false)) {
                HttpResponse<String> response = controller(role, store, pipeline, Duration.ofHours(1)).health();

                JsonNode body = JSON.readTree(response.body());
                boolean usesBus = role.includes(Role.LEDGER) || role.includes(Role.PROCESSOR);
                assertThat(response.code()).as("%s", body).isEqualTo(usesBus ? 503 : 200);
                assertThat(body.path("status").asText()).isEqualTo(usesBus ? "DOWN" : "UP");
                assertThat(body.has("bus")).as("%s", body).isEqualTo(usesBus);
                if (usesBus) {
                    assertThat(body.path("bus").path("status").asText()).isEqualTo("DOWN");
                    assertThat(body.path("bus").path("connected").asBoolean(true)).isFalse();
                }
            }
        }

        @Test
        @DisplayName("reports the read model's highest applied position, and the projection's lag behind it")
        void readModelPosition() throws Exception {
            MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
            try (EventPipeline pipeline = pipeline(store, Role.ALL, () -> true)) {
                Ledger ledger = Ledger.builder().eventStore(store).snapshotStore(new InMemorySnapshotStore()).build();
                for (String id : List.of("ACC-1", "ACC-2")) {
                    ledger.execute(new CreateAccount(AccountId.of(id), OwnerName.of("Owner"), Money.of("1.00", "USD")));
                }
                JsonNode body = null;
                for (int i = 0; i < 1_000; i++) {
                    body = JSON.readTree(controller(Role.ALL, store, pipeline, Duration.ofHours(1)).health().body());
                    if (body.path("read_model").path("highest_position").asLong() == 2) {
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                assertThat(body.path("read_model").path("highest_position").asLong()).as("%s", body).isEqualTo(2);
                assertThat(body.path("projection").path("lag").asLong()).isZero();
                assertThat(body.path("projection").path("lag_ms").asLong()).isZero();
            }
        }

        private static EventPipeline pipeline(MeteredEventStore store, Role role, BooleanSupplier connected) {
            return new EventPipeline(store, InMemoryEventBus.builder().build(), connected,
                    new InMemoryLedgerReadModel(), new EventPipeline.Parts(role.includes(Role.LEDGER),
                    role.includes(Role.PROCESSOR), false, false));
        }

        private static List<String> expectedFields(Role role) {
            return switch (role) {
                case LEDGER -> List.of("role", "status", "store", "bus");
                case PROCESSOR -> List.of("role", "status", "bus", "store", "read_model", "projection");
                case QUERY -> List.of("role", "status", "store", "read_model", "projection");
                case DASHBOARD -> List.of("role", "status", "dashboard");
                case ALL -> List.of("role", "status", "store", "bus", "read_model", "projection", "dashboard");
            };
        }
    }

    @Nested
    @DisplayName("while the outbox relay cannot publish to the bus")
    class RelayFailing {

        @Test
        @DisplayName("reports the bus DOWN, since when, with 503, once the relay has failed longer than the grace")
        void busDown() throws Exception {
            MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
            try (EventPipeline pipeline = new EventPipeline(store, new UnreachableBus(), () -> true,
                    new InMemoryLedgerReadModel(), new EventPipeline.Parts(true, true, false, false))) {
                store.append(AppendRequest.of(new StreamAppend("ACC-1", "Account", 0,
                        List.of(new NewEvent(UUID.randomUUID(), "AccountCreated", 1, "{}", "{}")))));
                for (int i = 0; i < 1_000 && pipeline.relayFailingSince().isEmpty(); i++) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }

                HttpResponse<String> response = controller(Role.ALL, store, pipeline, Duration.ZERO).health();

                assertThat(response.code()).isEqualTo(503);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("status").asText()).isEqualTo("DOWN");
                assertThat(body.path("bus").path("status").asText()).isEqualTo("DOWN");
                assertThat(body.path("bus").path("failing_since").asText()).isNotBlank();
                assertThat(body.path("store").path("status").asText()).isEqualTo("UP");
                assertThat(body.path("bus").path("outbox_backlog").path("events").asLong())
                        .as("events waiting in the outbox").isEqualTo(1);
                assertThat(body.path("bus").path("outbox_backlog").path("oldest_age_ms").asLong()).isNotNegative();
                assertThat(body.path("bus").path("relay").asText()).isEqualTo("active");
                assertThat(body.path("projection").path("lag").asLong()).as("events the read model misses")
                        .isEqualTo(1);
                assertThat(body.path("projection").path("lag_ms").isIntegralNumber()).as("lag_ms: " + body).isTrue();

                JsonNode withinGrace = JSON.readTree(
                        controller(Role.ALL, store, pipeline, Duration.ofHours(1)).health().body());
                assertThat(withinGrace.path("bus").path("status").asText()).isEqualTo("UP");
                assertThat(withinGrace.path("bus").path("failing_since").asText()).isNotBlank();
            }
        }

        @Test
        @DisplayName("reports the bus DOWN while its connection is lost, though the relay has not failed yet")
        void disconnected() throws Exception {
            MeteredEventStore store = new MeteredEventStore(new InMemoryEventStore(), new SimpleMeterRegistry());
            try (EventPipeline pipeline = new EventPipeline(store, new UnreachableBus(), () -> false,
                    new InMemoryLedgerReadModel(), new EventPipeline.Parts(true, true, true, false))) {
                JsonNode body = JSON.readTree(
                        controller(Role.ALL, store, pipeline, Duration.ofHours(1)).health().body());

                assertThat(body.path("bus").path("status").asText()).isEqualTo("DOWN");
                assertThat(body.path("bus").path("connected").asBoolean()).isFalse();
                assertThat(body.path("bus").path("outbox_backlog").path("events").asLong()).isZero();
            }
        }
    }

    private static HealthController controller(Role role, MeteredEventStore store, EventPipeline pipeline,
                                               Duration relayGrace) {
        return new HealthController(role, Optional.empty(), store, pipeline, relayGrace);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
