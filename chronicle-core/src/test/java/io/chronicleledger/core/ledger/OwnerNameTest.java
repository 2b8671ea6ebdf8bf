package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("OwnerName")
class OwnerNameTest {

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two UTF-16 chars

    @Test
    @DisplayName("is trimmed")
    void is_trimmed() {
        assertThat(OwnerName.of("  Ada Lovelace \t").value()).isEqualTo("Ada Lovelace");
        assertThat(OwnerName.of(" Ada ")).isEqualTo(OwnerName.of("Ada"));
    }

    @Test
    @DisplayName("keeps non-ASCII letters")
    void keeps_unicode() {
        assertThat(OwnerName.of("José Ñúñez 王").value()).isEqualTo("José Ñúñez 王");
    }

    @Test
    @DisplayName("200 characters are accepted, 201 refused, counted once trimmed")
    void length_limit() {
        assertThat(OwnerName.of("a".repeat(200)).value()).hasSize(200);
        assertThat(OwnerName.of("   " + "a".repeat(200) + "   ").value()).hasSize(200);
        assertRefused("a".repeat(201));
    }

    @Test
    @DisplayName("an emoji counts as one character")
    void emoji_counts_as_one() {
        String twoHundredEmoji = EMOJI.repeat(200);

        assertThat(twoHundredEmoji).hasSize(400);
        assertThat(OwnerName.of(twoHundredEmoji).value()).isEqualTo(twoHundredEmoji);
        assertRefused(EMOJI.repeat(201));
    }

    @ParameterizedTest(name = "blank \"{0}\" is refused")
    @ValueSource(strings = {"", " ", "   ", "\t", "\n \r"})
    void blank_is_refused(String value) {
        assertRefused(value);
    }

    @Test
    @DisplayName("null is refused")
    void null_is_refused() {
        assertRefused(null);
    }

    @ParameterizedTest(name = "control character U+{0} inside the name is refused")
    @ValueSource(strings = {"0000", "0007", "0009", "000A", "001B", "007F", "0085", "009F"})
    void control_characters_are_refused(String hex) {
        assertRefused("Ada" + (char) Integer.parseInt(hex, 16) + "Lovelace");
    }

    private static void assertRefused(String value) {
        assertThatThrownBy(() -> OwnerName.of(value))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_OWNER_NAME"));
    }
}
