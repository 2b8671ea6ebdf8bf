package io.chronicleledger.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * An account as the read model shows it (the {@code account_balance} table).
 *
 * @param accountId   the account's id
 * @param ownerName   the owner's name
 * @param balance     the balance, in the account's currency
 * @param status      the status; {@code active} for every account today
 * @param version     the last stream version applied to this view
 * @param createdAt   when the account was created
 * @param lastUpdated when its last applied event was recorded
 */
public record AccountView(String accountId, String ownerName, Money balance, String status, long version,
                          Instant createdAt, Instant lastUpdated) {

    /** The status of an open account. */
    public static final String ACTIVE = "active";

    /**
     * Creates the view.
     *
     * @param accountId   the account's id
     * @param ownerName   the owner's name
     * @param balance     the balance
     * @param status      the status
     * @param version     the last applied version
     * @param createdAt   the creation time
     * @param lastUpdated the time of the last applied event
     */
    public AccountView {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerName, "ownerName");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }
}
