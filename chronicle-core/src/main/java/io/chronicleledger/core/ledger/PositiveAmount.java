package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/** The checks of the amount a command moves, before the account (and so the currency) is known. */
final class PositiveAmount {

    private static final int MAX_MINOR_UNITS = 4;

    private PositiveAmount() {
    }

    /**
     * Checks that an amount is above zero, at most {@link Money#MAX_AMOUNT}, and has no more decimals than any
     * currency has; the account's currency is checked later, when it is known.
     *
     * @return the amount
     */
    static BigDecimal check(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new InvalidValueException("INVALID_AMOUNT", "amount must be greater than zero");
        }
        if (amount.compareTo(Money.MAX_AMOUNT) > 0) {
            throw new InvalidValueException("INVALID_AMOUNT",
                    "amount must not exceed " + Money.MAX_AMOUNT.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > MAX_MINOR_UNITS) {
            throw new InvalidValueException("INVALID_AMOUNT",
                    "amount has more decimals than any currency: " + amount.toPlainString());
        }
        return amount;
    }
}
