package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Description")
class DescriptionTest {

    @Test
    @DisplayName("null means none, which is empty")
    void null_is_empty() {
        assertThat(new Description(null).value()).isEmpty();
        assertThat(Description.of(null)).isSameAs(Description.NONE);
        assertThat(Description.of("")).isSameAs(Description.NONE);
        assertThat(Description.NONE.value()).isEmpty();
    }

    @Test
    @DisplayName("keeps the text as given")
    void keeps_text() {
        assertThat(Description.of("Rent — März 🏠").value()).isEqualTo("Rent — März 🏠");
    }

    @Test
    @DisplayName("500 characters are accepted, 501 refused; an emoji counts as one")
    void length_limit() {
        assertThat(Description.of("x".repeat(500)).value()).hasSize(500);
        assertThat(Description.of("\uD83C\uDFE0".repeat(500)).value()).hasSize(1000);
        assertRefused("x".repeat(501));
        assertRefused("\uD83C\uDFE0".repeat(501));
    }

    @ParameterizedTest(name = "control character U+{0} is refused")
    @ValueSource(strings = {"0000", "0009", "000A", "000D", "001F", "007F", "0090"})
    void control_characters_are_refused(String hex) {
        assertRefused("rent" + (char) Integer.parseInt(hex, 16));
    }

    private static void assertRefused(String value) {
        assertThatThrownBy(() -> Description.of(value))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_DESCRIPTION"));
    }
}
