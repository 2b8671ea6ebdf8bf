package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.support.SchemaCreation;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.ReadModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of the read model, in a schema of its own, created on first use and versioned in
 * {@code schema_version}.
 *
 * <h2>Version 1</h2>
 * <ul>
 *   <li>{@code account_balance}: one row per account, with its owner, balance, currency, status, the times of
 *   its first and last applied events, its last applied stream version and global position.</li>
 *   <li>{@code transactions}: one row per history entry, keyed by the event id, with its stream version (the
 *   key of the newest-first pages, indexed with the account) and its transfer, if any.</li>
 *   <li>{@code transfers}: one row per transfer, {@code pending} after its first half, {@code completed}
 *   after its second.</li>
 *   <li>{@code stream_versions}: the last applied version of every stream, accounts or not; the conditional
 *   update of its row decides whether an event applies.</li>
 *   <li>{@code audit_log}: every applied event as it was recorded, by global position, indexed by stream and
 *   by event type. The payload and metadata are {@code TEXT}, so they come back exactly as recorded.</li>
 *   <li>{@code schema_version}: one row per version applied.</li>
 * </ul>
 *
 * <p>Amounts are unconstrained {@code NUMERIC}, not the seed's {@code DECIMAL(18,2)}: such a column keeps the
 * exact value and the scale it was given, so JPY amounts keep 0 decimals and KWD amounts 3, and none is ever
 * rounded. Account ids sort with {@code COLLATE "C"}, in the order of Java's {@code String.compareTo} for the
 * ids the ledger accepts, whatever the database's collation.
 *
 * <p>{@link #ensure(DataSource, String)} runs the statements of each missing version in one transaction;
 * every statement is idempotent ({@code IF NOT EXISTS}, {@code ON CONFLICT DO NOTHING}).
 */
public final class ReadModelSchema {

    /** The schema version this code writes and reads. */
    public static final int CURRENT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelSchema.class);

    private ReadModelSchema() {
    }

    /**
     * Creates the schema and its tables unless they are there at the current version.
     *
     * <p>Several processes may call this at the same moment on the same schema, and the database may fail for a
     * moment: {@link SchemaCreation} runs the creation again on a race or a transient failure.
     *
     * @param dataSource the database
     * @param schema     the schema name
     * @throws ReadModelException when the database refuses, or holds a newer schema version than this code
     */
    public static void ensure(DataSource dataSource, String schema) {
        SqlSchemaNames.check(schema);
        try {
            SchemaCreation.run(() -> ensureOnce(dataSource, schema));
        } catch (SQLException e) {
            throw new ReadModelException("cannot create the read model's tables in schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Drops the schema and everything in it.
     *
     * @param dataSource the database
     * @param schema     the schema name
     * @throws ReadModelException when the database refuses
     */
    public static void drop(DataSource dataSource, String schema) {
        SqlSchemaNames.check(schema);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new ReadModelException("cannot drop schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static void ensureOnce(DataSource dataSource, String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            int version = installedVersion(connection, schema);
            if (version > CURRENT_VERSION) {
                throw new ReadModelException("schema " + schema + " is at version " + version
                        + ", newer than this read model's " + CURRENT_VERSION + "; upgrade chronicle-projection-pg",
                        null);
            }
            if (version == CURRENT_VERSION) {
                return;
            }
            LOG.info("creating the read model's tables in schema {} (version {} to {})", schema, version,
                    CURRENT_VERSION);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (int next = version + 1; next <= CURRENT_VERSION; next++) {
                    for (String sql : statements(schema, next)) {
                        statement.execute(sql);
                    }
                }
                connection.commit();
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollbackAfter(connection, e);
                throw e;
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
     * @param schema  the schema name
     * @param version the version, 1 to {@link #CURRENT_VERSION}
     * @return the statements, to run in order, the last recording the version in {@code schema_version}
     * @throws IllegalArgumentException when the name or the version is out of range
     */
    public static List<String> statements(String schema, int version) {
        String s = SqlSchemaNames.check(schema);
        if (version != 1) {
            throw new IllegalArgumentException("no schema version " + version + " (1 to " + CURRENT_VERSION + ")");
        }
        List<String> statements = new ArrayList<>(List.of(
                "CREATE SCHEMA IF NOT EXISTS " + s,
                "CREATE TABLE IF NOT EXISTS " + s + ".schema_version ("
                        + "version INT NOT NULL, "
                        + "description VARCHAR(200) NOT NULL, "
                        + "applied_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT schema_version_pk PRIMARY KEY (version))",
                "CREATE TABLE IF NOT EXISTS " + s + ".account_balance ("
                        + "account_id VARCHAR(64) COLLATE \"C\" NOT NULL, "
                        + "owner_name VARCHAR(255) NOT NULL, "
                        + "balance NUMERIC NOT NULL, "
                        + "currency VARCHAR(3) NOT NULL, "
                        + "status VARCHAR(20) NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL, "
                        + "last_updated TIMESTAMPTZ NOT NULL, "
                        + "version BIGINT NOT NULL, "
                        + "last_position BIGINT NOT NULL, "
                        + "CONSTRAINT account_balance_pk PRIMARY KEY (account_id))",
                "CREATE TABLE IF NOT EXISTS " + s + ".transactions ("
                        + "transaction_id UUID NOT NULL, "
                        + "account_id VARCHAR(64) COLLATE \"C\" NOT NULL, "
                        + "type VARCHAR(20) NOT NULL, "
                        + "amount NUMERIC NOT NULL, "
                        + "balance_after NUMERIC NOT NULL, "
                        + "description TEXT NOT NULL, "
                        + "timestamp TIMESTAMPTZ NOT NULL, "
                        + "version BIGINT NOT NULL, "
                        + "transfer_id UUID NULL, "
                        + "CONSTRAINT transactions_pk PRIMARY KEY (transaction_id))",
                "CREATE TABLE IF NOT EXISTS " + s + ".transfers ("
                        + "transfer_id UUID NOT NULL, "
                        + "from_account_id VARCHAR(64) COLLATE \"C\" NOT NULL, "
                        + "to_account_id VARCHAR(64) COLLATE \"C\" NOT NULL, "
                        + "amount NUMERIC NOT NULL, "
                        + "currency VARCHAR(3) NOT NULL, "
                        + "description TEXT NOT NULL, "
                        + "status VARCHAR(20) NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT transfers_pk PRIMARY KEY (transfer_id))",
                "CREATE TABLE IF NOT EXISTS " + s + ".stream_versions ("
                        + "aggregate_id VARCHAR(255) NOT NULL, "
                        + "version BIGINT NOT NULL, "
                        + "CONSTRAINT stream_versions_pk PRIMARY KEY (aggregate_id))",
                "CREATE TABLE IF NOT EXISTS " + s + ".audit_log ("
                        + "position BIGINT NOT NULL, "
                        + "event_id UUID NOT NULL, "
                        + "aggregate_id VARCHAR(255) NOT NULL, "
                        + "aggregate_type VARCHAR(100) NOT NULL, "
                        + "event_type VARCHAR(100) NOT NULL, "
                        + "event_version INT NOT NULL, "
                        + "stream_version BIGINT NOT NULL, "
                        + "data TEXT NOT NULL, "
                        + "metadata TEXT NOT NULL, "
                        + "created_at TIMESTAMPTZ NOT NULL, "
                        + "CONSTRAINT audit_log_pk PRIMARY KEY (position))",
                "INSERT INTO " + s + ".schema_version (version, description, applied_at) "
                        + "VALUES (1, 'account_balance, transactions, transfers, stream_versions, audit_log', now()) "
                        + "ON CONFLICT (version) DO NOTHING"));
        statements.addAll(statements.size() - 1, createSecondaryIndexes(s));
        return List.copyOf(statements);
    }

    /**
     * Returns the statements that create the indexes beside the primary keys, each idempotent: the ones a bulk
     * load drops before it copies the rows in, and builds again after, which is much faster than keeping them
     * up to date row by row.
     *
     * @param schema the schema name
     * @return the statements
     * @throws IllegalArgumentException when the name is not a schema name
     */
    public static List<String> createSecondaryIndexes(String schema) {
        String s = SqlSchemaNames.check(schema);
        return List.of(
                "CREATE INDEX IF NOT EXISTS transactions_account_version_idx ON " + s
                        + ".transactions (account_id, version)",
                "CREATE INDEX IF NOT EXISTS audit_log_aggregate_position_idx ON " + s
                        + ".audit_log (aggregate_id, position)",
                "CREATE INDEX IF NOT EXISTS audit_log_type_position_idx ON " + s + ".audit_log (event_type, position)");
    }

    /**
     * Returns the statements that drop the indexes of {@link #createSecondaryIndexes}.
     *
     * @param schema the schema name
     * @return the statements
     * @throws IllegalArgumentException when the name is not a schema name
     */
    public static List<String> dropSecondaryIndexes(String schema) {
        String s = SqlSchemaNames.check(schema);
        return List.of("DROP INDEX IF EXISTS " + s + ".transactions_account_version_idx",
                "DROP INDEX IF EXISTS " + s + ".audit_log_aggregate_position_idx",
                "DROP INDEX IF EXISTS " + s + ".audit_log_type_position_idx");
    }
}
