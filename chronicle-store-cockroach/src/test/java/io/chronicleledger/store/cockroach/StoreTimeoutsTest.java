package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.support.SqlFailures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** No call to the database waits forever: the pool's wait and every statement's answer are bounded. */
@DisplayName("the store's timeouts")
class StoreTimeoutsTest {

    private static final String URL = System.getenv().getOrDefault("CHRONICLE_PG_URL", PostgresDatabase.DEFAULT_URL);

    @Test
    @DisplayName("a statement slower than the socket timeout fails, transiently, and the pool goes on")
    void slowStatement() throws SQLException {
        try (HikariDataSource pool = CockroachStoreConfig.of(URL).withPoolSize(1)
                .withSocketTimeout(Duration.ofSeconds(1)).createDataSource()) {
            SQLException timedOut = catchThrowableOfType(SQLException.class, () -> sleep(pool, 3));

            assertThat((Throwable) timedOut).as("pg_sleep(3) under a 1 s socket timeout").isNotNull();
            assertThat(SqlFailures.isTransient(timedOut)).as(timedOut.toString()).isTrue();
            sleep(pool, 0);
        }
    }

    @Test
    @DisplayName("a socketTimeout in the URL wins: 0 lets a long statement finish")
    void urlWins() throws SQLException {
        String url = URL + (URL.contains("?") ? "&" : "?") + "socketTimeout=0";
        try (HikariDataSource pool = CockroachStoreConfig.of(url).withPoolSize(1)
                .withSocketTimeout(Duration.ofSeconds(1)).createDataSource()) {
            sleep(pool, 2);
        }
    }

    @Test
    @DisplayName("a caller waits for a pooled connection at most 5 s, then fails transiently")
    void poolWait() throws SQLException {
        try (HikariDataSource pool = CockroachStoreConfig.of(URL).withPoolSize(1).createDataSource();
             Connection taken = pool.getConnection()) {
            assertThat(taken.isValid(1)).isTrue();
            assertThat(pool.getConnectionTimeout()).isEqualTo(CockroachStoreConfig.CONNECTION_TIMEOUT_MILLIS);
            SQLException none = catchThrowableOfType(SQLException.class, pool::getConnection);
            assertThat((Throwable) none).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(SqlFailures.isTransient(none)).isTrue();
        }
    }

    @Test
    @DisplayName("a socket timeout is whole seconds, zero for none, never negative")
    void validation() {
        CockroachStoreConfig config = CockroachStoreConfig.of(URL);
        assertThat(config.socketTimeout()).isEqualTo(CockroachStoreConfig.DEFAULT_SOCKET_TIMEOUT);
        assertThat(config.withSocketTimeout(Duration.ZERO).validate().socketTimeout()).isZero();
        assertThatThrownBy(() -> config.withSocketTimeout(Duration.ofSeconds(-1)).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketTimeout");
        assertThatThrownBy(() -> config.withSocketTimeout(Duration.ofMillis(1_500)).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> config.withSocketTimeout(null).validate())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(HikariDataSource pool, int seconds) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_sleep(" + seconds + ")");
        }
    }
}
