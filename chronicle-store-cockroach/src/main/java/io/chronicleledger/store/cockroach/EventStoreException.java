package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.StorageException;

/**
 * A failure of the database behind a store: unreachable, refusing a statement, or still in conflict after
 * the retries. Expected outcomes (version conflicts, replays) are never exceptions; see
 * {@link io.chronicleledger.core.store.AppendResult}.
 */
public final class EventStoreException extends StorageException {

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
        super(message, null);
    }
}
