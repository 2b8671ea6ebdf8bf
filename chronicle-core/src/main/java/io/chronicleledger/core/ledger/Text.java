package io.chronicleledger.core.ledger;

/** The rules shared by the free-text values of the ledger. */
final class Text {

    private Text() {
    }

    /**
     * Checks a text: at most {@code maxLength} characters (code points) and no control character.
     *
     * @return the text
     */
    static String check(String text, int maxLength, String code, String what) {
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new InvalidValueException(code, what + " must be at most " + maxLength + " characters");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException(code, what + " must not contain control characters");
        }
        return text;
    }
}
