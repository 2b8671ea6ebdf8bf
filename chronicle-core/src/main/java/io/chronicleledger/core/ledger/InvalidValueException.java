package io.chronicleledger.core.ledger;

import java.util.Objects;

/**
 * A value given to the ledger is malformed: an account id, an amount, a name or a description that breaks
 * its rules. Thrown before anything is decided or stored; a server answers it with a 400.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The stable code of the rule that was broken. */
    private final String code;

    /**
     * Creates the exception.
     *
     * @param code    a stable code in {@code UPPER_SNAKE_CASE}, such as {@code INVALID_AMOUNT}
     * @param message what is wrong, for people
     */
    public InvalidValueException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the stable code of the rule that was broken.
     *
     * @return the code
     */
    public String code() {
        return code;
    }
}
