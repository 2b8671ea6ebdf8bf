package io.chronicleledger.projection.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.UUID;

/**
 * The test PostgreSQL, found through {@code CHRONICLE_PG_URL} (a JDBC URL), else at {@value #DEFAULT_URL}: one
 * pool per test JVM, and fresh schema names. When the database cannot be reached the test fails and says how
 * to start it.
 */
public final class TestDatabase {

    /** The database when {@code CHRONICLE_PG_URL} is not set. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static HikariDataSource dataSource;

    private TestDatabase() {
    }

    /** Returns the JDBC URL of the database: {@code CHRONICLE_PG_URL}, else {@value #DEFAULT_URL}. */
    public static String url() {
        String env = System.getenv("CHRONICLE_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    /** Returns the pool, connecting on first use; it lives as long as the test JVM. */
    public static synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            String url = url();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(12);
            config.setPoolName("chronicle-projection-pg-test");
            try {
                dataSource = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new AssertionError("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "). "
                        + "Start it with `scripts/setup-services.sh`, or with "
                        + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
                        + "or point CHRONICLE_PG_URL at a PostgreSQL 13+ JDBC URL.", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close, "close-test-pool"));
        }
        return dataSource;
    }

    /** Returns a schema name no other test uses: {@code read_model_test_} and 12 random hex digits. */
    public static String freshSchema() {
        return "read_model_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
