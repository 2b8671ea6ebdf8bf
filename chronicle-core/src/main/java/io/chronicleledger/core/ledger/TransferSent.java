package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * The account paid a transfer out. Its {@link TransferReceived} twin is in the payee's stream, appended in the
 * same atomic step.
 *
 * @param transferId  the transfer's id
 * @param toAccountId the payee
 * @param amount      the amount, in the account's currency
 * @param description what it was for, possibly empty
 */
public record TransferSent(
        @JsonProperty("transfer_id") UUID transferId,
        @JsonProperty("to_account_id") String toAccountId,
        @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @JsonProperty("description") String description) implements AccountEvent {

    /**
     * Creates the event; every field is required.
     *
     * @param transferId  the transfer's id
     * @param toAccountId the payee
     * @param amount      the amount, in the account's currency
     * @param description what it was for, possibly empty
     */
    public TransferSent {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
    }
}
