package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.support.Redaction;
import io.chronicleledger.core.support.SqlSchemaNames;

import java.util.Objects;

/**
 * Where the stores find their database: a JDBC URL (CockroachDB or PostgreSQL, both through the PostgreSQL
 * driver), optional credentials, the schema that holds the tables and the size of the connection pool.
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
 */
public record CockroachStoreConfig(String url, String username, String password, String schema, int poolSize) {

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "public";

    /** The pool size used when none is given. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** The largest pool size {@link #validate()} accepts. */
    public static final int MAX_POOL_SIZE = 1_000;

    private static final String URL_PREFIX = "jdbc:postgresql:";

    /**
     * Returns a configuration with the default schema and pool size, and the credentials of the URL.
     *
     * @param url the JDBC URL
     * @return the configuration
     */
    public static CockroachStoreConfig of(String url) {
        return new CockroachStoreConfig(url, null, null, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE);
    }

    /**
     * Returns this configuration with credentials.
     *
     * @param user     the user
     * @param secret   the password
     * @return the new configuration
     */
    public CockroachStoreConfig withCredentials(String user, String secret) {
        return new CockroachStoreConfig(url, user, secret, schema, poolSize);
    }

    /**
     * Returns this configuration with another schema.
     *
     * @param name the schema
     * @return the new configuration
     */
    public CockroachStoreConfig withSchema(String name) {
        return new CockroachStoreConfig(url, username, password, name, poolSize);
    }

    /**
     * Returns this configuration with another pool size.
     *
     * @param size the most connections
     * @return the new configuration
     */
    public CockroachStoreConfig withPoolSize(int size) {
        return new CockroachStoreConfig(url, username, password, schema, size);
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
        return this;
    }

    /**
     * Validates this configuration and opens a connection pool on it. The pool connects at once, so an
     * unreachable database fails here. The caller owns the pool and closes it.
     *
     * @return the pool
     * @throws IllegalArgumentException when a field is bad
     * @throws EventStoreException      when the database cannot be reached
     */
    public HikariDataSource createDataSource() {
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
        hikari.setPoolName("chronicle-store-" + schema);
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
                + ", poolSize=" + poolSize + "]";
    }
}
