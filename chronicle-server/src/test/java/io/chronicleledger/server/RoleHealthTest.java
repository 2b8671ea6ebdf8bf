package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.chronicleledger.server.RunningServer.Response;
import io.chronicleledger.testkit.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /health} of each role, as the seed's processes run it: a ledger, a read processor, a query API, a
 * dashboard and an all-in-one process, each its own server on the test PostgreSQL (store and read model, fresh
 * schemas) and a private NATS. Each reports only the parts its role depends on, answers 503 when one of those
 * fails and 200 when only a part it does not use fails. The failures are real: NATS stopped, and a table the
 * health check reads renamed away (PostgreSQL is shared with other tests, so it is not stopped).
 */
@DisplayName("GET /health of each role, on PostgreSQL and NATS JetStream")
class RoleHealthTest {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String STORE_SCHEMA = "chronicle_health_store_" + SUFFIX;
    private static final String READ_SCHEMA = "chronicle_health_read_" + SUFFIX;
    private static final long AWAIT_SECONDS = 60;

    private static final Map<Role, RunningServer> PROCESSES = new EnumMap<>(Role.class);
    private static NatsServerProcess nats;
    private static OpenApiConformance api;

    @BeforeAll
    static void startTheProcesses() throws Exception {
        nats = NatsServerProcess.start();
        Map<String, String> stack = Map.of(
                "CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL, "CHRONICLE_STORE_SCHEMA", STORE_SCHEMA,
                "CHRONICLE_STORE_POOL_SIZE", "2",
                "CHRONICLE_NATS_URL", nats.url(),
                "CHRONICLE_READ_URL", RunningServer.POSTGRES_URL, "CHRONICLE_READ_SCHEMA", READ_SCHEMA,
                "CHRONICLE_READ_POOL_SIZE", "2");
        for (Role role : List.of(Role.LEDGER, Role.PROCESSOR, Role.QUERY, Role.DASHBOARD, Role.ALL)) {
            Map<String, String> environment = new HashMap<>(stack);
            environment.put("CHRONICLE_ROLE", role.name().toLowerCase(Locale.ROOT));
            PROCESSES.put(role, RunningServer.start(environment));
        }
        PROCESSES.get(Role.LEDGER).createAccount("HEALTH", "10.00");
        PROCESSES.get(Role.QUERY).awaitCaughtUp();
        RunningServer processor = PROCESSES.get(Role.PROCESSOR);
        api = new OpenApiConformance(new YAMLMapper().readTree(
                processor.getUnchecked(processor.processorPort(), "/openapi.yml").text()));
    }

    @AfterAll
    static void stopTheProcesses() {
        PROCESSES.values().forEach(RunningServer::close);
        if (nats != null) {
            nats.close();
        }
        RunningServer.dropSchema(STORE_SCHEMA);
        RunningServer.dropSchema(READ_SCHEMA);
    }

