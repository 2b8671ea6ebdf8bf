package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What an account event means for the account's history: the kind of entry, the amount it moved, its
 * description and, for a transfer, the transfer's id. Read models build their transaction rows from it.
 *
 * @param type        the kind of entry
 * @param amount      the amount moved (the opening balance for {@link TransactionType#OPENING}), never negative
 * @param description the description, possibly empty
 * @param transferId  the transfer, for the halves of one
 */
public record AccountEntry(TransactionType type, BigDecimal amount, String description, Optional<UUID> transferId) {

    /**
     * Creates the entry.
     *
     * @param type        the kind of entry
     * @param amount      the amount
     * @param description the description
     * @param transferId  the transfer, if any
     */
    public AccountEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(transferId, "transferId");
    }

    /**
     * Returns the entry of an account event.
     *
     * @param event the event
     * @return its entry
     */
    public static AccountEntry of(AccountEvent event) {
        if (event instanceof AccountCreated created) {
            return new AccountEntry(TransactionType.OPENING, created.initialBalance(), "", Optional.empty());
        }
        if (event instanceof MoneyDeposited deposited) {
            return new AccountEntry(TransactionType.DEPOSIT, deposited.amount(), deposited.description(),
                    Optional.empty());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return new AccountEntry(TransactionType.WITHDRAWAL, withdrawn.amount(), withdrawn.description(),
                    Optional.empty());
        }
        if (event instanceof TransferSent sent) {
            return new AccountEntry(TransactionType.TRANSFER_OUT, sent.amount(), sent.description(),
                    Optional.of(sent.transferId()));
        }
        if (event instanceof TransferReceived received) {
            return new AccountEntry(TransactionType.TRANSFER_IN, received.amount(), received.description(),
                    Optional.of(received.transferId()));
        }
        throw new IllegalArgumentException("no history entry for " + event);
    }
}
