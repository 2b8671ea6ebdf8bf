package example;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the packaged reference server on its embedded default, on free ports, and the example against it. */
class IdempotentClientTest {

    private Process server;
    private int ledgerPort;
    private int queryPort;

    @BeforeEach
    void startServer() throws IOException, InterruptedException {
        ledgerPort = freePort();
        queryPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar",
                Path.of("target", "server", "chronicle-server.jar").toString());
        builder.environment().put("CHRONICLE_LEDGER_PORT", String.valueOf(ledgerPort));
        builder.environment().put("CHRONICLE_QUERY_PORT", String.valueOf(queryPort));
        builder.environment().put("CHRONICLE_DASHBOARD_PORT", String.valueOf(freePort()));
        builder.environment().put("CHRONICLE_PROCESSOR_PORT", String.valueOf(freePort()));
        server = builder.redirectErrorStream(true).redirectOutput(Path.of("target", "server", "log").toFile()).start();
        for (int i = 0; i < 600; i++) {
            try (Socket ignored = new Socket("127.0.0.1", ledgerPort); Socket alsoIgnored = new Socket("127.0.0.1",
                    queryPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the server did not start; see target/server/log");
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.destroy();
        server.waitFor(20, TimeUnit.SECONDS);
    }

    @Test
    void theDepositCountsOnce() throws IOException, InterruptedException {
        ProcessBuilder example = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                IdempotentClient.class.getName());
        example.environment().put("LEDGER_URL", "http://127.0.0.1:" + ledgerPort);
        example.environment().put("QUERY_URL", "http://127.0.0.1:" + queryPort);
        Process run = example.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), "the example's exit code");
        assertEquals("the same deposit sent again: 200, replayed: true\nbalance: 25.00\n", printed);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
