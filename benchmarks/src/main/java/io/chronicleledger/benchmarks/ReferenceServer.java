package io.chronicleledger.benchmarks;

import io.chronicleledger.testkit.NatsServerProcess;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged reference server (role {@code all}) as the plain-main benchmarks run it, on free ports of the
 * loopback address: on its embedded default ({@value #MEMORY}: the in-memory adapters), on {@value #POSTGRES_STORE}
 * (the event store in a fresh schema of the benchmarks' PostgreSQL, {@link StoreUnderTest#postgresUrl()}; the bus
 * and the read model in memory), or on {@value #POSTGRES}: the event store and the read model in fresh schemas of
 * that PostgreSQL and the bus on a private nats-server ({@link NatsServerProcess}). {@link #close()} stops the
 * server and drops the schemas, also after a failure.
 */
final class ReferenceServer implements AutoCloseable {

    /** The in-memory adapters, the server's default. */
    static final String MEMORY = StoreUnderTest.MEMORY;
    /** The event store and read model on PostgreSQL, the bus on NATS JetStream. */
    static final String POSTGRES = StoreUnderTest.POSTGRES;
    /** The event store on PostgreSQL, the bus and the read model in memory, in the server's process. */
    static final String POSTGRES_STORE = "postgres-store";

    private final ServerProcess process;
    private final int ledgerPort;
    private final int queryPort;
    private final int dashboardPort;
    private final String url;
    private final List<String> schemas;
    private final String readSchema;

    private ReferenceServer(ServerProcess process, int ledgerPort, int queryPort, int dashboardPort, String url,
                            List<String> schemas, String readSchema) {
        this.process = process;
        this.ledgerPort = ledgerPort;
        this.queryPort = queryPort;
        this.dashboardPort = dashboardPort;
        this.url = url;
        this.schemas = schemas;
        this.readSchema = readSchema;
    }

    /**
     * Starts the server (heap of 1 GB) and waits until the Query API's {@code /health} answers 200.
     *
     * @param jar      the server's jar
     * @param adapters {@value #MEMORY}, {@value #POSTGRES_STORE} or {@value #POSTGRES}
     * @return the running server
     * @throws InterruptedException when interrupted while waiting
     */
    static ReferenceServer start(Path jar, String adapters) throws InterruptedException {
        int ledgerPort = ServerProcess.freePort();
        int queryPort = ServerProcess.freePort();
        int dashboardPort = ServerProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "CHRONICLE_LEDGER_PORT", Integer.toString(ledgerPort),
                "CHRONICLE_QUERY_PORT", Integer.toString(queryPort),
                "CHRONICLE_DASHBOARD_PORT", Integer.toString(dashboardPort),
                "CHRONICLE_PROCESSOR_PORT", Integer.toString(ServerProcess.freePort())));
        String url = null;
        List<String> schemas = List.of();
        String readSchema = null;
        if (adapters.equals(POSTGRES)) {
            url = StoreUnderTest.postgresUrl();
            String storeSchema = StoreUnderTest.newSchemaName();
            readSchema = storeSchema.replace("chronicle_bench_", "chronicle_bench_read_");
            schemas = List.of(storeSchema, readSchema);
            env.putAll(Map.of("CHRONICLE_STORE_URL", url, "CHRONICLE_STORE_SCHEMA", storeSchema,
                    "CHRONICLE_READ_URL", url, "CHRONICLE_READ_SCHEMA", readSchema,
                    "CHRONICLE_NATS_URL", NatsServerProcess.forThisJvm().url()));
        } else if (adapters.equals(POSTGRES_STORE)) {
            url = StoreUnderTest.postgresUrl();
            String storeSchema = StoreUnderTest.newSchemaName();
            schemas = List.of(storeSchema);
            env.putAll(Map.of("CHRONICLE_STORE_URL", url, "CHRONICLE_STORE_SCHEMA", storeSchema));
        } else if (!adapters.equals(MEMORY)) {
            throw new IllegalArgumentException("the adapters are " + MEMORY + ", " + POSTGRES_STORE + " or " + POSTGRES
                    + ", not " + adapters);
        }
        ServerProcess process;
        try {
            process = ServerProcess.start(jar, List.of("-Xms1g", "-Xmx1g"), env,
                    URI.create("http://127.0.0.1:" + queryPort + "/health"));
        } catch (RuntimeException | InterruptedException e) {
            dropSchemas(url, schemas);
            throw e;
        }
        return new ReferenceServer(process, ledgerPort, queryPort, dashboardPort, url, schemas, readSchema);
    }

    /** The port of the Ledger API (commands). */
    int ledgerPort() {
        return ledgerPort;
    }

    /** The port of the Query API. */
    int queryPort() {
        return queryPort;
    }

    /** The port of the dashboard, whose {@code /config.json} is the cheapest 200 the server serves. */
    int dashboardPort() {
        return dashboardPort;
    }

    /** The JDBC URL of the PostgreSQL the server runs on; {@code null} in memory. */
    String postgresUrl() {
        return url;
    }

    /** The schema of the read model on PostgreSQL; {@code null} in memory. */
    String readSchema() {
        return readSchema;
    }

    /** The server's output. */
    Path log() {
        return process.log();
    }

    /** Stops the server, then drops its schemas. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            dropSchemas(url, schemas);
        }
    }

    private static void dropSchemas(String url, List<String> schemas) {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the schemas " + String.join(", ", schemas) + ": " + e);
        }
    }
}
