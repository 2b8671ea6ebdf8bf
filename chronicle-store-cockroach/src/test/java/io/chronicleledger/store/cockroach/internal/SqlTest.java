package io.chronicleledger.store.cockroach.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The text moments are bound as: ISO 8601 in UTC with six decimals, read back as the same microsecond. */
class SqlTest {

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Test
    void writesAMomentWithSixDecimalsInUtc() {
        assertThat(Sql.timestamp(Instant.parse("2026-12-03T16:00:00.123456789Z")))
                .isEqualTo("2026-12-03T16:00:00.123456Z");
        assertThat(Sql.timestamp(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Sql.timestamp(FIRST)).isEqualTo("0001-01-01T00:00:00.000000Z");
        assertThat(Sql.timestamp(LAST)).isEqualTo("9999-12-31T23:59:59.999999Z");
        assertThat(Sql.timestamp(Instant.parse("2024-02-29T09:05:07.000001Z")))
                .isEqualTo("2024-02-29T09:05:07.000001Z");
    }

    @Test
    void everyMomentFromYear1To9999ReadsBackAsItsMicrosecond() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int i = 0; i < 200_000; i++) {
            Instant moment = Instant.ofEpochSecond(random.nextLong(FIRST.getEpochSecond(), LAST.getEpochSecond() + 1),
                    random.nextInt(1_000_000_000));
            String text = Sql.timestamp(moment);

            assertThat(text).hasSize(27);
            assertThat(Instant.parse(text)).as(text).isEqualTo(moment.truncatedTo(ChronoUnit.MICROS));
        }
    }

    @Test
    void yearsBeyondFourDigitsKeepTheStandardText() {
        Instant far = Instant.parse("+10000-01-01T00:00:00.5Z");
        Instant before = Instant.parse("-0001-12-31T23:59:59Z");

        assertThat(Sql.timestamp(far)).isEqualTo(far.toString());
        assertThat(Sql.timestamp(before)).isEqualTo(before.toString());
    }
}
