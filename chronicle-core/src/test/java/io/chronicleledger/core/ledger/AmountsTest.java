package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Amounts.parse")
class AmountsTest {

    private static void assertRefused(String text) {
        assertThatThrownBy(() -> Amounts.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_AMOUNT"));
    }

    @Nested
    @DisplayName("accepts")
    class Accepts {

        @ParameterizedTest(name = "\"{0}\" is exactly {1}")
        @CsvSource({
                "0.1, 0.1",
                "1300.00, 1300.00",
                "1300, 1300",
                "0, 0",
                "1e3, 1E+3",
                "1E3, 1E+3",
                "1e+3, 1E+3",
                "1.5E-2, 0.015",
                "1.3e3, 1.3E+3",
                "-1, -1",
                "1e30, 1E+30",
                "1e-30, 1E-30"
        })
        void decimal_text_exactly(String text, String expected) {
            BigDecimal parsed = Amounts.parse(text);

            // equals, not compareTo: value AND scale are what the text says
            assertThat(parsed).isEqualTo(new BigDecimal(expected));
        }

        @Test
        @DisplayName("\"0.1\" is exactly one tenth, not the double nearest to it")
        void never_goes_through_double() {
            BigDecimal parsed = Amounts.parse("0.1");

            assertThat(parsed.unscaledValue().intValueExact()).isEqualTo(1);
            assertThat(parsed.scale()).isEqualTo(1);
            assertThat(parsed).isNotEqualByComparingTo(new BigDecimal(0.1));
        }

        @Test
        @DisplayName("a value with 20 significant digits round-trips digit for digit")
        void twenty_significant_digits_round_trip() {
            String text = "12345678901234567.891";

            BigDecimal parsed = Amounts.parse(text);

            assertThat(parsed.precision()).isEqualTo(20);
            assertThat(parsed.toPlainString()).isEqualTo(text);
            assertThat(parsed).isNotEqualByComparingTo(BigDecimal.valueOf(Double.parseDouble(text)));
        }

        @Test
        @DisplayName("a 64-character text is still accepted")
        void sixty_four_characters_are_accepted() {
            String text = "1" + "0".repeat(62) + "1";

            assertThat(text).hasSize(64);
            assertThat(Amounts.parse(text).toPlainString()).isEqualTo(text);
        }
    }

    @Nested
    @DisplayName("refuses")
    class Refuses {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {
                "NaN", "Infinity", "-Infinity", "", " ", " 1", "1 ", "+1", "1,5", "1.000,00", "0x10", "01",
                "00.5", "1.", ".5", "1e", "e3", "1e31", "1e-31", "1e-999", "1e999", "1e0030", "--1", "1-",
                "1_000", "\u0661", "1\n", "１", "1.5.5", "1e3.5"
        })
        void text_that_is_not_a_plain_decimal(String text) {
            assertRefused(text);
        }

        @Test
        @DisplayName("null")
        void null_text() {
            assertRefused(null);
        }

        @Test
        @DisplayName("texts longer than 64 characters, however valid the digits")
        void very_long_text() {
            assertRefused("1" + "0".repeat(64));
            assertRefused("0." + "1".repeat(10_000));
        }

        @Test
        @DisplayName("exponents beyond ±MAX_EXPONENT, which is 30")
        void exponent_bound() {
            assertThat(Amounts.MAX_EXPONENT).isEqualTo(30);
            assertThat(Amounts.parse("1e30")).isEqualByComparingTo(BigDecimal.TEN.pow(30));
            assertRefused("1e31");
            assertRefused("1E+31");
        }
    }
}
