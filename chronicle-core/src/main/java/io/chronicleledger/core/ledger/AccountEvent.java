package io.chronicleledger.core.ledger;

/**
 * An event of an account's stream. The payloads are the JSON shapes of the design's event table; amounts are
 * decimal strings with the currency's minor units, such as {@code "1300.00"}.
 */
public sealed interface AccountEvent
        permits AccountCreated, MoneyDeposited, MoneyWithdrawn, TransferSent, TransferReceived {
}
