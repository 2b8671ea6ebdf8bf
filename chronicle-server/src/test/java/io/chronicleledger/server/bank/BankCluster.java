package io.chronicleledger.server.bank;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.server.PackagedServer;
import io.chronicleledger.server.RunningServer;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import io.chronicleledger.testkit.NatsCluster;
import io.chronicleledger.testkit.TcpProxy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The system under test, every part its own: a PostgreSQL database of the run's own (the event store and the
 * read model in it, each process's pools named so that their connections can be told apart), a three-node
 * JetStream cluster with a TCP proxy in front of each node (the processes reach NATS through the proxies only),
 * and the seed's processes of the packaged server: two Ledger APIs (each with a wall clock the test can step,
 * see {@link SteppableClock}), two read-model processors and a Query API. Never touches the machine's shared
 * NATS, nor another database.
 */
final class BankCluster implements AutoCloseable {

    /** The JetStream stream the processes publish to. */
    static final String STREAM = "CHRONICLE_EVENTS";

    private static final String STORE_APPLICATION = "bank-store";
    private static final String READ_APPLICATION = "bank-read";
    private static final String STORE_SCHEMA = "chronicle";
    private static final String READ_SCHEMA = "read_model";
    private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final String database = "chronicle_bank_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<PackagedServer> ledgers = new ArrayList<>();
    private final List<SteppableClock> clocks = new ArrayList<>();
    private final List<PackagedServer> processors = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private NatsCluster nats;
    private PackagedServer query;

    private BankCluster() {
    }

    /** Creates the database, starts the JetStream cluster, its proxies and the five processes. */
    static BankCluster start() throws Exception {
        BankCluster cluster = new BankCluster();
        try {
            cluster.startAll();
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        execute("CREATE DATABASE " + database);
        nats = NatsCluster.start(3);
        resources.add(nats);
        for (int node = 0; node < 3; node++) {
            TcpProxy proxy = TcpProxy.start("127.0.0.1", nats.clientPort(node));
            proxies.add(proxy);
            resources.add(proxy);
        }
        Map<String, String> stack = Map.of(
                "CHRONICLE_STORE_URL", url(STORE_APPLICATION), "CHRONICLE_STORE_SCHEMA", STORE_SCHEMA,
                "CHRONICLE_STORE_POOL_SIZE", "4",
                "CHRONICLE_NATS_URL", proxies.stream().map(proxy -> proxy.url("nats")).collect(Collectors.joining(",")),
                "CHRONICLE_NATS_STREAM", STREAM, "CHRONICLE_NATS_REPLICAS", "3",
                "CHRONICLE_READ_URL", url(READ_APPLICATION), "CHRONICLE_READ_SCHEMA", READ_SCHEMA,
                "CHRONICLE_READ_POOL_SIZE", "4");
        for (int i = 0; i < 2; i++) {
            SteppableClock clock = SteppableClock.create();
            clocks.add(clock);
            resources.add(clock);
        }
        ledgers.add(start(stack, "ledger", clocks.get(0).environment()));
        ExecutorService starting = Executors.newFixedThreadPool(4);
        try {
            Future<PackagedServer> secondLedger = starting.submit(() -> start(stack, "ledger",
                    clocks.get(1).environment()));
            Future<PackagedServer> firstProcessor = starting.submit(() -> start(stack, "processor", Map.of()));
            Future<PackagedServer> secondProcessor = starting.submit(() -> start(stack, "processor", Map.of()));
            Future<PackagedServer> queries = starting.submit(() -> start(stack, "query", Map.of()));
            ledgers.add(secondLedger.get());
            processors.add(firstProcessor.get());
            processors.add(secondProcessor.get());
            query = queries.get();
        } finally {
            starting.shutdown();
        }
    }

    private PackagedServer start(Map<String, String> stack, String role, Map<String, String> more) throws Exception {
        Map<String, String> environment = new HashMap<>(stack);
        environment.putAll(more);
        environment.put("CHRONICLE_ROLE", role);
        PackagedServer process = PackagedServer.start(environment);
        synchronized (resources) {
            resources.add(process);
        }
        return process;
    }

    List<PackagedServer> ledgers() {
        return List.copyOf(ledgers);
    }

    List<SteppableClock> clocks() {
        return List.copyOf(clocks);
    }

    List<PackagedServer> processors() {
        return List.copyOf(processors);
    }

    PackagedServer query() {
        return query;
    }

    NatsCluster nats() {
        return nats;
    }

    List<TcpProxy> natsProxies() {
        return List.copyOf(proxies);
    }

    /** {@code pg_terminate_backend} of every connection of the event store's pools; returns how many. */
    int terminateStoreConnections() throws SQLException {
        return terminate(STORE_APPLICATION);
    }

    /** {@code pg_terminate_backend} of every connection of the read model's pools; returns how many. */
    int terminateReadConnections() throws SQLException {
        return terminate(READ_APPLICATION);
    }

    private int terminate(String application) throws SQLException {
        try (Connection connection = DriverManager.getConnection(RunningServer.POSTGRES_URL);
             PreparedStatement terminate = connection.prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            terminate.setString(1, database);
            terminate.setString(2, application);
            try (ResultSet terminated = terminate.executeQuery()) {
                terminated.next();
                return terminated.getInt(1);
            }
        }
    }

    /** Opens the event store, as the audit reads it: the caller closes the returned pool. */
    HikariDataSource storeDataSource() {
        return CockroachStoreConfig.of(url("bank-audit")).withSchema(STORE_SCHEMA).withPoolSize(2)
                .createDataSource();
    }

    CockroachEventStore store(HikariDataSource dataSource) {
        return CockroachEventStore.builder().dataSource(dataSource).schema(STORE_SCHEMA).createSchema(false).build();
    }

    /** Opens the read model's database: the caller closes the returned pool. */
    HikariDataSource readDataSource() {
        return CockroachStoreConfig.of(url("bank-audit")).withSchema(READ_SCHEMA).withPoolSize(2)
                .createDataSource();
    }

    PostgresLedgerReadModel readModel(HikariDataSource dataSource) {
        return PostgresLedgerReadModel.builder().dataSource(dataSource).schema(READ_SCHEMA).createSchema(false)
                .build();
    }

    /** The JDBC URL of the run's database, its connections named {@code application}. */
    private String url(String application) {
        Matcher admin = DATABASE.matcher(RunningServer.POSTGRES_URL);
        if (!admin.matches()) {
            throw new IllegalStateException("not a jdbc:postgresql:// URL: " + RunningServer.POSTGRES_URL);
        }
        String parameters = admin.group(3) == null ? "?" : admin.group(3) + "&";
        return admin.group(1) + database + parameters + "ApplicationName=" + application;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(RunningServer.POSTGRES_URL);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Stops every process and service of the run and drops its database. */
    @Override
    public void close() throws SQLException {
        List<AutoCloseable> closing;
        synchronized (resources) {
            closing = new ArrayList<>(resources);
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                System.err.println("[bank] could not stop " + closing.get(i) + ": " + e);
            }
        }
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
}
