package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

/**
 * The payee's half of a {@link Transfer}.
 *
 * @param transferId    the transfer's id, shared with the payer's half
 * @param fromAccountId the payer
 * @param toAccountId   the payee, which decides
 * @param amount        the amount, above zero
 * @param currency      the transfer's currency (the payer's); must be the payee's
 * @param description   the description
 */
public record ReceiveTransfer(UUID transferId, AccountId fromAccountId, AccountId toAccountId, BigDecimal amount,
                              Currency currency,
                              Description description) implements AccountCommand {

    /**
     * Creates the command.
     *
     * @param transferId    the transfer's id
     * @param fromAccountId the payer
     * @param toAccountId   the payee
     * @param amount        the amount, above zero
     * @param currency      the transfer's currency
     * @param description   the description
     */
    public ReceiveTransfer {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        amount = PositiveAmount.check(amount);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public AccountId accountId() {
        return toAccountId;
    }
}
