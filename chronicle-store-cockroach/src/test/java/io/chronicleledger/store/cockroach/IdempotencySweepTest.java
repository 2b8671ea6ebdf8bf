package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the sweep of expired idempotency keys, on PostgreSQL")
class IdempotencySweepTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Test
    @DisplayName("forgets the keys older than the retention on the database's clock and keeps the newer ones")
    void sweepsOldKeys() throws Exception {
        CockroachEventStore store = store(Clock.systemUTC());
        assertThat(store.append(AppendRequest.rememberOnly(new Idempotency("old-key", "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(store.append(AppendRequest.rememberOnly(new Idempotency("new-key", "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);
        age("old-key", Duration.ofDays(2));

        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isEqualTo(1);

        assertThat(store.findIdempotentAppend("old-key")).isEmpty();
        assertThat(store.findIdempotentAppend("new-key")).isPresent();
        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isZero();
        assertThatThrownBy(() -> store.sweepIdempotencyKeys(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a process whose clock runs ahead sweeps no key another process has just written")
    void clockAheadSweepsNothingNew() {
        CockroachEventStore writer = store(Clock.systemUTC());
        CockroachEventStore ahead = store(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        assertThat(writer.append(AppendRequest.rememberOnly(new Idempotency("fresh-key", "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);

        assertThat(ahead.sweepIdempotencyKeys(Duration.ofMinutes(5))).isZero();

        assertThat(writer.findIdempotentAppend("fresh-key")).isPresent();
    }

    /** Makes a key look written {@code by} earlier. */
    private static void age(String key, Duration by) throws Exception {
        try (Connection connection = DATABASE.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE " + DATABASE.schema()
                     + ".idempotency_keys SET created_at = created_at - ? * INTERVAL '1 second' "
                     + "WHERE idempotency_key = ?")) {
            statement.setLong(1, by.toSeconds());
            statement.setString(2, key);
            assertThat(statement.executeUpdate()).isOne();
        }
    }

    private static CockroachEventStore store(Clock clock) {
        return CockroachEventStore.builder().dataSource(DATABASE.dataSource()).schema(DATABASE.schema())
                .clock(clock).build();
    }
}
