package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.ReadModelException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects an event store's global log, read page by page in position order, into the empty tables of a schema
 * that nothing else writes to (a rebuild's), far faster than applying events: the streams' versions and the
 * accounts' states are kept in memory, each page's history entries, audit log entries and completed transfers
 * go in with {@code COPY}, and the accounts, the streams' versions and the pending transfers once at the end.
 * The indexes beside the primary keys are dropped at the start and built at the end. It takes no locks, so it
 * is only for such a schema; once {@link #finish() finished}, the schema is an ordinary read model again, on
 * which events apply as usual.
 */
public final class BulkLoad {

    private final DataSource dataSource;
    private final String schema;
    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, AccountState> accounts = new HashMap<>();
    private final AppliedRows rows;

    /**
     * Starts a bulk load into the empty tables of a schema: drops their secondary indexes.
     *
     * @param dataSource the database
     * @param schema     the schema, whose tables exist and are empty
     * @throws ReadModelException when the database fails
     */
    public BulkLoad(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = SqlSchemaNames.check(schema);
        this.rows = new AppliedRows(schema);
        execute(ReadModelSchema.dropSecondaryIndexes(schema), "drop the indexes of");
    }

    /**
     * Loads the next events of the global log, in position order: each stream's next version applies, a
     * version seen before is skipped.
     *
     * @param events the events, in position order, after those loaded before
     * @return how many of them applied
     * @throws IllegalStateException when a stream skips a version (the log is not read in order)
     * @throws ReadModelException    when the database fails
     */
    public int load(List<RecordedEvent> events) {
        int applied = 0;
        for (RecordedEvent event : events) {
            long current = versions.getOrDefault(event.aggregateId(), 0L);
            if (event.streamVersion() <= current) {
                continue;
            }
            if (event.streamVersion() != current + 1) {
                throw new IllegalStateException("stream " + event.aggregateId() + " goes from version " + current
                        + " to " + event.streamVersion() + " at position " + event.position()
                        + "; a bulk load reads the global log in position order");
            }
            versions.put(event.aggregateId(), event.streamVersion());
            if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType())) {
                EventApplier.applyAccountEvent(event, codec.decode(event), accounts, rows);
            }
            rows.applied(event);
            applied++;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            rows.copyHistory(connection);
        } catch (SQLException e) {
            throw new ReadModelException("cannot load events into schema " + schema + ": " + e.getMessage(), e);
        }
        return applied;
    }

    /**
     * Writes the accounts, the streams' versions and the pending transfers, and builds the indexes.
     *
     * @throws ReadModelException when the database fails
     */
    public void finish() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            rows.copyStates(connection);
        } catch (SQLException e) {
            throw new ReadModelException("cannot load the accounts into schema " + schema + ": " + e.getMessage(), e);
        }
        execute(ReadModelSchema.createSecondaryIndexes(schema), "build the indexes of");
        execute(List.of("ANALYZE " + schema + ".account_balance", "ANALYZE " + schema + ".transactions",
                "ANALYZE " + schema + ".transfers", "ANALYZE " + schema + ".stream_versions",
                "ANALYZE " + schema + ".audit_log"), "analyze");
    }

    private void execute(List<String> statements, String what) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot " + what + " schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
