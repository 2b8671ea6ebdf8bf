package io.chronicleledger.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A transfer as the read model shows it (the {@code transfers} table). Both halves are recorded atomically;
 * the read model may apply one before the other, and shows the transfer {@value #PENDING} until it has both.
 *
 * @param transferId    the transfer's id
 * @param fromAccountId the payer
 * @param toAccountId   the payee
 * @param amount        the amount
 * @param description   the description, possibly empty
 * @param status        {@value #COMPLETED} once the read model applied both halves, else {@value #PENDING}
 * @param createdAt     when the transfer was recorded
 */
public record TransferView(UUID transferId, String fromAccountId, String toAccountId, Money amount,
                           String description, String status, Instant createdAt) {

    /** The status of a transfer whose both halves the read model applied. */
    public static final String COMPLETED = "completed";

    /** The status of a transfer of which the read model applied one half so far. */
    public static final String PENDING = "pending";

    /**
     * Creates the view.
     *
     * @param transferId    the transfer's id
     * @param fromAccountId the payer
     * @param toAccountId   the payee
     * @param amount        the amount
     * @param description   the description
     * @param status        the status
     * @param createdAt     when it was recorded
     */
    public TransferView {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
