package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An account was opened.
 *
 * @param accountId      the account's id
 * @param ownerName      the owner's name
 * @param currency       the account's currency
 * @param initialBalance the opening balance
 */
public record AccountCreated(
        @JsonProperty("account_id") String accountId,
        @JsonProperty("owner_name") String ownerName,
        @JsonProperty("currency") Currency currency,
        @JsonProperty("initial_balance") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal initialBalance)
        implements AccountEvent {

    /**
     * Creates the event; every field is required.
     *
     * @param accountId      the account's id
     * @param ownerName      the owner's name
     * @param currency       the account's currency
     * @param initialBalance the opening balance
     */
    public AccountCreated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerName, "ownerName");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(initialBalance, "initialBalance");
    }
}
