package io.chronicleledger.store.cockroach.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * How an append claims the global positions of its events. Both ways hand positions out in commit order: an append
 * claims them under a lock that its transaction holds until it has committed (or rolled back), so the next append
 * claims higher ones only once the earlier one is visible. They differ in what a failed append leaves behind and
 * in what the lock costs.
 */
public enum PositionClaim {

    /**
     * The one row of {@code positions}: an append adds its number of events to it, which locks the row until the
     * end of its transaction. A transaction that fails rolls its claim back, so positions have no gaps. The claim
     * on CockroachDB, which has no advisory locks (and where every append writing the row is what orders them).
     */
    COUNTER_ROW,

    /**
     * PostgreSQL (schema version 5): a transaction-scoped advisory lock of the schema, then the sequence
     * {@code event_positions}. The lock, held until the transaction ends, orders the appends as the counter row's
     * does, and no row is updated for the claim. An updated row leaves a dead version behind that no vacuum may
     * remove while any snapshot older than it is open (a long report, {@code pg_dump}), and every later update
     * walks those versions: on PostgreSQL 15, with one transaction of 100 seconds open beside them, appends through
     * the counter row slowed from 0.46 to 1.18 ms (median) within 90 seconds, through the sequence they stayed at
     * 0.33 ms. Without such a snapshot the sequence's statement is about 4 % faster. A sequence does not roll
     * back, so an append that fails after its claim (a unique key that refuses it, a rollback) leaves a hole:
     * positions increase in commit order, with gaps. A hole is final: once a reader sees a position, every
     * transaction that claimed a lower one has ended, and a lower position it does not see is never written.
     */
    SEQUENCE;

    /**
     * The sequence of {@link #SEQUENCE}.
     *
     * @param schema the store's schema, checked
     * @return its qualified name, {@code schema.event_positions}
     */
    static String sequence(String schema) {
        return schema + ".event_positions";
    }

    /**
     * Returns the claim a database supports best: {@link #COUNTER_ROW} on CockroachDB, {@link #SEQUENCE} on
     * PostgreSQL.
     *
     * @param connection a connection to the database
     * @return the claim
     * @throws SQLException when the database's version cannot be read
     */
    public static PositionClaim of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version()")) {
            return row.next() && row.getString(1).contains("CockroachDB") ? COUNTER_ROW : SEQUENCE;
        }
    }

    /**
     * Returns the statement that takes the claim's lock in a transaction, until it ends: from then on no other
     * append of the schema claims positions.
     *
     * @param schema the schema, checked
     * @return the statement; it returns one row when it took the lock
     */
    String lockStatement(String schema) {
        return this == COUNTER_ROW ? "SELECT last FROM " + schema + ".positions WHERE id = 1 FOR UPDATE"
                : "SELECT 1 FROM (SELECT " + advisoryLock(schema) + ") AS locked";
    }

    /**
     * The call that takes the schema's transaction-scoped advisory lock, its key written out: 64 bits of a
     * name-based UUID of the schema's name, so that stores of other schemas in the same database take other locks.
     *
     * @param schema the schema, checked
     * @return {@code pg_advisory_xact_lock(key)}
     */
    static String advisoryLock(String schema) {
        long key = UUID.nameUUIDFromBytes(("chronicle-event-positions:" + schema).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        return "pg_advisory_xact_lock(" + key + ")";
    }
}
