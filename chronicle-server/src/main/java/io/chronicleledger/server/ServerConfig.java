package io.chronicleledger.server;

import io.chronicleledger.bus.nats.NatsBusConfig;
import io.chronicleledger.core.support.Redaction;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of the server: one typed object, read from the environment and the command line, and
 * validated before anything starts.
 *
 * @param role        what this process does ({@code CHRONICLE_ROLE}, {@code --role}); default {@code all}
 * @param ledgerPort  the Ledger API port ({@code CHRONICLE_LEDGER_PORT}); default 4002
 * @param queryPort   the Query API port ({@code CHRONICLE_QUERY_PORT}); default 4001
 * @param dashboardPort the dashboard's port ({@code CHRONICLE_DASHBOARD_PORT}); default 3000
 * @param processorPort the port of a process of role {@code processor} ({@code CHRONICLE_PROCESSOR_PORT}), which
 *                    serves {@code /health} and {@code /metrics} only; default 4003
 * @param dashboardLedgerUrl the Ledger API URL the dashboard calls ({@code CHRONICLE_DASHBOARD_LEDGER_URL});
 *                    default this host on the ledger port
 * @param dashboardQueryUrl the Query API URL the dashboard calls ({@code CHRONICLE_DASHBOARD_QUERY_URL});
 *                    default this host on the query port
 * @param bind        the address to listen on ({@code CHRONICLE_BIND}); default {@code 127.0.0.1}
 * @param apiToken    the bearer token every request must carry ({@code CHRONICLE_API_TOKEN}), if any
 * @param insecure    whether a non-loopback address may be bound without a token ({@code --insecure})
 * @param storeUrl    the event store's JDBC URL ({@code CHRONICLE_STORE_URL}, {@code jdbc:postgresql://…} for
 *                    CockroachDB or PostgreSQL); in memory when absent
 * @param storeSchema the event store's schema ({@code CHRONICLE_STORE_SCHEMA}); default {@code chronicle}
 * @param storePoolSize the event store's connection pool size ({@code CHRONICLE_STORE_POOL_SIZE}); default 10
 * @param readUrl     the read model's JDBC URL ({@code CHRONICLE_READ_URL}, PostgreSQL 13+); in memory when absent
 * @param readSchema  the read model's schema ({@code CHRONICLE_READ_SCHEMA}); default {@code read_model}
 * @param readPoolSize the read model's connection pool size ({@code CHRONICLE_READ_POOL_SIZE}); default 10
 * @param nats        the NATS JetStream bus ({@code CHRONICLE_NATS_URL}, comma-separated servers, with
 *                    {@code CHRONICLE_NATS_STREAM}, {@code CHRONICLE_NATS_SUBJECT_PREFIX},
 *                    {@code CHRONICLE_NATS_REPLICAS}, {@code CHRONICLE_NATS_USER} and
 *                    {@code CHRONICLE_NATS_PASSWORD}, {@code CHRONICLE_NATS_TOKEN}, {@code CHRONICLE_NATS_CREDENTIALS});
 *                    in memory when absent
 * @param natsStartTimeout how long a start keeps trying to reach NATS and set up its streams before it gives up
 *                    ({@code CHRONICLE_NATS_START_TIMEOUT}, an ISO-8601 duration); default 30 s, so that a NATS
 *                    restarting or electing a stream leader does not stop a process that starts meanwhile
 * @param corsOrigins the origins allowed to call the APIs from a browser ({@code CHRONICLE_CORS_ORIGINS},
 *                    comma-separated); default the dashboard's address on port 3000
 * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
 *                    ({@code CHRONICLE_IDEMPOTENCY_RETENTION}, an ISO-8601 duration such as {@code PT24H} or
 *                    {@code P7D}); default 24 hours; a retry after it is a new request
 * @param rateLimit   the most requests per second of one client address ({@code CHRONICLE_RATE_LIMIT}), beyond
 *                    which it gets a 429 with {@code Retry-After}; default 0, no limit
 * @param requestThreads the threads that run requests ({@code CHRONICLE_REQUEST_THREADS}); default
 *                    {@value #DEFAULT_REQUEST_THREADS}
 * @param requestQueue the most requests waiting for one of them ({@code CHRONICLE_REQUEST_QUEUE}), beyond which a
 *                    request gets a 503 {@code SERVER_BUSY} with {@code Retry-After}; default
 *                    {@value #DEFAULT_REQUEST_QUEUE}
 * @param tls         HTTPS on every port, from PEM files ({@code CHRONICLE_TLS_CERT}, the certificate chain, and
 *                    {@code CHRONICLE_TLS_KEY}, its unencrypted private key); plain HTTP when absent
 */
public record ServerConfig(Role role, int ledgerPort, int queryPort, int dashboardPort, int processorPort,
                           Optional<String> dashboardLedgerUrl, Optional<String> dashboardQueryUrl,
                           String bind, Optional<String> apiToken,
                           boolean insecure, Optional<String> storeUrl, String storeSchema, int storePoolSize,
                           Optional<String> readUrl, String readSchema, int readPoolSize,
                           Optional<NatsBusConfig> nats, Duration natsStartTimeout, List<String> corsOrigins,
                           Duration idempotencyRetention,
                           int rateLimit, int requestThreads, int requestQueue, Optional<Tls> tls) {

    /** The shortest accepted API token. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** The threads that run requests unless {@code CHRONICLE_REQUEST_THREADS} says otherwise. */
    public static final int DEFAULT_REQUEST_THREADS = 64;

    /** The most requests waiting for a thread unless {@code CHRONICLE_REQUEST_QUEUE} says otherwise. */
    public static final int DEFAULT_REQUEST_QUEUE = 256;

    /** How long a start tries to reach NATS unless {@code CHRONICLE_NATS_START_TIMEOUT} says otherwise. */
    public static final Duration DEFAULT_NATS_START_TIMEOUT = Duration.ofSeconds(30);

    /** How long an idempotency key is remembered unless {@code CHRONICLE_IDEMPOTENCY_RETENTION} says otherwise. */
    public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

    /**
     * Creates and validates a configuration.
     *
     * @param role        the role
     * @param ledgerPort  the Ledger API port
     * @param queryPort   the Query API port
     * @param dashboardPort the dashboard's port
     * @param processorPort the port of a processor process's health and metrics
     * @param dashboardLedgerUrl the Ledger API URL the dashboard calls, if not the default
     * @param dashboardQueryUrl the Query API URL the dashboard calls, if not the default
     * @param bind        the address to listen on
     * @param apiToken    the API token, if any
     * @param insecure    whether to allow a non-loopback address without a token
     * @param storeUrl    the event store URL, if any
     * @param storeSchema the event store's schema
     * @param storePoolSize the event store's pool size
     * @param readUrl     the read model URL, if any
     * @param readSchema  the read model's schema
     * @param readPoolSize the read model's pool size
     * @param nats        the NATS bus, if any
     * @param natsStartTimeout how long a start tries to reach NATS, zero or more
     * @param corsOrigins the allowed browser origins
     * @param idempotencyRetention how long an idempotency key is remembered, positive
     * @param rateLimit   the most requests per second of one client, 0 (no limit) or more
     * @param requestThreads the threads that run requests, 1 to 10,000
     * @param requestQueue the most requests waiting for a thread, 0 to 100,000
     * @param tls         the certificate and key files, readable, if HTTPS
     * @throws ConfigException naming the first invalid setting
     */
    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
        validate(role, ledgerPort, queryPort, bind, apiToken, insecure, storeUrl, readUrl, nats);
        storeConfig(storeUrl, storeSchema, storePoolSize);
        checkReadModel(readUrl, readSchema);
        if (readPoolSize < 1 || readPoolSize > CockroachStoreConfig.MAX_POOL_SIZE) {
            throw new ConfigException("CHRONICLE_READ_POOL_SIZE", "must be 1 to " + CockroachStoreConfig.MAX_POOL_SIZE
                    + ", was " + readPoolSize);
        }
        checkPort("CHRONICLE_DASHBOARD_PORT", dashboardPort);
        if (dashboardPort == ledgerPort || dashboardPort == queryPort) {
            throw new ConfigException("CHRONICLE_DASHBOARD_PORT", "must differ from the ledger and query ports");
        }
        checkPort("CHRONICLE_PROCESSOR_PORT", processorPort);
        if (processorPort == ledgerPort || processorPort == queryPort || processorPort == dashboardPort) {
            throw new ConfigException("CHRONICLE_PROCESSOR_PORT", "must differ from the ledger, query and dashboard"
                    + " ports");
        }
        if (idempotencyRetention == null || idempotencyRetention.isNegative() || idempotencyRetention.isZero()) {
            throw new ConfigException("CHRONICLE_IDEMPOTENCY_RETENTION", "must be a positive duration, was "
                    + idempotencyRetention);
        }
        if (natsStartTimeout == null || natsStartTimeout.isNegative()) {
            throw new ConfigException("CHRONICLE_NATS_START_TIMEOUT", "must be a duration of zero or more, was "
                    + natsStartTimeout);
        }
        if (rateLimit < 0) {
            throw new ConfigException("CHRONICLE_RATE_LIMIT", "must be 0 (no limit) or more requests per second, was "
                    + rateLimit);
        }
        if (requestThreads < 1 || requestThreads > 10_000) {
            throw new ConfigException("CHRONICLE_REQUEST_THREADS", "must be 1 to 10000, was " + requestThreads);
        }
        if (requestQueue < 0 || requestQueue > 100_000) {
            throw new ConfigException("CHRONICLE_REQUEST_QUEUE", "must be 0 to 100000, was " + requestQueue);
        }
        tls.ifPresent(files -> {
            readable("CHRONICLE_TLS_CERT", files.certificate());
            readable("CHRONICLE_TLS_KEY", files.key());
        });
    }

    /**
     * The PEM files HTTPS is served with.
     *
     * @param certificate the certificate chain
     * @param key         the private key (PKCS#8 or PKCS#1, unencrypted)
     */
    public record Tls(Path certificate, Path key) {
    }

    /**
     * Returns the scheme the ports serve.
     *
     * @return {@code https} with TLS, else {@code http}
     */
    public String scheme() {
        return scheme(tls);
    }

    private static String scheme(Optional<Tls> tls) {
        return tls.isPresent() ? "https" : "http";
    }

    private static void readable(String variable, Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(variable, "names no readable file: " + file);
        }
    }

    /**
     * Reads the configuration from environment variables and command-line arguments ({@code --role=…},
     * {@code --insecure}); arguments win over variables.
     *
     * @param env  the environment
     * @param args the command-line arguments
     * @return the validated configuration
     * @throws ConfigException naming the first invalid setting
     */
    public static ServerConfig from(Map<String, String> env, List<String> args) {
        String role = env.getOrDefault("CHRONICLE_ROLE", "all");
        String roleSetting = "CHRONICLE_ROLE";
        boolean insecure = false;
        for (String arg : args) {
            if (arg.startsWith("--role=")) {
                role = arg.substring("--role=".length());
                roleSetting = "--role";
            } else if (arg.equals("--insecure")) {
                insecure = true;
            } else {
                throw new ConfigException(arg, "unknown option; the options are"
                        + " --role=ledger|query|processor|dashboard|all and --insecure");
            }
        }
        Role parsedRole;
        try {
            parsedRole = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(roleSetting,
                    "'" + role + "' is no role; use ledger, query, processor, dashboard or all");
        }
        int dashboardPort = integer(env, "CHRONICLE_DASHBOARD_PORT", 3000);
        Optional<Tls> tls = tls(env);
        String scheme = scheme(tls);
        return new ServerConfig(parsedRole,
                integer(env, "CHRONICLE_LEDGER_PORT", 4002),
                integer(env, "CHRONICLE_QUERY_PORT", 4001),
                dashboardPort,
                integer(env, "CHRONICLE_PROCESSOR_PORT", 4003),
                nonBlank(env, "CHRONICLE_DASHBOARD_LEDGER_URL"),
                nonBlank(env, "CHRONICLE_DASHBOARD_QUERY_URL"),
                env.getOrDefault("CHRONICLE_BIND", "127.0.0.1").trim(),
                nonBlank(env, "CHRONICLE_API_TOKEN"),
                insecure,
                nonBlank(env, "CHRONICLE_STORE_URL"),
                nonBlank(env, "CHRONICLE_STORE_SCHEMA").orElse("chronicle"),
                integer(env, "CHRONICLE_STORE_POOL_SIZE", CockroachStoreConfig.DEFAULT_POOL_SIZE),
                nonBlank(env, "CHRONICLE_READ_URL"),
                nonBlank(env, "CHRONICLE_READ_SCHEMA").orElse(PostgresLedgerReadModel.DEFAULT_SCHEMA),
                integer(env, "CHRONICLE_READ_POOL_SIZE", CockroachStoreConfig.DEFAULT_POOL_SIZE),
                natsConfig(env),
                duration(env, "CHRONICLE_NATS_START_TIMEOUT", DEFAULT_NATS_START_TIMEOUT),
                nonBlank(env, "CHRONICLE_CORS_ORIGINS")
                        .map(origins -> Arrays.stream(origins.split(",")).map(String::trim)
                                .filter(origin -> !origin.isEmpty()).toList())
                        .orElse(List.of(scheme + "://127.0.0.1:" + dashboardPort,
                                scheme + "://localhost:" + dashboardPort)),
                duration(env, "CHRONICLE_IDEMPOTENCY_RETENTION", DEFAULT_IDEMPOTENCY_RETENTION),
                integer(env, "CHRONICLE_RATE_LIMIT", 0),
                integer(env, "CHRONICLE_REQUEST_THREADS", DEFAULT_REQUEST_THREADS),
                integer(env, "CHRONICLE_REQUEST_QUEUE", DEFAULT_REQUEST_QUEUE),
                tls);
    }

    private static Optional<Tls> tls(Map<String, String> env) {
        Optional<String> certificate = nonBlank(env, "CHRONICLE_TLS_CERT");
        Optional<String> key = nonBlank(env, "CHRONICLE_TLS_KEY");
        if (certificate.isPresent() != key.isPresent()) {
            throw new ConfigException(certificate.isPresent() ? "CHRONICLE_TLS_KEY" : "CHRONICLE_TLS_CERT",
                    "must be set with " + (certificate.isPresent() ? "CHRONICLE_TLS_CERT" : "CHRONICLE_TLS_KEY")
                            + ": HTTPS needs the certificate and its key");
        }
        return certificate.map(file -> new Tls(Path.of(file), Path.of(key.orElseThrow())));
    }

    /**
     * Returns the configuration of the CockroachDB/PostgreSQL event store, when {@code CHRONICLE_STORE_URL} is
     * set.
     *
     * @return the store's configuration, validated
     * @throws ConfigException naming the variable of a bad value
     */
    public Optional<CockroachStoreConfig> storeConfig() {
        return storeConfig(storeUrl, storeSchema, storePoolSize);
    }

    private static Optional<CockroachStoreConfig> storeConfig(Optional<String> storeUrl, String storeSchema,
                                                              int storePoolSize) {
        if (storeUrl.isEmpty()) {
            return Optional.empty();
        }
        CockroachStoreConfig store = CockroachStoreConfig.of(storeUrl.get()).withSchema(storeSchema)
                .withPoolSize(storePoolSize);
        try {
            return Optional.of(store.validate());
        } catch (IllegalArgumentException e) {
            String variable = e.getMessage().startsWith("schema") ? "CHRONICLE_STORE_SCHEMA"
                    : e.getMessage().startsWith("poolSize") ? "CHRONICLE_STORE_POOL_SIZE" : "CHRONICLE_STORE_URL";
            throw new ConfigException(variable, e.getMessage());
        }
    }

    /**
     * Returns whether the process runs on the in-memory adapters (nothing configured).
     *
     * @return {@code true} when no adapter URL is set
     */
    public boolean inMemory() {
        return storeUrl.isEmpty() && readUrl.isEmpty() && nats.isEmpty();
    }

    private static void checkReadModel(Optional<String> readUrl, String readSchema) {
        if (readUrl.isPresent() && !readUrl.get().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("CHRONICLE_READ_URL", "must be a PostgreSQL JDBC URL (jdbc:postgresql://…), was '"
                    + readUrl.get().replaceAll("password=[^&]*", "password=****") + "'");
        }
        if (!SqlSchemaNames.isValid(readSchema)) {
            throw new ConfigException("CHRONICLE_READ_SCHEMA", "must be a lower-case SQL identifier ("
                    + SqlSchemaNames.PATTERN + "), was '" + readSchema + "'");
        }
    }

    private static Optional<NatsBusConfig> natsConfig(Map<String, String> env) {
        Optional<String> url = nonBlank(env, "CHRONICLE_NATS_URL");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        NatsBusConfig config = NatsBusConfig.of(url.get())
                .withStreamName(nonBlank(env, "CHRONICLE_NATS_STREAM").orElse(NatsBusConfig.DEFAULT_STREAM))
                .withSubjectPrefix(nonBlank(env, "CHRONICLE_NATS_SUBJECT_PREFIX")
                        .orElse(NatsBusConfig.DEFAULT_SUBJECT_PREFIX))
                .withReplicas(integer(env, "CHRONICLE_NATS_REPLICAS", 1));
        Optional<String> user = nonBlank(env, "CHRONICLE_NATS_USER");
        Optional<String> password = nonBlank(env, "CHRONICLE_NATS_PASSWORD");
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException(user.isPresent() ? "CHRONICLE_NATS_USER" : "CHRONICLE_NATS_PASSWORD",
                    "CHRONICLE_NATS_USER and CHRONICLE_NATS_PASSWORD go together; only one is set");
        }
        if (user.isPresent()) {
            config = config.withUserInfo(user.get(), password.get());
        }
        Optional<String> token = nonBlank(env, "CHRONICLE_NATS_TOKEN");
        if (token.isPresent()) {
            config = config.withToken(token.get());
        }
        Optional<String> credentials = nonBlank(env, "CHRONICLE_NATS_CREDENTIALS");
        if (credentials.isPresent()) {
            config = config.withCredentialsFile(Path.of(credentials.get()));
        }
        try {
            return Optional.of(config.validate());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String variable = message.startsWith("streamName") ? "CHRONICLE_NATS_STREAM"
                    : message.startsWith("subjectPrefix") ? "CHRONICLE_NATS_SUBJECT_PREFIX"
                    : message.startsWith("replicas") ? "CHRONICLE_NATS_REPLICAS"
                    : message.startsWith("credentialsFile") ? "CHRONICLE_NATS_CREDENTIALS"
                    : message.startsWith("token") ? "CHRONICLE_NATS_TOKEN" : "CHRONICLE_NATS_URL";
            throw new ConfigException(variable, message);
        }
    }

    private static void validate(Role role, int ledgerPort, int queryPort, String bind, Optional<String> apiToken,
                                 boolean insecure, Optional<String> storeUrl, Optional<String> readUrl,
                                 Optional<NatsBusConfig> nats) {
        if (role == null) {
            throw new ConfigException("CHRONICLE_ROLE", "is required");
        }
        checkPort("CHRONICLE_LEDGER_PORT", ledgerPort);
        checkPort("CHRONICLE_QUERY_PORT", queryPort);
        if (ledgerPort == queryPort) {
            throw new ConfigException("CHRONICLE_QUERY_PORT", "must differ from CHRONICLE_LEDGER_PORT (" + ledgerPort + ")");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException("CHRONICLE_BIND", "'" + bind + "' is not an address of this machine");
        }
        if (apiToken.isPresent() && apiToken.get().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("CHRONICLE_API_TOKEN", "must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (!address.isLoopbackAddress() && apiToken.isEmpty() && !insecure) {
            throw new ConfigException("CHRONICLE_BIND", bind + " is reachable from other machines: set"
                    + " CHRONICLE_API_TOKEN, or pass --insecure to serve without one");
        }
        if (readUrl.isPresent() && (storeUrl.isEmpty() || nats.isEmpty())) {
            throw new ConfigException("CHRONICLE_READ_URL", "the PostgreSQL read model is fed from the shared store"
                    + " through NATS: set CHRONICLE_STORE_URL and CHRONICLE_NATS_URL too, or unset CHRONICLE_READ_URL"
                    + " to run on the in-memory read model");
        }
        if (nats.isPresent() && storeUrl.isEmpty()) {
            throw new ConfigException("CHRONICLE_NATS_URL", "the bus carries the events of a shared store: set"
                    + " CHRONICLE_STORE_URL too, or unset CHRONICLE_NATS_URL to run in memory");
        }
        if (role != Role.ALL && role != Role.DASHBOARD
                && (storeUrl.isEmpty() || readUrl.isEmpty() || nats.isEmpty())) {
            throw new ConfigException("CHRONICLE_ROLE", "role " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " runs a part of the ledger in its own process, which needs shared adapters"
                    + " (CHRONICLE_STORE_URL, CHRONICLE_READ_URL, CHRONICLE_NATS_URL); with in-memory ones,"
                    + " use role all");
        }
    }

    private static void checkPort(String variable, int port) {
        if (port < 1 || port > 65_535) {
            throw new ConfigException(variable, "must be a port from 1 to 65535, was " + port);
        }
    }

    private static int integer(Map<String, String> env, String variable, int defaultValue) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(variable, "must be a whole number, was '" + value + "'");
        }
    }

    private static Duration duration(Map<String, String> env, String variable, Duration defaultValue) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(variable, "must be an ISO-8601 duration such as PT24H or P7D, was '"
                    + value + "'");
        }
    }

    private static Optional<String> nonBlank(Map<String, String> env, String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * Describes the configuration without its secrets: the API token hidden, and the passwords of the JDBC URLs
     * and of NATS.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "ServerConfig[role=" + role + ", ledgerPort=" + ledgerPort + ", queryPort=" + queryPort
                + ", dashboardPort=" + dashboardPort + ", processorPort=" + processorPort
                + ", dashboardLedgerUrl=" + dashboardLedgerUrl + ", dashboardQueryUrl=" + dashboardQueryUrl
                + ", bind=" + bind + ", apiToken=" + Redaction.secret(apiToken) + ", insecure=" + insecure
                + ", storeUrl=" + storeUrl.map(Redaction::url) + ", storeSchema=" + storeSchema
                + ", storePoolSize=" + storePoolSize + ", readUrl=" + readUrl.map(Redaction::url)
                + ", readSchema=" + readSchema + ", readPoolSize=" + readPoolSize + ", nats=" + nats
                + ", natsStartTimeout=" + natsStartTimeout + ", corsOrigins=" + corsOrigins + ", idempotencyRetention=" + idempotencyRetention
                + ", rateLimit=" + rateLimit + ", requestThreads=" + requestThreads + ", requestQueue="
                + requestQueue + ", tls=" + tls + "]";
    }
}
