package io.chronicleledger.core;

import io.chronicleledger.core.support.SqlFailures;

/**
 * A failure of the database behind an adapter (an event store, a read model): unreachable, refusing a
 * statement, or still in conflict after the retries. Expected outcomes (version conflicts, replays, unknown
 * accounts) are never exceptions. The adapters throw subclasses of their own; a caller that serves requests can
 * tell a failure that passes ({@link #isTransient()}: try again later) from one that would happen again.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the adapter was doing and what went wrong
     * @param cause   the database's exception, or {@code null}
     */
    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns whether the failure passes (a dropped or refused connection, a timeout, the database restarting or
     * too busy, a transaction it gave up on): trying again later may succeed. A write whose connection broke may
     * or may not have committed, which is what idempotency keys are for.
     *
     * @return {@code true} when the cause is a transient database failure, as {@link SqlFailures} tells
     */
    public boolean isTransient() {
        return SqlFailures.isTransient(getCause());
    }
}
