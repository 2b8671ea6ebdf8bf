package example;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the example as a process of its own against the PostgreSQL on 127.0.0.1:5432 (a schema of the test's,
 * dropped afterwards) and a private nats-server on a free port (never the shared one).
 */
class LedgerOnPostgresAndNatsTest {

    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String schema = "example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Process nats;
    private int natsPort;

    @BeforeEach
    void startNats() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            natsPort = free.getLocalPort();
        }
        Path store = Files.createTempDirectory("example-nats");
        nats = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(natsPort), "-js", "-sd",
                store.toString()).redirectErrorStream(true).redirectOutput(store.resolve("log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", natsPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not start on " + natsPort
                + " (is it installed? scripts/setup-services.sh installs it)");
    }

    @AfterEach
    void stopAndDrop() throws SQLException, InterruptedException {
        nats.destroy();
        nats.waitFor(10, TimeUnit.SECONDS);
        try (Connection connection = DriverManager.getConnection(PG_URL)) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void printsTheDailyTotalsTheProjectionKept() throws IOException, InterruptedException {
        ProcessBuilder example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LedgerOnPostgresAndNats.class.getName());
        example.environment().put("CHRONICLE_PG_URL", PG_URL);
        example.environment().put("CHRONICLE_NATS_URL", "nats://127.0.0.1:" + natsPort);
        example.environment().put("EXAMPLE_SCHEMA", schema);
        Process run = example.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), "the example's exit code");

        List<String> lines = printed.lines().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
        assertEquals(List.of("EUR +80.50 -0", "USD +120.00 -20.00"), lines,
                "one salary (its retry replayed), the euros, the cash: " + printed);
    }
}
