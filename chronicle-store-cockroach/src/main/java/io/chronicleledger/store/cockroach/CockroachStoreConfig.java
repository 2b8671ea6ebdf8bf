package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.support.Redaction;
import io.chronicleledger.core.support.SqlSchemaNames;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the stores find their database: a JDBC URL (CockroachDB or PostgreSQL, both through the PostgreSQL
 * driver), optional credentials, the schema that holds the tables, the size of the connection pool and the
 * longest a statement's answer may take.
 *
 * <p>No call waits forever: the pool hands out a connection within {@value #CONNECTION_TIMEOUT_MILLIS} ms or
 * fails ({@link java.sql.SQLTransientConnectionException}), and a statement whose answer does not arrive within
 * the socket timeout fails with SQLSTATE 08006 (the driver's {@code socketTimeout}; the connection is dropped).
 * Both failures are transient ({@link io.chronicleledger.core.support.SqlFailures}). A {@code socketTimeout} in
 * the URL wins over the configured one; bulk jobs that run long statements on purpose set
 * {@link Duration#ZERO}, no timeout.
 *
 * <pre>{@code
 * CockroachStoreConfig config = CockroachStoreConfig.of("jdbc:postgresql://localhost:26257/ledger?sslmode=disable")
 *         .withCredentials("root", "")
 *         .withPoolSize(20);
 * HikariDataSource dataSource = config.createDataSource();
 * }</pre>
 *
 * @param url      the JDBC URL, {@code jdbc:postgresql://host:port/database...}
 * @param username the user, or {@code null} to take it from the URL
 * @param password the password, or {@code null} to take it from the URL
 * @param schema   the schema of the tables, a lower-case SQL identifier ({@value #DEFAULT_SCHEMA} by default)
 * @param poolSize the most connections the pool opens, 1 to {@value #MAX_POOL_SIZE}
 * @param socketTimeout the longest a statement's answer may take to arrive, in whole seconds; {@link Duration#ZERO}
 *                      for no limit ({@link #DEFAULT_SOCKET_TIMEOUT} by default)
 */
public record CockroachStoreConfig(String url, String username, String password, String schema, int poolSize,
                                   Duration socketTimeout) {

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "public";

    /** The pool size used when none is given. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** The largest pool size {@link #validate()} accepts. */
    public static final int MAX_POOL_SIZE = 1_000;

    /** The socket timeout used when none is given: longer than any statement of the stores should take. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /** How long the pool may take to hand out a connection, a new one included. */
    public static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private static final String URL_PREFIX = "jdbc:postgresql:";

    /**
     * Returns a configuration with the default schema and pool size, and the credentials of the URL.
     *
     * @param url the JDBC URL
     * @return the configuration
     */
    public static CockroachStoreConfig of(String url) {
        return new CockroachStoreConfig(url, null, null, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, DEFAULT_SOCKET_TIMEOUT);
    }

    /**
     * Returns this configuration with credentials.
     *
     * @param user     the user
     * @param secret   the password
     * @return the new configuration
     */
    public CockroachStoreConfig withCredentials(String user, String secret) {
        return new CockroachStoreConfig(url, user, secret, schema, poolSize, socketTimeout);
    }

    /**
     * Returns this configuration with another schema.
     *
     * @param name the schema
     * @return the new configuration
     */
    public CockroachStoreConfig withSchema(String name) {
        return new CockroachStoreConfig(url, username, password, name, poolSize, socketTimeout);
    }

    /**
     * Returns this configuration with another pool size.
     *
     * @param size the most connections
     * @return the new configuration
     */
    public CockroachStoreConfig withPoolSize(int size) {
        return new CockroachStoreConfig(url, username, password, schema, size, socketTimeout);
    }

    /**
     * Returns this configuration with another socket timeout.
     *
     * @param timeout the longest a statement's answer may take, in whole seconds; {@link Duration#ZERO} for none
     * @return the new configuration
     */
    public CockroachStoreConfig withSocketTimeout(Duration timeout) {
        return new CockroachStoreConfig(url, username, password, schema, poolSize, timeout);
    }

    /**
     * Checks every field.
     *
     * @return this configuration
     * @throws IllegalArgumentException naming the first bad field
     */
    public CockroachStoreConfig validate() {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("url must start with " + URL_PREFIX + ", was "
                    + (url == null ? "null" : "'" + Redaction.url(url) + "'"));
        }
        SqlSchemaNames.check(schema);
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("poolSize must be 1 to " + MAX_POOL_SIZE + ", was " + poolSize);
        }
        if (socketTimeout == null || socketTimeout.isNegative() || socketTimeout.toNanos() % 1_000_000_000L != 0
                || socketTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("socketTimeout must be whole seconds, zero for none, was "
                    + socketTimeout);
        }
        return this;
    }

    /**
     * Validates this configuration and opens a connection pool on it, named {@code chronicle-store-<schema>}.
     * The pool connects at once, so an unreachable database fails here. The caller owns the pool and closes it.
     *
     * @return the pool
     * @throws IllegalArgumentException when a field is bad
     * @throws EventStoreException      when the database cannot be reached
     */
    public HikariDataSource createDataSource() {
        return createDataSource("chronicle-store-" + schema);
    }

    /**
     * Validates this configuration and opens a connection pool on it, with a name of the caller's (for logs and
     * metrics). The pool connects at once, so an unreachable database fails here. The caller owns the pool and
     * closes it.
     *
     * @param poolName the pool's name
     * @return the pool
     * @throws IllegalArgumentException when a field is bad
     * @throws EventStoreException      when the database cannot be reached
     */
    public HikariDataSource createDataSource(String poolName) {
        validate();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        if (username != null) {
            hikari.setUsername(username);
        }
        if (password != null) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        hikari.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        hikari.setPoolName(poolName);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new EventStoreException("cannot connect to " + Redaction.url(url) + " as "
                    + Objects.requireNonNullElse(username, "the URL's user") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Describes this configuration without its password, nor one the URL carries.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "CockroachStoreConfig[url=" + Redaction.url(url) + ", username=" + username
                + ", password=" + (password == null ? "null" : "****") + ", schema=" + schema
                + ", poolSize=" + poolSize + ", socketTimeout=" + socketTimeout + "]";
    }
}
