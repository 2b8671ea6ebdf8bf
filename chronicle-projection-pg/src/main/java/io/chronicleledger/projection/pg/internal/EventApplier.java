package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.Account;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.ReadModelException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies recorded events to the read model's tables, any number of them in one database transaction with a
 * fixed number of statements, and empties the tables.
 *
 * <p>The first statement locks the row in {@code stream_versions} of every stream of the events (creating it at
 * version 0 when it is missing), in the order of the stream ids, and reads the versions applied so far. Then,
 * the events of each stream in the order of their versions: the next version applies, one at or below the last
 * applied one is a duplicate, a higher one is a gap. The applied events are written with one multi-row statement
 * per table, and the transaction commits; when nothing applies it rolls back. Two processes applying events of
 * one stream therefore queue on its row, and neither applies an event twice or skips one; they lock in one
 * order, so they never deadlock on those rows, and no lock is wider than a stream.
 */
public final class EventApplier {

    private final DataSource dataSource;
    private final String schema;
    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();

    /**
     * Creates the applier of a schema.
     *
     * @param dataSource the database
     * @param schema     the schema, checked
     */
    public EventApplier(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = SqlSchemaNames.check(schema);
    }

    /**
     * Applies an event if it is the next version of its stream.
     *
     * @param event the event
     * @return applied, duplicate or a gap
     * @throws ReadModelException when the database fails; nothing is applied then
     */
    public ApplyResult apply(RecordedEvent event) {
        return applyAll(List.of(event)).get(0);
    }

