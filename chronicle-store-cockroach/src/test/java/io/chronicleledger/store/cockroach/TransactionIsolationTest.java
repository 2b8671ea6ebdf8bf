package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.chronicleledger.store.cockroach.TestAppends.append;
import static io.chronicleledger.store.cockroach.TestAppends.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the event store on PostgreSQL needs connections at READ COMMITTED")
class TransactionIsolationTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Test
    @DisplayName("refuses to build on connections at REPEATABLE READ or SERIALIZABLE, saying what to set, "
            + "before it creates any table")
    void refusesAnotherLevel() throws Exception {
        for (String level : new String[] {"TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"}) {
            String schema = DATABASE.schema() + "_x";
            try (HikariDataSource dataSource = pool(level)) {
                assertThatThrownBy(() -> CockroachEventStore.builder().dataSource(dataSource).schema(schema).build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("READ COMMITTED")
                        .hasMessageContaining(level.substring("TRANSACTION_".length()).replace('_', ' '))
                        .hasMessageContaining("transactionIsolation");
                assertThat(schemaExists(dataSource, schema)).isFalse();
            }
        }
    }

    @Test
    @DisplayName("builds and appends on connections at READ COMMITTED, set or by default")
    void buildsAtReadCommitted() {
        try (HikariDataSource dataSource = pool("TRANSACTION_READ_COMMITTED")) {
            CockroachEventStore store = CockroachEventStore.builder().dataSource(dataSource)
                    .schema(DATABASE.schema()).build();
            assertThat(store.append(AppendRequest.of(append(newStream(), 0, 1))))
                    .isInstanceOf(AppendResult.Appended.class);
        }
    }

    private static HikariDataSource pool(String isolation) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DATABASE.dataSource().getJdbcUrl());
        config.setMaximumPoolSize(2);
        config.setTransactionIsolation(isolation);
        return new HikariDataSource(config);
    }

    private static boolean schemaExists(HikariDataSource dataSource, String schema) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
            row.next();
            return row.getInt(1) > 0;
        }
    }
}
