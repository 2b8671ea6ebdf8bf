package io.chronicleledger.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("a server whose NATS cannot be reached at start")
class NatsStartupTest {

    @Test
    @DisplayName("does not start, and says which setting names the unreachable NATS")
    void unreachableNats() throws IOException {
        String schema = "chronicle_nats_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String nobody = "nats://127.0.0.1:" + freePort();
        ServerConfig config = ServerConfig.from(Map.of(
                "CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL,
                "CHRONICLE_STORE_SCHEMA", schema,
                "CHRONICLE_NATS_URL", nobody,
                "CHRONICLE_LEDGER_PORT", Integer.toString(freePort()),
                "CHRONICLE_QUERY_PORT", Integer.toString(freePort()),
                "CHRONICLE_DASHBOARD_PORT", Integer.toString(freePort())), List.of());
        try {
            assertThatThrownBy(() -> ChronicleServer.start(config).close())
                    .hasStackTraceContaining("CHRONICLE_NATS_URL: cannot connect to NATS at " + nobody);
        } finally {
            RunningServer.dropSchema(schema);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
