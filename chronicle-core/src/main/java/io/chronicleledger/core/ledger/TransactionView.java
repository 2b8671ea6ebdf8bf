package io.chronicleledger.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of an account's history (the {@code transactions} table): one event that changed its balance.
 *
 * @param transactionId the id of the event that recorded it
 * @param accountId     the account
 * @param version       the event's stream version: the key of the newest-first history pages
 * @param type          what kind of entry
 * @param amount        the amount moved, always positive; the type says in which direction
 * @param balanceAfter  the account's balance after it
 * @param description   the description, possibly empty
 * @param timestamp     when it was recorded
 * @param transferId    the transfer it is half of, for transfer entries
 */
public record TransactionView(UUID transactionId, String accountId, long version, TransactionType type,
                              Money amount, Money balanceAfter, String description, Instant timestamp,
                              Optional<UUID> transferId) {

    /**
     * Creates the view.
     *
     * @param transactionId the event id
     * @param accountId     the account
     * @param version       the stream version
     * @param type          the kind of entry
     * @param amount        the amount
     * @param balanceAfter  the balance after it
     * @param description   the description
     * @param timestamp     when it was recorded
     * @param transferId    the transfer's id, for transfer entries
     */
    public TransactionView {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(balanceAfter, "balanceAfter");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(transferId, "transferId");
    }
}
