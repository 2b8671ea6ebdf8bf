package io.chronicleledger.core.ledger;

import java.util.Locale;

/** The kinds of entries in an account's transaction history. */
public enum TransactionType {
    /** The opening balance of a new account (recorded only when above zero). */
    OPENING,
    /** A deposit. */
    DEPOSIT,
    /** A withdrawal. */
    WITHDRAWAL,
    /** The payer's side of a transfer. */
    TRANSFER_OUT,
    /** The payee's side of a transfer. */
    TRANSFER_IN;

    /**
     * Returns the name used in JSON and in the read model's {@code type} column, such as {@code transfer_out}.
     *
     * @return the lower-case name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
