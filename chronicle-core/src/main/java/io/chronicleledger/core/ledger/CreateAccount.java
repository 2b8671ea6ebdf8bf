package io.chronicleledger.core.ledger;

import java.util.List;
import java.util.Objects;

/**
 * Opens an account with an initial balance (possibly zero) in the account's currency.
 *
 * @param accountId      the new account's id
 * @param ownerName      the owner's name
 * @param initialBalance the opening balance; its currency is the account's
 */
public record CreateAccount(AccountId accountId, OwnerName ownerName, Money initialBalance)
        implements LedgerCommand, AccountCommand {

    /**
     * Creates the command.
     *
     * @param accountId      the new account's id
     * @param ownerName      the owner's name
     * @param initialBalance the opening balance
     */
    public CreateAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerName, "ownerName");
        Objects.requireNonNull(initialBalance, "initialBalance");
    }

    @Override
    public List<AccountId> accounts() {
        return List.of(accountId);
    }
}
