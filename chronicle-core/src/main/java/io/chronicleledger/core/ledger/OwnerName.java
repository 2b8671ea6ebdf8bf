package io.chronicleledger.core.ledger;

/**
 * The name of an account's owner: 1 to 200 characters once trimmed, no control characters.
 *
 * @param value the trimmed name
 */
public record OwnerName(String value) {

    /** The longest name, in characters (code points). */
    public static final int MAX_LENGTH = 200;

    /**
     * Creates, trims and checks an owner name.
     *
     * @param value the name
     * @throws InvalidValueException ({@code INVALID_OWNER_NAME}) when the name breaks a rule
     */
    public OwnerName {
        if (value == null || Text.isBlank(value)) {
            throw new InvalidValueException("INVALID_OWNER_NAME", "owner name must not be empty");
        }
        value = Text.check(value.strip(), MAX_LENGTH, "INVALID_OWNER_NAME", "owner name");
    }

    /**
     * Returns an owner name.
     *
     * @param value the name
     * @return the owner name
     * @throws InvalidValueException when the name breaks a rule
     */
    public static OwnerName of(String value) {
        return new OwnerName(value);
    }
}
