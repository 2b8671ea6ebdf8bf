package io.chronicleledger.core.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SchemaCreation")
class SchemaCreationTest {

    @Test
    @DisplayName("runs again after a race with another process or a dropped connection, until it succeeds")
    void retriesRacesAndTransientFailures() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        String[] failures = {"42P07", "57P01", "08006", "23505"};

        int attempts = SchemaCreation.run(() -> {
            int run = runs.getAndIncrement();
            if (run < failures.length) {
                throw new SQLException("failed", failures[run]);
            }
        });

        assertThat(attempts).isEqualTo(5);
    }

    @Test
    @DisplayName("fails at once on a failure that would happen again")
    void lastingFailure() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> SchemaCreation.run(() -> {
            runs.incrementAndGet();
            throw new SQLException("permission denied for database", "42501");
        })).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("gives up after MAX_ATTEMPTS, with the last failure")
    void givesUp() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> SchemaCreation.run(() -> {
            throw new SQLException("terminating connection " + runs.incrementAndGet(), "57P01");
        })).hasMessage("terminating connection " + SchemaCreation.MAX_ATTEMPTS);
        assertThat(runs).hasValue(SchemaCreation.MAX_ATTEMPTS);
    }
}
