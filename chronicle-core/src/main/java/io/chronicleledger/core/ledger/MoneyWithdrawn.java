package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Money was withdrawn from the account.
 *
 * @param amount      the amount, in the account's currency
 * @param description what it was for, possibly empty
 */
public record MoneyWithdrawn(
        @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @JsonProperty("description") String description) implements AccountEvent {

    /**
     * Creates the event; every field is required.
     *
     * @param amount      the amount, in the account's currency
     * @param description what it was for, possibly empty
     */
    public MoneyWithdrawn {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
    }
}
