package io.chronicleledger.projection.pg;

import io.chronicleledger.core.StorageException;

/**
 * The database refused or failed an operation of a {@link PostgresLedgerReadModel}; the cause holds the
 * driver's exception. An {@code apply} that throws it changed nothing.
 */
public final class ReadModelException extends StorageException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the underlying failure
     */
    public ReadModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
