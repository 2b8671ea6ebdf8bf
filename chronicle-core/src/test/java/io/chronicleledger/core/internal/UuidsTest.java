package io.chronicleledger.core.internal;

import io.chronicleledger.core.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Uuids.timeOrdered")
class UuidsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00.123Z"));

    @Test
    @DisplayName("gives version 7 and the IETF variant (2)")
    void version_and_variant() {
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = Uuids.timeOrdered(clock);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("carries the clock's Unix milliseconds in its first 48 bits")
    void carries_millis() {
        UUID uuid = Uuids.timeOrdered(clock);

        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
        assertThat(uuid.toString()).startsWith(String.format("%08x-%04x", clock.millis() >>> 16,
                clock.millis() & 0xFFFF));
    }

    @Test
    @DisplayName("is ordered by millisecond")
    void ordered_by_millisecond() {
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            uuids.add(Uuids.timeOrdered(clock));
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(uuids).isSorted();
        assertThat(uuids.get(0)).isLessThan(uuids.get(199));
    }

    @Test
    @DisplayName("is unique within one millisecond")
    void unique_within_a_millisecond() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(Uuids.timeOrdered(clock))).isTrue();
        }
    }
}
