package io.chronicleledger.server;

import io.chronicleledger.bus.nats.NatsBusConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the server's configuration")
class ServerConfigTest {

    @Test
    @DisplayName("defaults to everything in one process, on loopback, on 4002 and 4001, in memory")
    void defaults() {
        ServerConfig config = ServerConfig.from(Map.of(), List.of());

        assertThat(config.role()).isEqualTo(Role.ALL);
        assertThat(config.ledgerPort()).isEqualTo(4002);
        assertThat(config.queryPort()).isEqualTo(4001);
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.apiToken()).isEmpty();
        assertThat(config.inMemory()).isTrue();
        assertThat(config.corsOrigins()).contains("http://127.0.0.1:3000", "http://localhost:3000");
        assertThat(config.idempotencyRetention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    @DisplayName("reads the NATS bus: servers, stream, replicas and credentials, with the store it carries")
    void readsNats() {
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_STORE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CHRONICLE_NATS_URL", "nats://10.0.0.1:4222, nats://10.0.0.2:4222",
                "CHRONICLE_NATS_STREAM", "LEDGER_EVENTS",
                "CHRONICLE_NATS_SUBJECT_PREFIX", "acme.ledger",
                "CHRONICLE_NATS_REPLICAS", "3",
                "CHRONICLE_NATS_USER", "ledger",
                "CHRONICLE_NATS_PASSWORD", "secret"), List.of());

