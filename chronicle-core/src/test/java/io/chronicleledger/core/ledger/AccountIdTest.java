package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("AccountId")
class AccountIdTest {

    @ParameterizedTest(name = "\"{0}\" is accepted")
    @ValueSource(strings = {"ACC-001", "a", "Z", "0", "_", "-", "acc_01-XY"})
    void letters_digits_underscore_and_dash_are_accepted(String value) {
        assertThat(AccountId.of(value).value()).isEqualTo(value);
        assertThat(AccountId.of(value)).hasToString(value);
    }

    @Test
    @DisplayName("64 characters are accepted, 65 are refused")
    void length_limit() {
        assertThat(AccountId.of("a".repeat(64)).value()).hasSize(64);
        assertRefused("a".repeat(65));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", " ", "ACC 001", " ACC", "ACC\n", "ACC.1", "ACC/1", "ÄCC", "Счёт", "acc😀", "ACC\u0000",
            "ACC%20"})
    void other_characters_are_refused(String value) {
        assertRefused(value);
    }

    @Test
    @DisplayName("null is refused")
    void null_is_refused() {
        assertRefused(null);
    }

    @Test
    @DisplayName("ids are equal by value and ordered by value")
    void equality_and_order() {
        assertThat(AccountId.of("A-1")).isEqualTo(new AccountId("A-1"));
        assertThat(AccountId.of("A-1")).isLessThan(AccountId.of("A-2"));
    }

    private static void assertRefused(String value) {
        assertThatThrownBy(() -> AccountId.of(value))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_ACCOUNT_ID"));
    }
}