    /**
     * Applies events in one transaction, the events of each stream in the order of their versions.
     *
     * @param events the events, of any streams, in any order
     * @return what became of each event, at its index
     * @throws ReadModelException when the database fails; nothing is applied then
     */
    public List<ApplyResult> applyAll(List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ApplyResult[] results = new ApplyResult[events.size()];
                AppliedRows rows = decide(connection, events, results);
                if (rows.isEmpty()) {
                    connection.rollback();
                } else {
                    rows.write(connection);
                    connection.commit();
                }
                connection.setAutoCommit(true);
                return List.of(results);
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollbackAfter(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot apply " + describe(events) + " to schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Empties every table in one transaction.
     *
     * @throws ReadModelException when the database fails
     */
    public void reset() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE " + schema + ".account_balance, " + schema + ".transactions, " + schema
                        + ".transfers, " + schema + ".stream_versions, " + schema + ".audit_log");
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot reset the read model in schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static String describe(List<RecordedEvent> events) {
        RecordedEvent first = events.get(0);
        if (events.size() == 1) {
            return first.aggregateId() + " version " + first.streamVersion() + " (" + first.eventType() + ")";
        }
        return events.size() + " events (first " + first.aggregateId() + " version " + first.streamVersion() + ")";
    }

    /** Locks the events' streams, decides each event's result, and collects the rows of the applied ones. */
    private AppliedRows decide(Connection connection, List<RecordedEvent> events, ApplyResult[] results)
            throws SQLException {
        Map<String, Long> versions = lockStreams(connection, events);
        List<RecordedEvent> applied = new ArrayList<>(events.size());
        for (int index : byStreamVersion(events)) {
            RecordedEvent event = events.get(index);
            long current = versions.get(event.aggregateId());
            if (event.streamVersion() <= current) {
                results[index] = ApplyResult.DUPLICATE;
            } else if (event.streamVersion() == current + 1) {
                results[index] = ApplyResult.APPLIED;
                versions.put(event.aggregateId(), event.streamVersion());
                applied.add(event);
            } else {
                results[index] = ApplyResult.gap(current);
            }
        }
        AppliedRows rows = new AppliedRows(schema);
        if (applied.isEmpty()) {
            return rows;
        }
        Map<String, AccountState> accounts = loadAccounts(connection, applied);
        for (RecordedEvent event : applied) {
            if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType())) {
                applyAccountEvent(event, codec.decode(event), accounts, rows);
            }
            rows.applied(event);
        }
        return rows;
    }

    /** The indexes of the events, in the order of their stream versions (stable, so duplicates keep theirs). */
    private static Integer[] byStreamVersion(List<RecordedEvent> events) {
        Integer[] order = new Integer[events.size()];
        Arrays.setAll(order, index -> index);
        Arrays.sort(order, Comparator.comparingLong(index -> events.get(index).streamVersion()));
        return order;
    }

    /*
     * The SQL of the statements that look rows up, package-visible so that QueryPlansTest explains exactly what
     * runs here. The schema name is checked before it gets here.
     */

    /**
     * Locks the rows of streams, creating missing ones at version 0, and returns their versions; parameter: the
     * stream ids, in the order to lock them.
     */
    static String lockStreamsSql(String schema) {
        return "INSERT INTO " + schema + ".stream_versions AS v (aggregate_id, version) "
                + "SELECT unnest(?::varchar[]), 0 "
                + "ON CONFLICT (aggregate_id) DO UPDATE SET version = v.version RETURNING aggregate_id, version";
    }

    /** Reads the state of accounts; parameter: the account ids. */
    static String loadAccountsSql(String schema) {
        return "SELECT account_id, owner_name, balance, currency FROM " + schema + ".account_balance "
                + "WHERE account_id = ANY (?::varchar[])";
    }

    /**
     * Locks the streams of the events, in one order for every process (that of their ids), and returns the
     * version each has applied. A missing row is created at version 0, which means the same as no row.
     */
    private Map<String, Long> lockStreams(Connection connection, List<RecordedEvent> events) throws SQLException {
        TreeSet<String> streams = new TreeSet<>();
        for (RecordedEvent event : events) {
            streams.add(event.aggregateId());
        }
        Map<String, Long> versions = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(lockStreamsSql(schema))) {
            lock.setArray(1, connection.createArrayOf("varchar", streams.toArray(new String[0])));
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return versions;
    }

    /** Reads the accounts among the applied events' streams; the lock on their streams keeps them still. */
    private Map<String, AccountState> loadAccounts(Connection connection, List<RecordedEvent> applied)
            throws SQLException {
        TreeSet<String> accountIds = new TreeSet<>();
        for (RecordedEvent event : applied) {
            if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType()) && event.streamVersion() > 1) {
                accountIds.add(event.aggregateId());
            }
        }
        Map<String, AccountState> accounts = new HashMap<>();
        if (accountIds.isEmpty()) {
            return accounts;
        }
        try (PreparedStatement select = connection.prepareStatement(loadAccountsSql(schema))) {
            select.setArray(1, connection.createArrayOf("varchar", accountIds.toArray(new String[0])));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String accountId = rows.getString("account_id");
                    accounts.put(accountId, new AccountState(accountId, rows.getString("owner_name"),
                            new Money(rows.getBigDecimal("balance"), Money.currency(rows.getString("currency")))));
                }
            }
        }
        return accounts;
    }

    /**
     * Applies an account event to the accounts' states, and gathers its rows: the balance through
     * {@link Account#evolve}, the entry, the transfer half.
     *
     * @param recorded the event as recorded
     * @param event    the event, decoded
     * @param accounts the accounts' states, updated
     * @param rows     where the rows go
     * @throws IllegalStateException when the event does not fit the account's state
     */
    static void applyAccountEvent(RecordedEvent recorded, AccountEvent event,
                                          Map<String, AccountState> accounts, AppliedRows rows) {
        AccountState before = accounts.get(recorded.aggregateId());
        if ((before == null) != (event instanceof AccountCreated)) {
            throw new IllegalStateException("stream " + recorded.aggregateId() + " version "
                    + recorded.streamVersion() + ": " + recorded.eventType()
                    + (before == null ? " before AccountCreated" : " on an existing account"));
        }
        AccountState after = Account.INSTANCE.evolve(before == null ? Account.INSTANCE.initialState() : before,
                event);
        accounts.put(recorded.aggregateId(), after);
        rows.account(recorded, event, after);
    }
}