        NatsBusConfig nats = config.nats().orElseThrow();
        assertThat(config.readUrl()).isEmpty();
        assertThat(nats.serverList()).containsExactly("nats://10.0.0.1:4222", "nats://10.0.0.2:4222");
        assertThat(nats.streamName()).isEqualTo("LEDGER_EVENTS");
        assertThat(nats.subjectPrefix()).isEqualTo("acme.ledger");
        assertThat(nats.replicas()).isEqualTo(3);
        assertThat(nats.username()).isEqualTo("ledger");
        assertThat(nats.toString()).doesNotContain("secret");
        assertThat(config.inMemory()).isFalse();
    }

    @Test
    @DisplayName("reads the PostgreSQL read model, which the store and NATS feed")
    void readsReadModel() {
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_STORE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CHRONICLE_NATS_URL", "nats://127.0.0.1:4222",
                "CHRONICLE_READ_URL", "jdbc:postgresql://127.0.0.1:5432/read",
                "CHRONICLE_READ_SCHEMA", "ledger_read",
                "CHRONICLE_ROLE", "query"), List.of());

        assertThat(config.readUrl()).contains("jdbc:postgresql://127.0.0.1:5432/read");
        assertThat(config.readSchema()).isEqualTo("ledger_read");
        assertThat(config.role()).isEqualTo(Role.QUERY);
    }

    @ParameterizedTest(name = "{0}={1} is refused, naming {0}, though the store is set")
    @CsvSource(delimiter = '|', value = {
        "CHRONICLE_NATS_URL      | http://127.0.0.1:4222",
        "CHRONICLE_NATS_STREAM   | events.with.dots",
        "CHRONICLE_NATS_SUBJECT_PREFIX | events.>",
        "CHRONICLE_NATS_REPLICAS | 0",
        "CHRONICLE_NATS_REPLICAS | six",
        "CHRONICLE_NATS_USER     | user-without-password",
        "CHRONICLE_NATS_CREDENTIALS | /no/such/file.creds",
        "CHRONICLE_READ_URL      | mysql://127.0.0.1:3306/test",
        "CHRONICLE_READ_SCHEMA   | Read-Model"
    })
    void badNatsValuesAreRefusedByName(String variable, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("CHRONICLE_STORE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        env.putIfAbsent("CHRONICLE_NATS_URL", "nats://127.0.0.1:4222");
        env.put(variable, value);

        assertThatThrownBy(() -> ServerConfig.from(env, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":");
    }

    @Test
    @DisplayName("describes itself without its secrets: the API token, the databases' and NATS's passwords")
    void toStringHidesSecrets() {
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_API_TOKEN", "a-token-of-sixteen-characters",
                "CHRONICLE_STORE_URL", "jdbc:postgresql://db:5432/ledger?user=app&password=store-secret",
                "CHRONICLE_READ_URL", "jdbc:postgresql://app:read-secret@db:5432/read",
                "CHRONICLE_NATS_URL", "nats://ledger:nats-secret@10.0.0.1:4222"), List.of());

        assertThat(config.toString())
                .doesNotContain("a-token-of-sixteen-characters", "store-secret", "read-secret", "nats-secret")
                .contains("apiToken=****", "password=****", "app:****@db", "ledger:****@10.0.0.1", "storeSchema=");
    }

    @Test
    @DisplayName("reads the environment, and the command line wins over it")
    void readsEnvironmentAndArguments() {
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_LEDGER_PORT", "14002",
                "CHRONICLE_QUERY_PORT", " 14001 ",
                "CHRONICLE_API_TOKEN", "a-token-of-sixteen-characters",
                "CHRONICLE_CORS_ORIGINS", "http://a.example, http://b.example",
                "CHRONICLE_ROLE", "ledger"), List.of("--role=ALL"));

        assertThat(config.ledgerPort()).isEqualTo(14002);
        assertThat(config.queryPort()).isEqualTo(14001);
        assertThat(config.apiToken()).contains("a-token-of-sixteen-characters");
        assertThat(config.corsOrigins()).containsExactly("http://a.example", "http://b.example");
        assertThat(config.role()).isEqualTo(Role.ALL);
    }

    @ParameterizedTest(name = "{0}={1} is refused, naming {0}")
    @CsvSource(delimiter = '|', value = {
        "CHRONICLE_LEDGER_PORT | abc",
        "CHRONICLE_LEDGER_PORT | 0",
        "CHRONICLE_QUERY_PORT  | 70000",
        "CHRONICLE_QUERY_PORT  | 4002",
        "CHRONICLE_PROCESSOR_PORT | 4001",
        "CHRONICLE_PROCESSOR_PORT | 70000",
        "CHRONICLE_READ_POOL_SIZE | 0",
        "CHRONICLE_ROLE        | boss",
        "CHRONICLE_ROLE        | query",
        "CHRONICLE_API_TOKEN   | short",
        "CHRONICLE_BIND        | no-such-host.invalid",
        "CHRONICLE_BIND        | 0.0.0.0",
        "CHRONICLE_STORE_URL   | mysql://127.0.0.1:3306/test",
        "CHRONICLE_READ_URL    | jdbc:postgresql://127.0.0.1:5432/test",
        "CHRONICLE_NATS_URL    | nats://127.0.0.1:4222",
        "CHRONICLE_NATS_URL    | http://127.0.0.1:4222",
        "CHRONICLE_NATS_URL    | not a url",
        "CHRONICLE_IDEMPOTENCY_RETENTION | 24h",
        "CHRONICLE_IDEMPOTENCY_RETENTION | P1M",
        "CHRONICLE_IDEMPOTENCY_RETENTION | PT0S",
        "CHRONICLE_RATE_LIMIT  | -1",
        "CHRONICLE_RATE_LIMIT  | many",
        "CHRONICLE_IDEMPOTENCY_RETENTION | -PT1H"
    })
    void badValuesAreRefusedByName(String variable, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(variable, value);

        assertThatThrownBy(() -> ServerConfig.from(env, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":");
    }

    @ParameterizedTest(name = "CHRONICLE_IDEMPOTENCY_RETENTION={0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "PT24H      | PT24H",
        "P7D        | PT168H",
        "' PT90M '  | PT1H30M",
        "PT0.5S     | PT0.5S"
    })
    @DisplayName("reads the idempotency retention as an ISO-8601 duration")
    void idempotencyRetention(String value, String expected) {
        ServerConfig config = ServerConfig.from(Map.of("CHRONICLE_IDEMPOTENCY_RETENTION", value), List.of());

        assertThat(config.idempotencyRetention()).isEqualTo(Duration.parse(expected));
    }

    @Test
    @DisplayName("configures the CockroachDB/PostgreSQL event store from CHRONICLE_STORE_*, naming a bad value")
    void storeSettings() {
        ServerConfig config = ServerConfig.from(Map.of("CHRONICLE_STORE_URL", "jdbc:postgresql://db:26257/ledger",
                "CHRONICLE_STORE_SCHEMA", "ledger", "CHRONICLE_STORE_POOL_SIZE", "20"), List.of());

        assertThat(config.inMemory()).isFalse();
        assertThat(config.storeConfig()).hasValueSatisfying(store -> {
            assertThat(store.url()).isEqualTo("jdbc:postgresql://db:26257/ledger");
            assertThat(store.schema()).isEqualTo("ledger");
            assertThat(store.poolSize()).isEqualTo(20);
        });
        for (Map.Entry<String, String> bad : Map.of("CHRONICLE_STORE_SCHEMA", "Bad-Name",
                "CHRONICLE_STORE_POOL_SIZE", "0").entrySet()) {
            assertThatThrownBy(() -> ServerConfig.from(Map.of("CHRONICLE_STORE_URL", "jdbc:postgresql://db/x",
                    bad.getKey(), bad.getValue()), List.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(bad.getKey() + ":");
        }
    }

    @Test
    @DisplayName("binds a non-loopback address only with a token, or with --insecure")
    void nonLoopbackNeedsTokenOrInsecure() {
        assertThat(ServerConfig.from(Map.of("CHRONICLE_BIND", "0.0.0.0"), List.of("--insecure")).insecure())
                .isTrue();
        assertThat(ServerConfig.from(Map.of("CHRONICLE_BIND", "0.0.0.0",
                "CHRONICLE_API_TOKEN", "a-token-of-sixteen-characters"), List.of()).bind()).isEqualTo("0.0.0.0");
    }

    @Test
    @DisplayName("serves the dashboard alone, pointed at other API addresses, on the in-memory default")
    void dashboardRole() {
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_DASHBOARD_PORT", "13000",
                "CHRONICLE_DASHBOARD_LEDGER_URL", "https://ledger.example",
                "CHRONICLE_DASHBOARD_QUERY_URL", "https://query.example"), List.of("--role=dashboard"));

        assertThat(config.role()).isEqualTo(Role.DASHBOARD);
        assertThat(config.dashboardPort()).isEqualTo(13000);
        assertThat(config.dashboardLedgerUrl()).contains("https://ledger.example");
        assertThat(config.dashboardQueryUrl()).contains("https://query.example");
        assertThat(config.corsOrigins()).contains("http://127.0.0.1:13000");
        assertThatThrownBy(() -> ServerConfig.from(Map.of("CHRONICLE_DASHBOARD_PORT", "4001"), List.of()))
                .hasMessageStartingWith("CHRONICLE_DASHBOARD_PORT:");
    }

    @Test
    @DisplayName("refuses an unknown option, naming it")
    void unknownOption() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of(), List.of("--verbose")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--verbose:");
    }
}
