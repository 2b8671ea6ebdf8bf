package io.chronicleledger.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.EventLog;
import io.chronicleledger.testkit.NatsServerProcess;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One embedded Chronicle server on free ports, for the tests of one class, with a small HTTP client for it.
 *
 * <p>Every response passes through {@link #sane}: no 5xx and no Java stack trace in any body, so each test
 * checks that for free.
 */
public final class RunningServer implements AutoCloseable {

    /** The longest a test waits for the read model to catch up. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 5;
    /** The test PostgreSQL: {@code CHRONICLE_PG_URL}, else the local one. */
    public static final String POSTGRES_URL = System.getenv().getOrDefault("CHRONICLE_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final ApplicationContext context;
    private final int ledgerPort;
    private final int queryPort;
    private final int dashboardPort;
    private final int processorPort;
    private final Optional<String> postgresSchema;
    private final Optional<NatsServerProcess> nats;
    private final Optional<String> readSchema;
    private final HttpClient client;

    private RunningServer(ApplicationContext context, int ledgerPort, int queryPort, int dashboardPort,
                          int processorPort, Optional<String> postgresSchema, Optional<NatsServerProcess> nats,
                          Optional<String> readSchema) {
        this.context = context;
        this.postgresSchema = postgresSchema;
        this.nats = nats;
        this.readSchema = readSchema;
        this.ledgerPort = ledgerPort;
        this.queryPort = queryPort;
        this.dashboardPort = dashboardPort;
        this.processorPort = processorPort;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Starts a server on two free ports (retrying when another process takes a port in between).
     *
     * @return the running server; close it to stop it
     */
    static RunningServer start() {
        return start(Map.of());
    }

    /**
     * Starts a server on two free ports with more configuration (retrying when another process takes a port in
     * between).
     *
     * @param environment more CHRONICLE_* variables, such as the API token
     * @return the running server; close it to stop it
     */
    static RunningServer start(Map<String, String> environment) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int ledger = freePort();
            int query = freePort();
            if (ledger == query) {
                continue;
            }
            Map<String, String> env = new HashMap<>(environment);
            Optional<String> schema = onPostgres(env);
            Optional<NatsServerProcess> nats = onNats(env);
            Optional<String> readSchema = onPostgresReadModel(env);
            env.put("CHRONICLE_LEDGER_PORT", Integer.toString(ledger));
            env.put("CHRONICLE_QUERY_PORT", Integer.toString(query));
            int dashboard = freePort();
            env.put("CHRONICLE_DASHBOARD_PORT", Integer.toString(dashboard));
            int processor = freePort();
            env.put("CHRONICLE_PROCESSOR_PORT", Integer.toString(processor));
            try {
                ServerConfig config = ServerConfig.from(env, List.of());
                return new RunningServer(ChronicleServer.start(config), ledger, query, dashboard, processor, schema,
                        nats, readSchema);
            } catch (RuntimeException e) {
                nats.ifPresent(NatsServerProcess::close);
                readSchema.ifPresent(RunningServer::dropSchema);
                last = e;
            }
        }
        throw new IllegalStateException("could not start the server on free ports", last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
        postgresSchema.ifPresent(RunningServer::dropSchema);
        readSchema.ifPresent(RunningServer::dropSchema);
        nats.ifPresent(NatsServerProcess::close);
    }

    /**
     * With {@code -Dchronicle.test.read=postgres} (the fourth run of the HTTP suite, on the full stack), points a
     * server that has no read model of its own at the test PostgreSQL, in a fresh schema.
     *
     * @return the schema to drop when the server closes
     */
    private static Optional<String> onPostgresReadModel(Map<String, String> env) {
        if (!"postgres".equals(System.getProperty("chronicle.test.read")) || env.containsKey("CHRONICLE_READ_URL")) {
            return Optional.empty();
        }
        String schema = "chronicle_read_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        env.put("CHRONICLE_READ_URL", POSTGRES_URL);
        env.put("CHRONICLE_READ_SCHEMA", schema);
        return Optional.of(schema);
    }

    /**
     * With {@code -Dchronicle.test.bus=nats} (the third run of the HTTP suite), starts a private nats-server
     * for a server that has no bus of its own and points it there. Private, because the events of one store
     * must not meet another store's in one stream, and {@code events.>} belongs to one stream per server.
     *
     * @return the NATS server to stop when the server closes
     */
    private static Optional<NatsServerProcess> onNats(Map<String, String> env) {
        if (!"nats".equals(System.getProperty("chronicle.test.bus")) || env.containsKey("CHRONICLE_NATS_URL")) {
            return Optional.empty();
        }
        NatsServerProcess nats = NatsServerProcess.start();
        env.put("CHRONICLE_NATS_URL", nats.url());
        return Optional.of(nats);
    }

    /**
     * With {@code -Dchronicle.test.store=postgres} (the second run of the HTTP suite), points a server that has no
     * store of its own at the test PostgreSQL ({@code CHRONICLE_PG_URL}, else the local one) in a fresh schema.
     *
     * @return the schema to drop when the server closes
     */
    private static Optional<String> onPostgres(Map<String, String> env) {
        if (!"postgres".equals(System.getProperty("chronicle.test.store")) || env.containsKey("CHRONICLE_STORE_URL")) {
            return Optional.empty();
        }
        String schema = "chronicle_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        env.put("CHRONICLE_STORE_URL", POSTGRES_URL);
        env.put("CHRONICLE_STORE_SCHEMA", schema);
        return Optional.of(schema);
    }

    /** Drops a schema of the test PostgreSQL and everything in it. */
    static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test schema " + schema, e);
        }
    }

    // ---- the server's internals, for the checks HTTP cannot make ----

    ApplicationContext context() {
        return context;
    }

    EventStore store() {
        return context.getBean(EventStore.class);
    }

    LedgerReadModel readModel() {
        return context.getBean(LedgerReadModel.class);
    }

    /** The global position of the newest event in the store: it moves exactly when something is recorded. */
    long headPosition() {
        return store().headPosition();
    }

    /** How many events the store holds after a position: counted, since positions may have holes (PostgreSQL). */
    long eventsAfter(long position) {
        AtomicLong events = new AtomicLong();
        EventLog.forEachAfter(store(), position, event -> events.incrementAndGet());
        return events.get();
    }

    int ledgerPort() {
        return ledgerPort;
    }

    int queryPort() {
        return queryPort;
    }

    int dashboardPort() {
        return dashboardPort;
    }

    /** The port of a process of role processor, which serves {@code /health} and {@code /metrics} only. */
    int processorPort() {
        return processorPort;
    }

    /** The port of {@code /health} for this process's role: the port it listens on, the query port for all. */
    int healthPort() {
        return switch (context.getBean(ServerConfig.class).role()) {
            case LEDGER -> ledgerPort;
            case PROCESSOR -> processorPort;
            case DASHBOARD -> dashboardPort;
            case QUERY, ALL -> queryPort;
        };
    }

    /** The dashboard's origin, which CORS allows by default. */
    String dashboardOrigin() {
        return "http://127.0.0.1:" + dashboardPort;
    }

    // ---- HTTP ----

    /** POSTs a JSON body to the ledger port. */
    Response post(String path, String json) {
        return post(path, json, Map.of());
    }

    /** POSTs a JSON body to the ledger port with extra headers. */
    Response post(String path, String json, Map<String, String> headers) {
        return send(ledgerPort, "POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    /** GETs a path on the query port. */
    Response get(String path) {
        return send(queryPort, "GET", path, null, null, Map.of());
    }

    /**
     * Sends any request.
     *
     * @param port        the port
     * @param method      the method
     * @param path        the path with its query
     * @param body        the body, or {@code null} for none
     * @param contentType the content type, or {@code null} to send none
     * @param headers     extra headers
     * @return the response, checked by {@link #sane}
     */
    Response send(int port, String method, String path, byte[] body, String contentType,
                  Map<String, String> headers) {
        return sane(sendUnchecked(port, method, path, body, contentType, headers));
    }

    /**
     * GETs a path without {@link #sane}'s checks, for answers that may be a 5xx by design (a 503 of
     * {@code /health} names the failure's exception class).
     *
     * @param port the port
     * @param path the path with its query
     * @return the response
     */
    Response getUnchecked(int port, String path) {
        return sendUnchecked(port, "GET", path, null, null, Map.of());
    }

    private Response sendUnchecked(int port, String method, String path, byte[] body, String contentType,
                                   Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Response(method + " :" + port + path, response.statusCode(), response.headers(),
                response.body(), parse(response.body()));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * The checks every response must pass: no server failure, and nothing of the server's insides shown: no
     * stack trace frame in any body, and no exception name in a JSON body. (Other bodies may name exceptions
     * legitimately: the Prometheus text of {@code /metrics} tags requests with {@code exception="ApiException"}.)
     */
    static Response sane(Response response) {
        assertThat(response.status()).as("status of %s: %s", response.request(), response.text())
                .isLessThan(500);
        assertThat(response.text()).as("body of %s", response.request())
                .doesNotContain("at io.", "at java.", "at com.", "\tat ");
        boolean json = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(true);
        if (json) {
            assertThat(response.text()).as("body of %s", response.request()).doesNotContain("Exception");
        }
        return response;
    }

    // ---- test data ----

    /** Returns a new account id, unique to this run: the prefix and a random suffix. */
    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a USD account and returns its id. */
    String createAccount(String prefix, String initialBalance) {
        return createAccount(prefix, initialBalance, "USD");
    }

    /** Creates an account, asserts the 201, and returns its id. */
    String createAccount(String prefix, String initialBalance, String currency) {
        String id = newId(prefix);
        Response created = post("/commands/create-account", "{\"account_id\":\"" + id
                + "\",\"owner_name\":\"Owner of " + id + "\",\"initial_balance\":\"" + initialBalance
                + "\",\"currency\":\"" + currency + "\"}");
        assertThat(created.status()).as("create %s: %s", id, created.text()).isEqualTo(201);
        return id;
    }

    /** Deposits and asserts the 200. */
    Response deposit(String id, String amount) {
        Response response = post("/commands/deposit",
                "{\"account_id\":\"" + id + "\",\"amount\":\"" + amount + "\"}");
        assertThat(response.status()).as("deposit to %s: %s", id, response.text()).isEqualTo(200);
        return response;
    }

    /** Transfers and asserts the 200. */
    Response transfer(String from, String to, String amount) {
        Response response = post("/commands/transfer", "{\"from_account_id\":\"" + from + "\",\"to_account_id\":\""
                + to + "\",\"amount\":\"" + amount + "\"}");
        assertThat(response.status()).as("transfer %s -> %s: %s", from, to, response.text()).isEqualTo(200);
        return response;
    }

    // ---- waiting for the read model ----

    /**
     * Polls {@code GET /accounts/{id}} until the account's version is at least {@code version}.
     *
     * @return the account as the read model then shows it
     */
    JsonNode awaitAccountVersion(String id, long version) {
        return awaitGet("/accounts/" + id, r -> r.status() == 200 && r.json().path("version").asLong() >= version,
                "account " + id + " at version " + version).json();
    }

    /** Polls until the read model has applied everything the store holds (the query port's lag is 0). */
    void awaitCaughtUp() {
        long head = headPosition();
        if (head == 0) {
            return;
        }
        awaitGet("/events?after=" + (head - 1) + "&limit=1",
                r -> r.status() == 200 && r.json().path("events").size() == 1
                        && r.json().path("events").get(0).path("position").asLong() == head,
                "the read model at position " + head);
        awaitGet("/health", r -> r.status() == 200 && r.json().path("projection").path("lag").asLong() == 0,
                "a projection lag of 0");
    }

    /** Polls a GET on the query port until its response satisfies a condition, within {@link #CATCH_UP}. */
    Response awaitGet(String path, Predicate<Response> done, String what) {
        Instant deadline = Instant.now().plus(CATCH_UP);
        Response last;
        while (true) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + CATCH_UP + " for " + what + "; last answer to GET " + path
                        + ": " + last.status() + " " + last.text());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** URL-encodes a query parameter value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A response: status, headers, raw text and parsed JSON body ({@link MissingNode} when not JSON).
     *
     * @param request a label of the request, for messages
     * @param status  the status
     * @param headers the headers
     * @param text    the body text
     * @param json    the parsed body
     */
    record Response(String request, int status, HttpHeaders headers, String text, JsonNode json) {

        /** The value of a header, if sent. */
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The {@code error.code} of an error body. */
        String errorCode() {
            return json.path("error").path("code").asText(null);
        }

        /** The {@code error.field} of an error body, {@code null} when absent. */
        String errorField() {
            JsonNode field = json.path("error").path("field");
            return field.isMissingNode() || field.isNull() ? null : field.asText();
        }

        /** The {@code error.message} of an error body. */
        String errorMessage() {
            return json.path("error").path("message").asText(null);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + text;
        }
    }
}
