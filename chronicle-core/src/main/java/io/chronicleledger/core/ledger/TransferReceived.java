package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * The account received a transfer. Its {@link TransferSent} twin is in the payer's stream, appended in the
 * same atomic step.
 *
 * @param transferId    the transfer's id
 * @param fromAccountId the payer
 * @param amount        the amount, in the account's currency
 * @param description   what it was for, possibly empty
 */
public record TransferReceived(
        @JsonProperty("transfer_id") UUID transferId,
        @JsonProperty("from_account_id") String fromAccountId,
        @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @JsonProperty("description") String description) implements AccountEvent {

    /**
     * Creates the event; every field is required.
     *
     * @param transferId    the transfer's id
     * @param fromAccountId the payer
     * @param amount        the amount, in the account's currency
     * @param description   what it was for, possibly empty
     */
    public TransferReceived {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
    }
}
