package io.chronicleledger.core.memory;

import io.chronicleledger.core.store.Snapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("InMemorySnapshotStore")
class InMemorySnapshotStoreTest {

    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private final InMemorySnapshotStore store = new InMemorySnapshotStore();

    private static Snapshot snapshot(long version, long second) {
        return new Snapshot("S", version, T.plusSeconds(second), "{\"v\":" + version + "}");
    }

    @Test
    @DisplayName("finds the newest snapshot at or before a version")
    void by_version() {
        store.save(snapshot(3, 30));
        store.save(snapshot(6, 60));

        assertThat(store.latestAtOrBefore("S", 2)).isEmpty();
        assertThat(store.latestAtOrBefore("S", 3)).contains(snapshot(3, 30));
        assertThat(store.latestAtOrBefore("S", 5)).contains(snapshot(3, 30));
        assertThat(store.latestAtOrBefore("S", 100)).contains(snapshot(6, 60));
        assertThat(store.latest("S")).contains(snapshot(6, 60));
        assertThat(store.latest("other")).isEmpty();
    }

    @Test
    @DisplayName("finds the newest snapshot at or before a moment, inclusive")
    void by_time() {
        store.save(snapshot(3, 30));
        store.save(snapshot(6, 60));

        assertThat(store.latestAtOrBefore("S", T.plusSeconds(29))).isEmpty();
        assertThat(store.latestAtOrBefore("S", T.plusSeconds(30))).contains(snapshot(3, 30));
        assertThat(store.latestAtOrBefore("S", T.plusSeconds(59))).contains(snapshot(3, 30));
        assertThat(store.latestAtOrBefore("S", T.plusSeconds(60))).contains(snapshot(6, 60));
        assertThat(store.latestAtOrBefore("other", T.plusSeconds(60))).isEmpty();
    }
}
