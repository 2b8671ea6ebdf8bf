package io.chronicleledger.core.ledger;

import java.util.List;

/**
 * A command a user sends to the {@link Ledger}: create an account, deposit, withdraw or transfer.
 */
public sealed interface LedgerCommand permits CreateAccount, Deposit, Withdraw, Transfer {

    /**
     * Returns the accounts the command touches, in the order the command names them.
     *
     * @return one account, or two for a transfer
     */
    List<AccountId> accounts();
}
