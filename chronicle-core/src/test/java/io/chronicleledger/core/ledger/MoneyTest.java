package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Money")
class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency BHD = Currency.getInstance("BHD");

    private static void assertInvalid(Runnable action, String code) {
        assertThatThrownBy(action::run)
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo(code));
    }

    @Nested
    @DisplayName("scale")
    class Scale {

        @ParameterizedTest(name = "{0} {1} is held as {2}")
        @CsvSource({
                "10, USD, 10.00",
                "10.5, USD, 10.50",
                "10.500, USD, 10.50",
                "0, USD, 0.00",
                "7, JPY, 7",
                "7.000, JPY, 7",
                "1.5, BHD, 1.500",
                "1.234, BHD, 1.234",
                "1e3, USD, 1000.00",
                "0E-10, USD, 0.00"
        })
        void is_normalised_to_the_currency_minor_units(String amount, String currency, String expected) {
            Money money = Money.of(amount, currency);

            assertThat(money.toPlainString()).isEqualTo(expected);
            assertThat(money.amount().scale()).isEqualTo(Currency.getInstance(currency).getDefaultFractionDigits());
        }

        @Test
        @DisplayName("trailing zeros make no difference: 10.500 USD equals 10.50 USD")
        void trailing_zeros_are_accepted_and_equal() {
            assertThat(new Money(new BigDecimal("10.500"), USD)).isEqualTo(Money.of("10.50", "USD"));
            assertThat(new Money(new BigDecimal("10.500"), USD).hashCode())
                    .isEqualTo(Money.of("10.50", "USD").hashCode());
        }

        @Test
        @DisplayName("zero is held at the currency's scale")
        void zero_has_the_currency_scale() {
            assertThat(Money.zero(BHD).amount()).isEqualTo(new BigDecimal("0.000"));
            assertThat(Money.zero(JPY).amount()).isEqualTo(new BigDecimal("0"));
            assertThat(Money.zero(USD).isPositive()).isFalse();
        }
    }

    @Nested
    @DisplayName("is never rounded")
    class NeverRounded {

        @ParameterizedTest(name = "{0} {1} is refused")
        @CsvSource({
                "10.005, USD",
                "10.001, USD",
                "0.001, USD",
                "1.5, JPY",
                "0.1, JPY",
                "1.0001, BHD",
                "1.000000001, EUR"
        })
        void an_amount_with_more_decimals_than_the_currency_is_refused(String amount, String currency) {
            assertInvalid(() -> Money.of(amount, currency), "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("the refusal names the amount instead of silently rounding it")
        void the_message_says_rounding_would_be_needed() {
            assertThatThrownBy(() -> Money.of("10.005", "USD"))
                    .hasMessageContaining("10.005")
                    .hasMessageContaining("USD");
        }
    }

    @Nested
    @DisplayName("range")
    class Range {

        @Test
        @DisplayName("a negative amount is refused")
        void negative_is_refused() {
            assertInvalid(() -> new Money(new BigDecimal("-0.01"), USD), "INVALID_AMOUNT");
            assertInvalid(() -> Money.of("-1", "USD"), "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("MAX_AMOUNT is accepted, one cent more is refused")
        void max_amount_is_the_upper_bound() {
            assertThat(new Money(Money.MAX_AMOUNT, USD).amount()).isEqualTo(Money.MAX_AMOUNT);
            assertInvalid(() -> new Money(Money.MAX_AMOUNT.add(new BigDecimal("0.01")), USD), "INVALID_AMOUNT");
            assertInvalid(() -> new Money(new BigDecimal("1e20"), USD), "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("null amount or currency is refused")
        void nulls_are_refused() {
            assertThatThrownBy(() -> new Money(null, USD)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("currency")
    class Currencies {

        @ParameterizedTest(name = "pseudo-currency {0} is refused")
        @ValueSource(strings = {"XAU", "XXX", "XDR"})
        void a_pseudo_currency_without_minor_units_is_refused(String code) {
            assertThat(Currency.getInstance(code).getDefaultFractionDigits()).isNegative();
            assertInvalid(() -> Money.of("1", code), "INVALID_CURRENCY");
        }

        @ParameterizedTest(name = "code \"{0}\" is refused")
        @ValueSource(strings = {"usd", "ZZZ", "US", "USDX", "", " USD", "U5D"})
        void an_unknown_or_malformed_code_is_refused(String code) {
            assertInvalid(() -> Money.currency(code), "INVALID_CURRENCY");
        }

        @Test
        @DisplayName("a null code is refused")
        void null_code_is_refused() {
            assertInvalid(() -> Money.currency(null), "INVALID_CURRENCY");
        }

        @Test
        @DisplayName("a known ISO code resolves to its currency")
        void known_code_resolves() {
            assertThat(Money.currency("EUR")).isEqualTo(EUR);
        }
    }

    @Nested
    @DisplayName("arithmetic")
    class Arithmetic {

        @Test
        @DisplayName("plus adds exactly at the currency's scale")
        void plus_adds_exactly() {
            Money sum = Money.of("0.10", "USD").plus(Money.of("0.20", "USD"));

            assertThat(sum).isEqualTo(Money.of("0.30", "USD"));
            assertThat(sum.amount().scale()).isEqualTo(2);
        }

        @Test
        @DisplayName("plus beyond MAX_AMOUNT is refused")
        void plus_beyond_max_is_refused() {
            Money max = new Money(Money.MAX_AMOUNT, USD);
            Money cent = Money.of("0.01", "USD");

            assertThat(max.wouldOverflow(cent)).isTrue();
            assertThat(max.wouldOverflow(Money.zero(USD))).isFalse();
            assertInvalid(() -> max.plus(cent), "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("minus subtracts exactly, down to zero but not below")
        void minus_subtracts_exactly() {
            assertThat(Money.of("1.00", "USD").minus(Money.of("0.01", "USD"))).isEqualTo(Money.of("0.99", "USD"));
            assertThat(Money.of("5", "USD").minus(Money.of("5", "USD"))).isEqualTo(Money.zero(USD));
            assertInvalid(() -> Money.of("1.00", "USD").minus(Money.of("1.01", "USD")), "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("compareTo orders by amount, ignoring how the amount was written")
        void compare_to_orders_by_amount() {
            assertThat(Money.of("1.50", "USD")).isLessThan(Money.of("2", "USD"));
            assertThat(Money.of("2", "USD")).isGreaterThan(Money.of("1.99", "USD"));
            assertThat(Money.of("2", "USD").compareTo(Money.of("2.000", "USD"))).isZero();
        }

        @Test
        @DisplayName("plus, minus and compareTo refuse another currency")
        void mixing_currencies_is_an_illegal_argument() {
            Money usd = Money.of("1", "USD");
            Money eur = Money.of("1", "EUR");

            assertThatThrownBy(() -> usd.plus(eur)).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> usd.minus(eur)).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("isPositive is true only above zero")
        void is_positive() {
            assertThat(Money.of("0.01", "USD").isPositive()).isTrue();
            assertThat(Money.of("0", "USD").isPositive()).isFalse();
        }
    }

    @Nested
    @DisplayName("text")
    class Rendering {

        @Test
        @DisplayName("toPlainString never uses scientific notation and keeps the minor units")
        void to_plain_string() {
            assertThat(Money.of("1e3", "USD").toPlainString()).isEqualTo("1000.00");
            assertThat(Money.of("1300", "USD").toPlainString()).isEqualTo("1300.00");
            assertThat(new Money(Money.MAX_AMOUNT, USD).toPlainString()).isEqualTo("9999999999999999.99");
            assertThat(Money.of("1e3", "JPY").toPlainString()).isEqualTo("1000");
        }

        @Test
        @DisplayName("toString shows the amount and the currency code")
        void to_string() {
            assertThat(Money.of("12.5", "USD")).hasToString("12.50 USD");
        }
    }
}
