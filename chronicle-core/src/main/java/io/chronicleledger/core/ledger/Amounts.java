package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses amounts exactly from their decimal text: a JSON number's literal or a decimal string. Never goes
 * through {@code double}. Accepts plain notation ({@code 1300}, {@code 1300.5}) and a modest exponent
 * ({@code 1.3e3}); refuses everything else, including {@code NaN}, infinities, signs other than a leading
 * minus, spaces and exponents beyond ±{@value #MAX_EXPONENT}.
 */
public final class Amounts {

    /** The largest exponent accepted in scientific notation. */
    public static final int MAX_EXPONENT = 30;

    private static final int MAX_LENGTH = 64;
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]{1,3})?");

    private Amounts() {
    }

    /**
     * Parses the decimal text of an amount.
     *
     * @param text the text, such as {@code "1300.00"}
     * @return the exact value
     * @throws InvalidValueException ({@code INVALID_AMOUNT}) when the text is not a decimal number in the
     *                               accepted notation
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !DECIMAL.matcher(text).matches()) {
            throw new InvalidValueException("INVALID_AMOUNT",
                    "amount must be a decimal number such as 1300.00");
        }
        int exponentAt = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (exponentAt >= 0 && Math.abs(Integer.parseInt(text.substring(exponentAt + 1))) > MAX_EXPONENT) {
            throw new InvalidValueException("INVALID_AMOUNT",
                    "amount exponent must be within ±" + MAX_EXPONENT);
        }
        return new BigDecimal(text);
    }
}
