package io.chronicleledger.projection.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.testkit.ProjectionConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

import java.util.UUID;

/**
 * The PostgreSQL read model passes the projection conformance suite; each read model gets a fresh schema on
 * the test PostgreSQL, found through {@code CHRONICLE_PG_URL} (a JDBC URL), else at {@value #DEFAULT_URL}.
 */
@DisplayName("PostgresLedgerReadModel conformance")
class PostgresProjectionConformanceTest extends ProjectionConformance {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static HikariDataSource dataSource;

    @Override
    protected LedgerReadModel createReadModel() {
        String schema = "read_model_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return PostgresLedgerReadModel.builder().dataSource(dataSource()).schema(schema).build();
    }

    @Override
    protected void cleanUp(LedgerReadModel readModel) {
        ((PostgresLedgerReadModel) readModel).dropSchema();
    }

    @AfterAll
    static void closeDataSource() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }

    private static synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            String env = System.getenv("CHRONICLE_PG_URL");
            String url = env == null || env.isBlank() ? DEFAULT_URL : env;
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(8);
            config.setPoolName("chronicle-projection-pg-test");
            try {
                dataSource = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new AssertionError("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "). "
                        + "Start it with `scripts/setup-services.sh`, or with "
                        + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
                        + "or point CHRONICLE_PG_URL at a PostgreSQL 13+ JDBC URL.", e);
            }
        }
        return dataSource;
    }
}
