package io.chronicleledger.server;

import java.util.Locale;

/** What one server process does; {@link #ALL} runs every part in one process. */
public enum Role {
    /** The Ledger API: commands on the ledger port, and the relay of committed events to the bus. */
    LEDGER,
    /** The Query API on the query port. */
    QUERY,
    /** The read processor: the projection that feeds the read model from the bus. */
    PROCESSOR,
    /** The web dashboard on the dashboard port, pointing at ledger and query URLs. */
    DASHBOARD,
    /** Everything above in one process. */
    ALL;

    /**
     * Returns whether this role includes another.
     *
     * @param part a role
     * @return {@code true} when this role is {@code part} or {@link #ALL}
     */
    public boolean includes(Role part) {
        return this == ALL || this == part;
    }

    /**
     * Parses a role name, case-insensitively.
     *
     * @param name the name, such as {@code ledger}
     * @return the role
     * @throws IllegalArgumentException when the name is no role
     */
    public static Role parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
