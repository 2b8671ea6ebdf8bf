package io.chronicleledger.store.cockroach;

import io.chronicleledger.store.cockroach.internal.Transactions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("a transaction of the store")
class TransactionsTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Test
    @DisplayName("whose rollback fails is not committed by turning auto-commit back on: its work is lost, not half-kept")
    void failedRollbackCommitsNothing() throws Exception {
        String table = DATABASE.schema() + ".scratch";
        try (Connection connection = DATABASE.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + DATABASE.schema());
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }

        assertThatThrownBy(() -> Transactions.inTransaction(rollbackFails(DATABASE.dataSource()), "test", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + table + " VALUES (1)");
            }
            throw new IllegalStateException("the work fails half-way");
        })).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(SQLException.class));

        try (Connection connection = DATABASE.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            assertThat(rows.getInt(1)).as("rows of the failed transaction").isZero();
        }
    }

    /** The database, its connections' rollback failing (a broken link the pool has not noticed yet). */
    private static DataSource rollbackFails(DataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (source, method, arguments) -> {
                    Object result = Forwarding.call(database, method, arguments);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection real = (Connection) result;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (connection, call, args) -> {
                                if (call.getName().equals("rollback") && (args == null || args.length == 0)) {
                                    throw new SQLException("the rollback did not reach the database", "08006");
                                }
                                return Forwarding.call(real, call, args);
                            });
                });
    }
}
