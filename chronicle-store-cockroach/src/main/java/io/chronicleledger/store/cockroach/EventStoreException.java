package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.support.SqlFailures;

/**
 * A failure of the database behind a store: unreachable, refusing a statement, or still in conflict after
 * the retries. Expected outcomes (version conflicts, replays) are never exceptions; see
 * {@link io.chronicleledger.core.store.AppendResult}.
 */
public final class EventStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the store was doing and what went wrong
     * @param cause   the database's exception
     */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what went wrong
     */
    public EventStoreException(String message) {
        super(message);
    }

    /**
     * Returns whether the failure passes (a dropped or refused connection, the database restarting or too
     * busy): trying again later may succeed.
     *
     * @return {@code true} when the cause is a transient database failure, as {@link SqlFailures} tells
     */
    public boolean isTransient() {
        return SqlFailures.isTransient(getCause());
    }
}
