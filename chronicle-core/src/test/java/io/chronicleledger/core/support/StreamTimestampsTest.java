package io.chronicleledger.core.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("StreamTimestamps.next")
class StreamTimestampsTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00.123456Z");

    @Test
    @DisplayName("the first event of a stream gets the clock, truncated to microseconds")
    void first_event() {
        assertThat(StreamTimestamps.next(null, T.plusNanos(789))).isEqualTo(T);
    }

    @Test
    @DisplayName("a clock after the previous event is used, truncated to microseconds")
    void clock_after_previous() {
        assertThat(StreamTimestamps.next(T, T.plusNanos(2_999))).isEqualTo(T.plusNanos(2_000));
        assertThat(StreamTimestamps.next(T, T.plusSeconds(5))).isEqualTo(T.plusSeconds(5));
    }

    @Test
    @DisplayName("a clock equal to the previous event gives previous + 1µs")
    void clock_equal() {
        assertThat(StreamTimestamps.next(T, T)).isEqualTo(T.plusNanos(1_000));
    }

    @Test
    @DisplayName("a clock less than 1µs after the previous event gives previous + 1µs")
    void clock_within_the_same_micro() {
        assertThat(StreamTimestamps.next(T, T.plusNanos(999))).isEqualTo(T.plusNanos(1_000));
    }

    @Test
    @DisplayName("a clock before the previous event gives previous + 1µs")
    void clock_backwards() {
        assertThat(StreamTimestamps.next(T, T.minusSeconds(3_600))).isEqualTo(T.plusNanos(1_000));
    }

    @Test
    @DisplayName("a run of events on a stopped clock is strictly increasing, 1µs apart")
    void strictly_increasing() {
        Instant previous = null;
        for (int i = 0; i < 5; i++) {
            Instant next = StreamTimestamps.next(previous, T);
            assertThat(next).isEqualTo(T.plusNanos(1_000L * i));
            previous = next;
        }
    }
}
