package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema for one test class on a database that speaks the PostgreSQL protocol, dropped on
 * {@link #close()}. {@link #create()} uses the test PostgreSQL, found through {@code CHRONICLE_PG_URL} (a JDBC
 * URL), else at {@value #DEFAULT_URL}; when it cannot be reached the test fails and says how to start it.
 * {@link #connect(String, String, String)} takes any PostgreSQL or CockroachDB JDBC URL (the CockroachDB
 * suites pass the one of their container).
 */
final class PostgresDatabase implements AutoCloseable {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final HikariDataSource dataSource;
    private final String schema;

    private PostgresDatabase(HikariDataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Connects and names a new schema (the stores create it).
     *
     * @return the database
     */
    static PostgresDatabase create() {
        String env = System.getenv("CHRONICLE_PG_URL");
        String url = env == null || env.isBlank() ? DEFAULT_URL : env;
        try {
            return connect(url, null, null);
        } catch (EventStoreException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "). "
                    + "Start it with `scripts/setup-services.sh`, or with "
                    + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
                    + "or point CHRONICLE_PG_URL at a PostgreSQL 13+ (or CockroachDB) JDBC URL.", e);
        }
    }

    /**
     * Connects to a PostgreSQL or CockroachDB database and names a new schema (the stores create it).
     *
     * @param url      the JDBC URL, {@code jdbc:postgresql://...}
     * @param username the user, or {@code null} to take it from the URL
     * @param password the password, or {@code null} to take it from the URL
     * @return the database
     * @throws EventStoreException when the database cannot be reached
     */
    static PostgresDatabase connect(String url, String username, String password) {
        String schema = "chronicle_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CockroachStoreConfig config = CockroachStoreConfig.of(url).withCredentials(username, password)
                .withSchema(schema).withPoolSize(16);
        return new PostgresDatabase(config.createDataSource(), schema);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    String schema() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            dataSource.close();
        }
    }
}