    @ParameterizedTest(name = "role {0}")
    @EnumSource(Role.class)
    @DisplayName("names the role and reports exactly the parts it depends on, 200 while they are UP")
    void partsOfEachRole(Role role) {
        Response response = health(role);
        JsonNode body = response.json();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        api.assertConforms("GET", "/health", response);
        assertThat(body.path("role").asText()).isEqualTo(role.name().toLowerCase(Locale.ROOT));
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(fieldNames(body)).as("%s", body).containsExactlyInAnyOrderElementsOf(expectedFields(role));
        long head = PROCESSES.get(Role.LEDGER).headPosition();
        if (body.has("store")) {
            assertThat(body.path("store").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("store").path("head_position").asLong()).isEqualTo(head);
        }
        if (body.has("bus")) {
            assertThat(body.path("bus").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("bus").path("connected").asBoolean()).isTrue();
            boolean relays = role.includes(Role.LEDGER);
            assertThat(body.path("bus").has("relay")).as("relay on role %s: %s", role, body).isEqualTo(relays);
            assertThat(body.path("bus").has("outbox_backlog")).as("backlog on role %s: %s", role, body)
                    .isEqualTo(relays);
        }
        if (body.has("read_model")) {
            JsonNode readModel = body.path("read_model");
            assertThat(readModel.path("status").asText()).isEqualTo("UP");
            assertThat(readModel.path("kind").asText()).isEqualTo("postgres");
            assertThat(readModel.path("schema").asText()).isEqualTo(READ_SCHEMA);
            assertThat(readModel.path("highest_position").asLong()).as("%s", body).isEqualTo(head);
        }
        if (body.has("projection")) {
            assertThat(body.path("projection").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("projection").path("lag").asLong()).as("%s", body).isZero();
            assertThat(body.path("projection").path("lag_ms").asLong()).as("%s", body).isZero();
        }
        if (body.has("dashboard")) {
            assertThat(body.path("dashboard").path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    @DisplayName("the processor's /metrics has its lag in events and milliseconds; the ledger's has no lag")
    void lagInMetrics() {
        RunningServer processor = PROCESSES.get(Role.PROCESSOR);
        Response metrics = processor.send(processor.processorPort(), "GET", "/metrics", null, null, Map.of());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("chronicle_projection_lag_events ")
                .contains("chronicle_projection_lag_time_milliseconds ");
        RunningServer ledger = PROCESSES.get(Role.LEDGER);
        Response ledgerMetrics = ledger.send(ledger.ledgerPort(), "GET", "/metrics", null, null, Map.of());
        assertThat(ledgerMetrics.status()).isEqualTo(200);
        assertThat(ledgerMetrics.text()).doesNotContain("chronicle_projection_lag");
    }

    @Test
    @DisplayName("while NATS is down: 503 on ledger, processor and all (bus DOWN); 200 on query and dashboard")
    void natsDown() throws Exception {
        nats.stop();
        try {
            for (Role role : List.of(Role.LEDGER, Role.PROCESSOR, Role.ALL)) {
                Response down = awaitHealth(role, r -> r.status() == 503, "503");
                assertThat(down.json().path("status").asText()).isEqualTo("DOWN");
                assertThat(down.json().path("bus").path("status").asText()).as("%s", down).isEqualTo("DOWN");
                assertThat(down.json().path("bus").path("connected").asBoolean(true)).isFalse();
                assertThat(down.json().path("store").path("status").asText()).isEqualTo("UP");
                api.assertConforms("GET", "/health", down);
            }
            for (Role role : List.of(Role.QUERY, Role.DASHBOARD)) {
                Response up = health(role);
                assertThat(up.status()).as("%s", up).isEqualTo(200);
                assertThat(up.json().has("bus")).isFalse();
            }
        } finally {
            nats.restart();
        }
        awaitAllUp();
    }

    @Test
    @DisplayName("while the read model fails: 503 on query, processor and all (read_model DOWN); 200 on ledger"
            + " and dashboard")
    void readModelDown() throws Exception {
        execute("ALTER TABLE " + READ_SCHEMA + ".audit_log RENAME TO audit_log_away");
        try {
            for (Role role : List.of(Role.QUERY, Role.PROCESSOR, Role.ALL)) {
                Response down = awaitHealth(role, r -> r.status() == 503, "503");
                JsonNode readModel = down.json().path("read_model");
                assertThat(readModel.path("status").asText()).as("%s", down).isEqualTo("DOWN");
                assertThat(readModel.path("kind").asText()).isEqualTo("postgres");
                assertThat(readModel.path("error").asText()).isNotBlank();
                assertThat(readModel.has("highest_position")).isFalse();
                assertThat(down.json().path("projection").path("status").asText()).isEqualTo("DOWN");
                assertThat(down.json().path("store").path("status").asText()).isEqualTo("UP");
                api.assertConforms("GET", "/health", down);
            }
            for (Role role : List.of(Role.LEDGER, Role.DASHBOARD)) {
                Response up = health(role);
                assertThat(up.status()).as("%s", up).isEqualTo(200);
                assertThat(up.json().has("read_model")).isFalse();
            }
        } finally {
            execute("ALTER TABLE " + READ_SCHEMA + ".audit_log_away RENAME TO audit_log");
        }
        awaitAllUp();
    }

    @Test
    @DisplayName("while the event store fails: 503 on every role but the dashboard, which uses no store")
    void storeDown() throws Exception {
        execute("ALTER TABLE " + STORE_SCHEMA + ".events RENAME TO events_away");
        try {
            for (Role role : List.of(Role.LEDGER, Role.PROCESSOR, Role.QUERY, Role.ALL)) {
                Response down = awaitHealth(role, r -> r.status() == 503, "503");
                assertThat(down.json().path("store").path("status").asText()).as("%s", down).isEqualTo("DOWN");
                assertThat(down.json().path("store").path("error").asText()).isNotBlank();
                api.assertConforms("GET", "/health", down);
            }
            Response dashboard = health(Role.DASHBOARD);
            assertThat(dashboard.status()).as("%s", dashboard).isEqualTo(200);
            assertThat(fieldNames(dashboard.json())).containsExactlyInAnyOrder("role", "status", "dashboard");
        } finally {
            execute("ALTER TABLE " + STORE_SCHEMA + ".events_away RENAME TO events");
        }
        awaitAllUp();
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

    /** GETs the role's {@code /health} on the port that role serves. */
    private static Response health(Role role) {
        RunningServer process = PROCESSES.get(role);
        return process.getUnchecked(process.healthPort(), "/health");
    }

    private static Response awaitHealth(Role role, Predicate<Response> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        Response last;
        do {
            last = health(role);
            if (done.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the " + role + " process's /health never answered " + what + "; last: " + last);
    }

    private static void awaitAllUp() throws InterruptedException {
        for (Role role : PROCESSES.keySet()) {
            awaitHealth(role, r -> r.status() == 200, "200 again");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(RunningServer.POSTGRES_URL);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
