package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.support.SchemaCreation;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.store.cockroach.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of the stores, created on first use and versioned in {@code schema_version}. Every statement is
 * idempotent ({@code IF NOT EXISTS}, {@code ON CONFLICT DO NOTHING}) and runs on its own, outside an explicit
 * transaction, as CockroachDB recommends for schema changes. The SQL is the subset both CockroachDB and
 * PostgreSQL 13+ accept (indexes are separate {@code CREATE INDEX} statements), but for the sequence of version
 * 5, which only PostgreSQL's schemas get.
 *
 * <h2>Version 1</h2>
 * <ul>
 *   <li>{@code events}: one row per event; {@code UNIQUE (aggregate_id, stream_version)} is the optimistic
 *   concurrency guard, {@code position} the global position.</li>
 *   <li>{@code positions}: one row, the last global position handed out. Appends update it first in their
 *   transaction, which serializes them: positions are handed out in commit order.</li>
 *   <li>{@code idempotency_keys}: the key, request hash and remembered response of an append, with the
 *   positions of the events it recorded.</li>
 *   <li>{@code snapshots}: stream states by stream and version.</li>
 *   <li>{@code schema_version}: one row per version applied.</li>
 * </ul>
 *
 * <h2>Version 2</h2>
 * <ul>
 *   <li>{@code outbox}: the position of each committed event not yet published to the bus. The store inserts
 *   a row in the transaction that appends the event; the relay deletes it once the event is published. A
 *   schema upgraded from version 1 starts with an empty outbox: the events stored before the upgrade are
 *   not put into it, so they are never published by the relay.</li>
 * </ul>
 *
 * <h2>Version 3</h2>
 * <ul>
 *   <li>{@code leases}: one row per lease ever taken, with its owner and when it expires on the database's
 *   clock. A lease given up loses its row; an expired one keeps it, and the next owner takes the row over.</li>
 * </ul>
 *
 * <h2>Version 4</h2>
 * <ul>
 *   <li>{@code outbox_cursor}: one row, the position up to which every event is published to the bus. Since
 *   positions commit in order, the outbox is the events after it: an append writes nothing
 *   for the outbox, and the relay moves the cursor instead of deleting rows. It starts just before the oldest
 *   event of the version 2 outbox, or at the last event when that is empty. The {@code outbox} table is
 *   no longer written or read by this version; an adapter of version 3 still running writes rows to it that
 *   nobody deletes (drop the table once none runs).</li>
 * </ul>
 *
 * <h2>Version 5</h2>
 * How appends claim positions ({@link PositionClaim}) from now on. For {@link PositionClaim#SEQUENCE}
 * (PostgreSQL): the sequence {@code event_positions}, set to the counter's value in the statement that deletes
 * the counter's row from {@code positions}. An adapter of version 4 still running then fails every append with
 * "no counter row" (SQLSTATE 55000) instead of claiming positions beside the sequence, which would break their
 * commit order: stop the writers of version 4 before the first of version 5 starts, or expect their appends to
 * fail. For {@link PositionClaim#COUNTER_ROW} (CockroachDB) nothing changes.
 *
 * <p>{@link #ensure(DataSource, String, PositionClaim)} runs the statements of each version above the one
 * installed, in order: a fresh schema gets every version, a schema at version 1 the statements of versions 2 to
 * 5, one at version 4 only those of version 5. An adapter refuses a schema of a newer version than its own, so once one
 * process has upgraded a schema, processes still on an older adapter cannot start on it.
 */
public final class Schema {

    /** The schema version this code writes and reads. */
    public static final int CURRENT_VERSION = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /**
     * Creates the schema and its tables unless they are there at the current version, running the statements of
     * each missing version in order.
     *
     * <p>Several processes may call this at the same moment on the same schema, and the database may fail for a
     * moment: the statements are idempotent, and {@link SchemaCreation} runs them again on a race or a transient
     * failure.
     *
     * @param dataSource the database
     * @param schema     the schema name, checked
     * @param claim      how the appends on the schema claim positions
     * @throws EventStoreException when the database refuses, still refuses after
     *                             {@value SchemaCreation#MAX_ATTEMPTS} attempts, or holds a newer schema version
     *                             than this code
     */
    public static void ensure(DataSource dataSource, String schema, PositionClaim claim) {
        SqlSchemaNames.check(schema);
        try {
            SchemaCreation.run(() -> ensureOnce(dataSource, schema, claim));
        } catch (SQLException e) {
            throw new EventStoreException("cannot create the tables in schema " + schema + ": "
                    + Transactions.describe(e), e);
        }
    }

    private static void ensureOnce(DataSource dataSource, String schema, PositionClaim claim) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            int version = installedVersion(connection, schema);
            if (version > CURRENT_VERSION) {
                throw new EventStoreException("schema " + schema + " is at version " + version
                        + ", newer than this adapter's " + CURRENT_VERSION + "; upgrade chronicle-store-cockroach");
            }
            if (version < CURRENT_VERSION) {
                LOG.info("creating the event store tables in schema {} (version {} to {})", schema, version,
                        CURRENT_VERSION);
                try (Statement statement = connection.createStatement()) {
                    for (int next = version + 1; next <= CURRENT_VERSION; next++) {
                        for (String sql : statements(schema, next, claim)) {
                            statement.execute(sql);
                        }
                    }
                }
            }
        }
    }

    private static int installedVersion(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COALESCE(MAX(version), 0) FROM " + schema + ".schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ("42P01".equals(state) || "3F000".equals(state)) {
                return 0; // no table or no schema yet
            }
            throw e;
        }
    }

    /**
     * Returns the statements that bring a schema from the version before to the given one, each idempotent.
     *
     * @param schema  the schema name, checked
     * @param version the version, 1 to {@link #CURRENT_VERSION}
     * @param claim   how the appends on the schema claim positions
     * @return the statements, to run in order, the last recording the version in {@code schema_version}
     * @throws IllegalArgumentException when the name or the version is out of range
     */
    public static List<String> statements(String schema, int version, PositionClaim claim) {
        String s = SqlSchemaNames.check(schema);
        return switch (version) {
            case 1 -> version1(s);
            case 2 -> version2(s);
            case 3 -> version3(s);
            case 4 -> version4(s);
            case 5 -> version5(s, claim);
            default -> throw new IllegalArgumentException("no schema version " + version + " (1 to "
                    + CURRENT_VERSION + ")");
        };
    }

    private static List<String> version1(String s) {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS " + s,
                "CREATE TABLE IF NOT EXISTS " + s + ".schema_version ("
                        + "version INT NOT NULL, "
                        + "description VARCHAR(200) NOT NULL, "
                        + "applied_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT schema_version_pk PRIMARY KEY (version))",
                "CREATE TABLE IF NOT EXISTS " + s + ".positions ("
                        + "id INT NOT NULL, "
                        + "last BIGINT NOT NULL, "
                        + "CONSTRAINT positions_pk PRIMARY KEY (id))",
                "INSERT INTO " + s + ".positions (id, last) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
                "CREATE TABLE IF NOT EXISTS " + s + ".events ("
                        + "event_id UUID NOT NULL, "
                        + "aggregate_id VARCHAR(255) NOT NULL, "
                        + "aggregate_type VARCHAR(100) NOT NULL, "
                        + "event_type VARCHAR(100) NOT NULL, "
                        + "event_data JSONB NOT NULL, "
                        + "metadata JSONB NOT NULL, "
                        + "event_version INT NOT NULL DEFAULT 1, "
                        + "stream_version BIGINT NOT NULL, "
                        + "position BIGINT NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT " + Sql.EVENTS_PK + " PRIMARY KEY (event_id), "
                        + "CONSTRAINT " + Sql.EVENTS_STREAM_VERSION_UNIQUE + " UNIQUE (aggregate_id, stream_version), "
                        + "CONSTRAINT events_position_uq UNIQUE (position))",
                "CREATE INDEX IF NOT EXISTS events_aggregate_created_idx ON " + s + ".events (aggregate_id, created_at)",
                "CREATE INDEX IF NOT EXISTS events_type_position_idx ON " + s + ".events (event_type, position)",
                "CREATE TABLE IF NOT EXISTS " + s + ".idempotency_keys ("
                        + "idempotency_key VARCHAR(255) NOT NULL, "
                        + "request_hash TEXT NOT NULL, "
                        + "response TEXT NOT NULL, "
                        + "event_positions BIGINT[] NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT " + Sql.IDEMPOTENCY_KEYS_PK + " PRIMARY KEY (idempotency_key))",
                "CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON " + s + ".idempotency_keys (created_at)",
                "CREATE TABLE IF NOT EXISTS " + s + ".snapshots ("
                        + "stream_id VARCHAR(255) NOT NULL, "
                        + "stream_version BIGINT NOT NULL, "
                        + "as_of TIMESTAMPTZ NOT NULL, "
                        + "state JSONB NOT NULL, "
                        + "CONSTRAINT snapshots_pk PRIMARY KEY (stream_id, stream_version))",
                "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                        + "VALUES (1, 'events, positions, idempotency keys, snapshots', now()) "
                        + "ON CONFLICT (version) DO NOTHING");
    }

    private static List<String> version2(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + ".outbox ("
                        + "position BIGINT NOT NULL, "
                        + "CONSTRAINT outbox_pk PRIMARY KEY (position))",
                "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                        + "VALUES (2, 'outbox', now()) "
                        + "ON CONFLICT (version) DO NOTHING");
    }

    private static List<String> version3(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + ".leases ("
                        + "name VARCHAR(64) NOT NULL, "
                        + "owner VARCHAR(200) NOT NULL, "
                        + "expires_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT leases_pk PRIMARY KEY (name))",
                "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                        + "VALUES (3, 'leases', now()) "
                        + "ON CONFLICT (version) DO NOTHING");
    }

    private static List<String> version4(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + ".outbox_cursor ("
                        + "id INT NOT NULL, "
                        + "published BIGINT NOT NULL, "
                        + "CONSTRAINT outbox_cursor_pk PRIMARY KEY (id))",
                "INSERT INTO " + s + ".outbox_cursor (id, published) SELECT 1, COALESCE("
                        + "(SELECT min(position) - 1 FROM " + s + ".outbox), "
                        + "(SELECT COALESCE(max(position), 0) FROM " + s + ".events)) "
                        + "ON CONFLICT (id) DO NOTHING",
                "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                        + "VALUES (4, 'outbox cursor', now()) "
                        + "ON CONFLICT (version) DO NOTHING");
    }

    private static List<String> version5(String s, PositionClaim claim) {
        String recorded = "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                + "VALUES (5, 'positions claimed from "
                + (claim == PositionClaim.SEQUENCE ? "a sequence" : "the counter") + "', now()) "
                + "ON CONFLICT (version) DO NOTHING";
        if (claim == PositionClaim.COUNTER_ROW) {
            return List.of(recorded);
        }
        String sequence = PositionClaim.sequence(s);
        // not below an event already recorded, should a process still creating the schema's first version have put
        // the counter's row back in
        return List.of(
                "CREATE SEQUENCE IF NOT EXISTS " + sequence + " MINVALUE 0 START WITH 1",
                "WITH counter AS (DELETE FROM " + s + ".positions WHERE id = 1 RETURNING last) SELECT setval('"
                        + sequence + "', GREATEST(last, (SELECT COALESCE(max(position), 0) FROM " + s + ".events))) "
                        + "FROM counter",
                recorded);
    }
}
