package io.chronicleledger.projection.pg;

import io.chronicleledger.core.support.SqlFailures;

/**
 * The database refused or failed an operation of a {@link PostgresLedgerReadModel}; the cause holds the
 * driver's exception. An {@code apply} that throws it changed nothing.
 */
public final class ReadModelException extends RuntimeException {

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
