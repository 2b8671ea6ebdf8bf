package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the free-text rules of names and descriptions")
class TextRulesTest {

    @ParameterizedTest(name = "a name of only \"{0}\" is blank")
    @ValueSource(strings = {"\u00A0", "\u200B", " \u2003 ", "\u200B\u00A0"})
    void invisibleNamesAreBlank(String name) {
        assertThatThrownBy(() -> OwnerName.of(name))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must not be empty");
    }

    @ParameterizedTest(name = "\"{0}\" is refused in names and descriptions")
    @ValueSource(strings = {"abc\u202Edef", "x\u2066y", "half \uD83D surrogate", "tab\there"})
    void forbiddenCharactersAreRefused(String text) {
        assertThatThrownBy(() -> OwnerName.of(text)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("INVALID_OWNER_NAME");
        assertThatThrownBy(() -> Description.of(text)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("INVALID_DESCRIPTION");
    }

    @ParameterizedTest(name = "\"{0}\" is accepted")
    @ValueSource(strings = {"Zoë Ñandú", "محمد", "家族 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"})
    void ordinaryUnicodeIsAccepted(String text) {
        assertThat(OwnerName.of(text).value()).isEqualTo(text);
        assertThat(Description.of(text).value()).isEqualTo(text);
    }
}
