package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The payer's half of a {@link Transfer}: refused when the balance is too low.
 *
 * @param transferId    the transfer's id, shared with the payee's half
 * @param fromAccountId the payer, which decides
 * @param toAccountId   the payee
 * @param amount        the amount, above zero
 * @param currency      the transfer's currency, if known; must be the payer's
 * @param description   the description
 */
public record SendTransfer(UUID transferId, AccountId fromAccountId, AccountId toAccountId, BigDecimal amount,
                           Optional<Currency> currency,
                           Description description) implements AccountCommand {

    /**
     * Creates the command.
     *
     * @param transferId    the transfer's id
     * @param fromAccountId the payer
     * @param toAccountId   the payee
     * @param amount        the amount, above zero
     * @param currency      the currency, if known
     * @param description   the description
     */
    public SendTransfer {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        amount = PositiveAmount.check(amount);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public AccountId accountId() {
        return fromAccountId;
    }
}
