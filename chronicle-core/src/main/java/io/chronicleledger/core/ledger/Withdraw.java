package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes money out of an account; refused when the balance is too low.
 *
 * @param accountId   the account
 * @param amount      the amount, above zero; its decimals are checked against the account's currency
 * @param currency    the currency the sender means, if it said; must be the account's
 * @param description what it is for, possibly empty
 */
public record Withdraw(AccountId accountId, BigDecimal amount, Optional<Currency> currency, Description description)
        implements LedgerCommand, AccountCommand {

    /**
     * Creates and checks the command.
     *
     * @param accountId   the account
     * @param amount      the amount, above zero and at most {@link Money#MAX_AMOUNT}
     * @param currency    the currency, if given
     * @param description the description
     * @throws InvalidValueException ({@code INVALID_AMOUNT}) when the amount is out of range
     */
    public Withdraw {
        Objects.requireNonNull(accountId, "accountId");
        amount = PositiveAmount.check(amount);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Returns the command in the account's currency.
     *
     * @param accountId   the account
     * @param amount      the amount
     * @param description the description
     * @return the command
     */
    public static Withdraw of(AccountId accountId, BigDecimal amount, Description description) {
        return new Withdraw(accountId, amount, Optional.empty(), description);
    }

    @Override
    public List<AccountId> accounts() {
        return List.of(accountId);
    }
}
