package io.chronicleledger.core.memory;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("InMemoryEventStore (what the ledger relies on)")
class InMemoryEventStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore(clock);

    private static StreamAppend append(String stream, long expected, int events) {
        List<NewEvent> news = new java.util.ArrayList<>();
        for (int i = 0; i < events; i++) {
            news.add(new NewEvent(UUID.randomUUID(), "Happened", 1, "{}", NewEvent.NO_METADATA));
        }
        return new StreamAppend(stream, "Thing", expected, news);
    }

    @Test
    @DisplayName("appends to several streams atomically: one wrong version and nothing is written")
    void atomic_multi_stream_append() {
        store.append(AppendRequest.of(append("A", 0, 1)));

        AppendResult result = store.append(AppendRequest.of(append("B", 0, 1), append("A", 0, 1)));

        assertThat(result).isEqualTo(new AppendResult.VersionConflict("A", 0, 1));
        assertThat(store.headPosition()).isEqualTo(1);
        assertThat(store.readStream("B", StreamRange.all())).isEmpty();
    }

    @Test
    @DisplayName("numbers positions globally and versions per stream, gaplessly")
    void positions_and_versions() {
        AppendResult.Appended first = (AppendResult.Appended) store.append(
                AppendRequest.of(append("A", 0, 2), append("B", 0, 1)));

        assertThat(first.events()).extracting(RecordedEvent::position).containsExactly(1L, 2L, 3L);
        assertThat(first.events()).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 1L);
        assertThat(first.lastPosition()).isEqualTo(3);
    }

    @Test
    @DisplayName("answers a repeated idempotency key with the original append, or a reuse for another hash")
    void idempotency() {
        AppendResult.Appended original = (AppendResult.Appended) store.append(
                AppendRequest.idempotent(new Idempotency("k", "h1", "{}"), append("A", 0, 1)));

        AppendResult again = store.append(AppendRequest.idempotent(new Idempotency("k", "h1", "{}"),
                append("A", 1, 1)));
        AppendResult other = store.append(AppendRequest.idempotent(new Idempotency("k", "h2", "{}"),
                append("A", 1, 1)));

        assertThat(again).isInstanceOf(AppendResult.Replayed.class);
        assertThat(((AppendResult.Replayed) again).original().events()).isEqualTo(original.events());
        assertThat(other).isEqualTo(new AppendResult.IdempotencyKeyReused("k"));
        assertThat(store.headPosition()).isEqualTo(1);
        assertThat(store.findIdempotentAppend("k")).isPresent();
        assertThat(store.findIdempotentAppend("nope")).isEmpty();
    }

    @Test
    @DisplayName("forgets the idempotency keys older than the retention: a retry with one is a fresh append")
    void sweep_forgets_old_keys() {
        store.append(AppendRequest.idempotent(new Idempotency("old", "h1", "{}"), append("A", 0, 1)));
        clock.advance(Duration.ofHours(30));
        store.append(AppendRequest.idempotent(new Idempotency("new", "h1", "{}"), append("B", 0, 1)));

        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isEqualTo(1);

        assertThat(store.findIdempotentAppend("old")).isEmpty();
        assertThat(store.findIdempotentAppend("new")).isPresent();
        AppendResult retried = store.append(AppendRequest.idempotent(new Idempotency("old", "h1", "{}"),
                append("A", 1, 1)));
        assertThat(retried).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.readStream("A", StreamRange.all())).hasSize(2);
        assertThat(store.findIdempotentAppend("old")).hasValueSatisfying(
                found -> assertThat(found.createdAt()).isEqualTo(clock.instant()));
        assertThat(store.append(AppendRequest.idempotent(new Idempotency("new", "h1", "{}"), append("B", 0, 1))))
                .as("the newer key is still remembered").isInstanceOf(AppendResult.Replayed.class);
        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isZero();
    }

    @Test
    @DisplayName("keeps an idempotency key exactly as old as the retention, and forgets it a moment later")
    void sweep_boundary() {
        store.append(AppendRequest.rememberOnly(new Idempotency("k", "h1", "{}")));
        clock.advance(Duration.ofDays(1));

        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isZero();
        assertThat(store.findIdempotentAppend("k")).isPresent();

        clock.advance(Duration.ofNanos(1));
        assertThat(store.sweepIdempotencyKeys(Duration.ofDays(1))).isEqualTo(1);
        assertThat(store.findIdempotentAppend("k")).isEmpty();
    }

    @Test
    @DisplayName("sweeps with a zero retention everything recorded before now, and refuses a negative one")
    void sweep_retention_bounds() {
        store.append(AppendRequest.rememberOnly(new Idempotency("k", "h1", "{}")));

        assertThatThrownBy(() -> store.sweepIdempotencyKeys(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.sweepIdempotencyKeys(Duration.ZERO)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.sweepIdempotencyKeys(Duration.ZERO)).isEqualTo(1);
        assertThat(store.headPosition()).as("the sweep touches no event").isZero();
    }

    @Test
    @DisplayName("reads a stream by version range and up to a moment, inclusive")
    void read_ranges() {
        store.append(AppendRequest.of(append("A", 0, 1)));
        Instant second = clock.advance(Duration.ofSeconds(1));
        store.append(AppendRequest.of(append("A", 1, 1)));
        clock.advance(Duration.ofSeconds(1));
        store.append(AppendRequest.of(append("A", 2, 1)));

        assertThat(store.readStream("A", StreamRange.from(2))).extracting(RecordedEvent::streamVersion)
                .containsExactly(2L, 3L);
        assertThat(store.readStream("A", StreamRange.all().upToVersion(2))).hasSize(2);
        assertThat(store.readStream("A", StreamRange.all().until(second))).extracting(RecordedEvent::streamVersion)
                .containsExactly(1L, 2L);
        assertThat(store.readStream("A", StreamRange.all().until(second.minusNanos(1)))).hasSize(1);
        assertThat(store.readStream("missing", StreamRange.all())).isEmpty();
    }

    @Test
    @DisplayName("refuses an event id it already holds")
    void duplicate_event_id() {
        NewEvent event = new NewEvent(UUID.randomUUID(), "Happened", 1, "{}", "{}");
        store.append(AppendRequest.of(new StreamAppend("A", "Thing", 0, List.of(event))));

        assertThatThrownBy(() -> store.append(AppendRequest.of(new StreamAppend("B", "Thing", 0, List.of(event)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.headPosition()).isEqualTo(1);
    }
}
