package io.chronicleledger.core.codec;

/**
 * An event could not be encoded or decoded: an unknown event type, a payload that does not parse, or a
 * version with no upcaster path.
 */
public final class EventCodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public EventCodecException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param cause   the cause
     */
    public EventCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
