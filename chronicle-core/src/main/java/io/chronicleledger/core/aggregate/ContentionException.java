package io.chronicleledger.core.aggregate;

/**
 * Thrown when other writers kept changing a command's streams: the command was decided and appended the most
 * times allowed, each time finding a stream moved, and nothing was recorded. Retrying later (with the same
 * idempotency key) is safe.
 */
public class ContentionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what kept changing
     */
    public ContentionException(String message) {
        super(message);
    }
}
