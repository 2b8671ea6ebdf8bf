package io.chronicleledger.core.ledger;

import io.chronicleledger.core.codec.EventCodec;

/**
 * The names, versions and codec of the ledger's events.
 */
public final class LedgerEvents {

    /** The {@code aggregate_type} of account streams. */
    public static final String AGGREGATE_TYPE = "Account";

    /** The {@code event_type} of {@link AccountCreated}. */
    public static final String ACCOUNT_CREATED = "AccountCreated";
    /** The {@code event_type} of {@link MoneyDeposited}. */
    public static final String MONEY_DEPOSITED = "MoneyDeposited";
    /** The {@code event_type} of {@link MoneyWithdrawn}. */
    public static final String MONEY_WITHDRAWN = "MoneyWithdrawn";
    /** The {@code event_type} of {@link TransferSent}. */
    public static final String TRANSFER_SENT = "TransferSent";
    /** The {@code event_type} of {@link TransferReceived}. */
    public static final String TRANSFER_RECEIVED = "TransferReceived";

    private static final EventCodec<AccountEvent> CODEC = EventCodec.builder(AccountEvent.class)
            .register(ACCOUNT_CREATED, AccountCreated.class, 1)
            .register(MONEY_DEPOSITED, MoneyDeposited.class, 1)
            .register(MONEY_WITHDRAWN, MoneyWithdrawn.class, 1)
            .register(TRANSFER_SENT, TransferSent.class, 1)
            .register(TRANSFER_RECEIVED, TransferReceived.class, 1)
            .build();

    private LedgerEvents() {
    }

    /**
     * Returns the codec of the account events (thread-safe, shared).
     *
     * @return the codec
     */
    public static EventCodec<AccountEvent> codec() {
        return CODEC;
    }
}
