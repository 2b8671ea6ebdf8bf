package io.chronicleledger.core.ledger;

/**
 * A command one {@link Account} decides on. A {@link Transfer} is decided as two: {@link SendTransfer} on the
 * payer and {@link ReceiveTransfer} on the payee, appended together.
 */
public sealed interface AccountCommand permits CreateAccount, Deposit, Withdraw, SendTransfer, ReceiveTransfer {

    /**
     * Returns the account that decides on this command.
     *
     * @return the account's id
     */
    AccountId accountId();
}
