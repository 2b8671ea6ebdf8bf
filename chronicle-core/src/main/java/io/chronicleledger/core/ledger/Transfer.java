package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves money from one account to another of the same currency, atomically: both accounts' events are
 * appended in one step, or neither is.
 *
 * @param fromAccountId the payer
 * @param toAccountId   the payee
 * @param amount        the amount, above zero; its decimals are checked against the accounts' currency
 * @param currency      the currency the sender means, if it said; must be both accounts'
 * @param description   what it is for, possibly empty
 */
public record Transfer(AccountId fromAccountId, AccountId toAccountId, BigDecimal amount,
                       Optional<Currency> currency, Description description) implements LedgerCommand {

    /**
     * Creates and checks the command. A transfer to the same account is a valid command that the ledger
     * rejects ({@link LedgerRejection.SameAccountTransfer}).
     *
     * @param fromAccountId the payer
     * @param toAccountId   the payee
     * @param amount        the amount, above zero and at most {@link Money#MAX_AMOUNT}
     * @param currency      the currency, if given
     * @param description   the description
     * @throws InvalidValueException ({@code INVALID_AMOUNT}) when the amount is out of range
     */
    public Transfer {
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        amount = PositiveAmount.check(amount);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Returns a transfer in the accounts' currency.
     *
     * @param fromAccountId the payer
     * @param toAccountId   the payee
     * @param amount        the amount
     * @param description   the description
     * @return the command
     */
    public static Transfer of(AccountId fromAccountId, AccountId toAccountId, BigDecimal amount,
                              Description description) {
        return new Transfer(fromAccountId, toAccountId, amount, Optional.empty(), description);
    }

    @Override
    public List<AccountId> accounts() {
        return List.of(fromAccountId, toAccountId);
    }
}
