package io.chronicleledger.core.aggregate;

/**
 * Why an aggregate refused a command: an expected business outcome, not an error. Implementations are
 * usually records of a sealed hierarchy, so that callers can switch over every case.
 */
public interface Rejection {

    /**
     * Returns a stable, machine-readable code in {@code UPPER_SNAKE_CASE}, such as
     * {@code INSUFFICIENT_FUNDS}.
     *
     * @return the code
     */
    String code();

    /**
     * Returns a sentence for people, naming the values involved.
     *
     * @return the message
     */
    String message();
}
