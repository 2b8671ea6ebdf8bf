package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The id of an account: 1 to 64 letters, digits, {@code _} or {@code -}, such as {@code ACC-001}. It is also
 * the id of the account's event stream.
 *
 * @param value the id
 */
public record AccountId(@JsonValue String value) implements Comparable<AccountId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Creates and checks an account id.
     *
     * @param value the id
     * @throws InvalidValueException ({@code INVALID_ACCOUNT_ID}) when the id breaks the rule
     */
    public AccountId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidValueException("INVALID_ACCOUNT_ID",
                    "account id must be 1 to 64 letters, digits, '_' or '-'");
        }
    }

    /**
     * Returns an account id.
     *
     * @param value the id
     * @return the account id
     * @throws InvalidValueException when the id breaks the rule
     */
    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
