package io.chronicleledger.store.cockroach;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The schema of the stores")
class SchemaTest {

    private static PostgresDatabase database;

    @BeforeAll
    static void connect() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        database.close();
    }

    @Test
    @DisplayName("is created once, at version 1, however often the stores are built")
    void createdOnce() throws SQLException {
        for (int i = 0; i < 3; i++) {
            CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
            CockroachSnapshotStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
        }

        assertThat(query("SELECT count(*) FROM " + database.schema() + ".schema_version")).isEqualTo(1);
        assertThat(query("SELECT max(version) FROM " + database.schema() + ".schema_version")).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM " + database.schema() + ".positions")).isEqualTo(1);
    }

    @Test
    @DisplayName("of a newer version is refused with a message saying so")
    void newerVersionRefused() throws SQLException {
        CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
        execute("INSERT INTO " + database.schema() + ".schema_version VALUES (99, 'from the future', now())");
        try {
            assertThatThrownBy(() -> CockroachEventStore.builder().dataSource(database.dataSource())
                    .schema(database.schema()).build())
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("version 99");
        } finally {
            execute("DELETE FROM " + database.schema() + ".schema_version WHERE version = 99");
        }
    }

    private static long query(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
