package io.chronicleledger.core.ledger;

import io.chronicleledger.core.aggregate.ContentionException;

/**
 * The ledger gave up on a command after its bounded retries, because other writers (other processes) kept
 * changing the same accounts. Nothing was recorded; the command may be retried. A server answers it with a
 * 503.
 */
public final class LedgerContentionException extends ContentionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which stream and how many attempts
     */
    public LedgerContentionException(String message) {
        super(message);
    }
}
