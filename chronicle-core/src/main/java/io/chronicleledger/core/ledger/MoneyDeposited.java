package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Money was deposited into the account.
 *
 * @param amount      the amount, in the account's currency
 * @param description what it was for, possibly empty
 */
public record MoneyDeposited(
        @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @JsonProperty("description") String description) implements AccountEvent {

    /**
     * Creates the event; every field is required.
     *
     * @param amount      the amount, in the account's currency
     * @param description what it was for, possibly empty
     */
    public MoneyDeposited {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
    }
}
