package io.chronicleledger.core.support;

import java.util.regex.Pattern;

/**
 * The schema names the SQL adapters accept: a lower-case identifier that needs no quoting, so that it can be
 * put into statements as it is, safely.
 */
public final class SqlSchemaNames {

    /** The pattern a schema name must match. */
    public static final String PATTERN = "[a-z_][a-z0-9_]{0,62}";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private SqlSchemaNames() {
    }

    /**
     * Returns whether a name is a valid schema name.
     *
     * @param name the name, or {@code null}
     * @return {@code true} when it matches {@link #PATTERN}
     */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Checks a schema name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when it does not match {@link #PATTERN}
     */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier (" + PATTERN
                    + "), was " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
