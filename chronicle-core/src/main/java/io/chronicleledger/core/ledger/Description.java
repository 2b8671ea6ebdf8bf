package io.chronicleledger.core.ledger;

/**
 * The description of a deposit, withdrawal or transfer: at most 500 characters, no control characters; empty
 * when none was given.
 *
 * @param value the description, possibly empty
 */
public record Description(String value) {

    /** The longest description, in characters (code points). */
    public static final int MAX_LENGTH = 500;

    /** No description. */
    public static final Description NONE = new Description("");

    /**
     * Creates and checks a description.
     *
     * @param value the description; {@code null} means none
     * @throws InvalidValueException ({@code INVALID_DESCRIPTION}) when the description breaks a rule
     */
    public Description {
        value = value == null ? "" : Text.check(value, MAX_LENGTH, "INVALID_DESCRIPTION", "description");
    }

    /**
     * Returns a description.
     *
     * @param value the description; {@code null} means none
     * @return the description
     * @throws InvalidValueException when the description breaks a rule
     */
    public static Description of(String value) {
        return value == null || value.isEmpty() ? NONE : new Description(value);
    }
}
