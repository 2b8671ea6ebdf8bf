package io.chronicleledger.core.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SqlFailures")
class SqlFailuresTest {

    @Test
    @DisplayName("a dropped, refused or timed-out connection, a restart, a busy server, a lost race: transient")
    void transientFailures() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P03", "53300", "57014", "40001", "40P01"}) {
            assertThat(SqlFailures.isTransient(new SQLException("failed", state))).as(state).isTrue();
        }
        assertThat(SqlFailures.isTransient(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    @DisplayName("a transient cause deep in the chain counts")
    void causeChain() {
        RuntimeException wrapped = new IllegalStateException("append failed",
                new RuntimeException("statement failed", new SQLException("terminating connection", "57P01")));
        assertThat(SqlFailures.isTransient(wrapped)).isTrue();
    }

    @Test
    @DisplayName("a broken statement, a broken rule or no SQL failure at all: not transient")
    void lastingFailures() {
        assertThat(SqlFailures.isTransient(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(SqlFailures.isTransient(new SQLIntegrityConstraintViolationException("duplicate", "23505")))
                .isFalse();
        assertThat(SqlFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(SqlFailures.isTransient(new UncheckedIOException(new IOException("disk")))).isFalse();
        assertThat(SqlFailures.isTransient(null)).isFalse();
    }
}
