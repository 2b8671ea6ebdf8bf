package io.chronicleledger.bus.nats;

/** NATS or JetStream refused or did not answer: the bus could not connect, set up its streams, or publish. */
public final class NatsBusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the failure of the client or the server, or {@code null}
     */
    public NatsBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
