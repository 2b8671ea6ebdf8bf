package io.chronicleledger.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of a time-travel query ({@link Ledger#balanceAt(AccountId, Instant)} and
 * {@link Ledger#balanceAt(AccountId, long)}).
 */
public sealed interface BalanceAt {

    /**
     * The account existed then, with this balance.
     *
     * @param accountId     the account
     * @param balance       the balance then
     * @param version       the account's stream version then (how many of its events had been recorded)
     * @param lastChangedAt the {@code created_at} of its event at {@code version}
     */
    record Balance(AccountId accountId, Money balance, long version, Instant lastChangedAt) implements BalanceAt {
        /**
         * Creates the answer.
         *
         * @param accountId     the account
         * @param balance       the balance
         * @param version       the stream version
         * @param lastChangedAt the time of the event at that version
         */
        public Balance {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(lastChangedAt, "lastChangedAt");
        }
    }

    /**
     * The account exists, but was created after the moment asked about.
     *
     * @param accountId the account
     * @param createdAt when it was created
     */
    record NotYetCreated(AccountId accountId, Instant createdAt) implements BalanceAt {
        /**
         * Creates the answer.
         *
         * @param accountId the account
         * @param createdAt its creation time
         */
        public NotYetCreated {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * The account has fewer events than the version asked about.
     *
     * @param accountId      the account
     * @param currentVersion its current version
     */
    record VersionNotReached(AccountId accountId, long currentVersion) implements BalanceAt {
        /**
         * Creates the answer.
         *
         * @param accountId      the account
         * @param currentVersion its current version
         */
        public VersionNotReached {
            Objects.requireNonNull(accountId, "accountId");
        }
    }

    /**
     * There is no such account.
     *
     * @param accountId the account
     */
    record NotFound(AccountId accountId) implements BalanceAt {
        /**
         * Creates the answer.
         *
         * @param accountId the account
         */
        public NotFound {
            Objects.requireNonNull(accountId, "accountId");
        }
    }
}
