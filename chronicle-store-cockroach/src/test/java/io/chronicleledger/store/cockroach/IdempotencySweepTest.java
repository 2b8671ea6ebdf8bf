package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the sweep of expired idempotency keys, on PostgreSQL")
class IdempotencySweepTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Test
    @DisplayName("forgets the keys older than the retention and keeps the newer ones")
    void sweepsOldKeys() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        CockroachEventStore then = store(start);
        CockroachEventStore later = store(start.plus(Duration.ofDays(2)));
        assertThat(then.append(AppendRequest.rememberOnly(new Idempotency("old-key", "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(later.append(AppendRequest.rememberOnly(new Idempotency("new-key", "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);

        assertThat(later.sweepIdempotencyKeys(Duration.ofDays(1))).isEqualTo(1);

        assertThat(later.findIdempotentAppend("old-key")).isEmpty();
        assertThat(later.findIdempotentAppend("new-key")).isPresent();
        assertThat(later.sweepIdempotencyKeys(Duration.ofDays(1))).isZero();
        assertThatThrownBy(() -> later.sweepIdempotencyKeys(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CockroachEventStore store(Instant now) {
        return CockroachEventStore.builder().dataSource(DATABASE.dataSource()).schema(DATABASE.schema())
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }
}
