package io.chronicleledger.core.ledger;

/**
 * The rules shared by the free-text values of the ledger: no control characters, no unpaired surrogates (they
 * cannot be stored as UTF-8), and no bidirectional embedding, override or isolate characters (they make text
 * display otherwise than it reads).
 */
final class Text {

    private Text() {
    }

    /** Returns whether a text has nothing visible: only spaces (of any kind) and format characters. */
    static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
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
        if (text.codePoints().anyMatch(Text::isForbidden)) {
            throw new InvalidValueException(code, what
                    + " must not contain control, bidirectional-override or unpaired surrogate characters");
        }
        return text;
    }

    private static boolean isForbidden(int c) {
        return Character.isISOControl(c)
                || Character.getType(c) == Character.SURROGATE
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
