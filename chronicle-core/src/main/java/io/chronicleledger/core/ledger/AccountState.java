package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Currency;

/**
 * The state of an account, as its events leave it. {@link #NONE} is the state of an account that does not
 * exist yet; its fields are {@code null}.
 *
 * @param accountId the account's id
 * @param ownerName the owner's name
 * @param balance   the balance, in the account's currency
 */
public record AccountState(
        @JsonProperty("account_id") String accountId,
        @JsonProperty("owner_name") String ownerName,
        @JsonProperty("balance") Money balance) {

    /** The state before the account was created. */
    public static final AccountState NONE = new AccountState(null, null, null);

    /**
     * Returns whether the account exists.
     *
     * @return {@code false} only for {@link #NONE}
     */
    @JsonIgnore
    public boolean exists() {
        return accountId != null;
    }

    /**
     * Returns the account's currency.
     *
     * @return the currency of the balance
     */
    @JsonIgnore
    public Currency currency() {
        return balance.currency();
    }

    AccountState withBalance(Money newBalance) {
        return new AccountState(accountId, ownerName, newBalance);
    }
}
