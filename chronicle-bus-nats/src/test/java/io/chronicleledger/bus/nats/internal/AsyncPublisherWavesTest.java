package io.chronicleledger.bus.nats.internal;

import io.chronicleledger.core.store.RecordedEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the publisher's waves keep each stream in order")
class AsyncPublisherWavesTest {

    @Test
    @DisplayName("wave n holds the n-th event of every stream, in call order")
    void wavesByStream() {
        RecordedEvent a1 = event("A", 1);
        RecordedEvent a2 = event("A", 2);
        RecordedEvent b1 = event("B", 1);
        RecordedEvent a3 = event("A", 3);
        RecordedEvent c1 = event("C", 1);
        RecordedEvent b2 = event("B", 2);

        assertThat(AsyncPublisher.waves(List.of(a1, a2, b1, a3, c1, b2)))
                .containsExactly(List.of(a1, b1, c1), List.of(a2, b2), List.of(a3));
    }

    @Test
    @DisplayName("events of distinct streams go in one wave; no events, no wave")
    void oneWave() {
        List<RecordedEvent> distinct = List.of(event("A", 1), event("B", 1), event("C", 1));

        assertThat(AsyncPublisher.waves(distinct)).containsExactly(distinct);
        assertThat(AsyncPublisher.waves(List.of())).isEmpty();
    }

    private static RecordedEvent event(String stream, long version) {
        return new RecordedEvent(version, UUID.randomUUID(), stream, "Account", "MoneyDeposited", 1, version, "{}", "{}",
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
