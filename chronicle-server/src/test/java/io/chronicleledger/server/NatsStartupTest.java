package io.chronicleledger.server;

import io.chronicleledger.testkit.NatsServerProcess;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("a server whose NATS cannot be reached at start")
class NatsStartupTest {

    @Test
    @DisplayName("tries for CHRONICLE_NATS_START_TIMEOUT, then does not start, and says which setting names NATS")
    void unreachableNats() throws IOException {
        String schema = schema();
        String nobody = "nats://127.0.0.1:" + freePort();
        try {
            assertThatThrownBy(() -> ChronicleServer.start(config(schema, nobody, "PT1S")).close())
                    .hasStackTraceContaining("CHRONICLE_NATS_URL: cannot connect to NATS at " + nobody)
                    .hasStackTraceContaining("in PT1S)");
        } finally {
            RunningServer.dropSchema(schema);
        }
    }

    @Test
    @DisplayName("starts once NATS comes up within CHRONICLE_NATS_START_TIMEOUT")
    void natsComesUpLater() throws Exception {
        String schema = schema();
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            nats.stop();
            CompletableFuture<ApplicationContext> starting = CompletableFuture.supplyAsync(
                    () -> ChronicleServer.start(config(schema, nats.url(), "PT60S")));
            TimeUnit.SECONDS.sleep(2);
            assertThat(starting).as("the server waits for NATS").isNotDone();
            nats.restart();
            try (ApplicationContext server = starting.get(60, TimeUnit.SECONDS)) {
                assertThat(server.isRunning()).isTrue();
            }
        } finally {
            RunningServer.dropSchema(schema);
        }
    }

    private static ServerConfig config(String schema, String natsUrl, String startTimeout) {
        try {
            Map<String, String> environment = new HashMap<>(Map.of(
                    "CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL,
                    "CHRONICLE_STORE_SCHEMA", schema,
                    "CHRONICLE_NATS_URL", natsUrl,
                    "CHRONICLE_NATS_START_TIMEOUT", startTimeout,
                    "CHRONICLE_LEDGER_PORT", Integer.toString(freePort()),
                    "CHRONICLE_QUERY_PORT", Integer.toString(freePort()),
                    "CHRONICLE_DASHBOARD_PORT", Integer.toString(freePort())));
            environment.put("CHRONICLE_PROCESSOR_PORT", Integer.toString(freePort()));
            return ServerConfig.from(environment, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String schema() {
        return "chronicle_nats_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
