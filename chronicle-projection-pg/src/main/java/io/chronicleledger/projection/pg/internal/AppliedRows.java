package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.ledger.AccountEntry;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.store.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rows that the events applied in one transaction write, gathered in memory and then written with one
 * multi-row statement per table ({@code unnest} of one array per column, so a statement's text and its plan do
 * not depend on how many rows it writes): each account's final state, the history entries, the transfers (one
 * row per transfer, completed at once when both halves are among the events), the streams' new versions and the
 * audit log. A bulk load sends the same rows with {@code COPY} instead ({@link #copyHistory}, {@link #copyStates}).
 * Each table's columns are defined once, in a {@link Table}, for both. Amounts and times go over as text and are
 * cast by the database, so they arrive exactly.
 */
final class AppliedRows {

    private final String schema;
    private final Map<String, AccountRow> accounts = new LinkedHashMap<>();
    private final List<TransactionRow> transactions = new ArrayList<>();
    private final Map<UUID, TransferRow> transfers = new TreeMap<>();
    private final Map<String, Long> streamVersions = new LinkedHashMap<>();
    private final List<RecordedEvent> auditLog = new ArrayList<>();

    AppliedRows(String schema) {
        this.schema = schema;
    }

    boolean isEmpty() {
        return auditLog.isEmpty();
    }

    /** Records an applied event of any stream: its stream's new version and its audit log entry. */
    void applied(RecordedEvent event) {
        streamVersions.put(event.aggregateId(), event.streamVersion());
        auditLog.add(event);
    }

    /** Records what an applied account event changed: the account, its history entry, its transfer half. */
    void account(RecordedEvent recorded, AccountEvent event, AccountState after) {
        AccountRow earlier = accounts.get(recorded.aggregateId());
        Instant createdAt = earlier == null ? recorded.createdAt() : earlier.createdAt();
        accounts.put(recorded.aggregateId(), new AccountRow(recorded.aggregateId(), after, createdAt,
                recorded.createdAt(), recorded.streamVersion(), recorded.position()));
        AccountEntry entry = AccountEntry.of(event);
        Money amount = new Money(entry.amount(), after.currency());
        if (entry.type() != TransactionType.OPENING || entry.amount().signum() > 0) {
            transactions.add(new TransactionRow(recorded, entry, amount, after.balance()));
        }
        if (event instanceof TransferSent sent) {
            transferHalf(new TransferRow(sent.transferId(), recorded.aggregateId(), sent.toAccountId(), amount,
                    sent.description(), TransferView.PENDING, recorded.createdAt()));
        } else if (event instanceof TransferReceived received) {
            transferHalf(new TransferRow(received.transferId(), received.fromAccountId(), recorded.aggregateId(),
                    amount, received.description(), TransferView.PENDING, recorded.createdAt()));
        }
    }

    /** The second half of a transfer among the events completes it, at the earlier of the two times. */
    private void transferHalf(TransferRow half) {
        transfers.merge(half.transferId(), half, (first, second) -> new TransferRow(first.transferId(),
                first.fromAccountId(), first.toAccountId(), first.amount(), first.description(),
                TransferView.COMPLETED, first.createdAt().isBefore(second.createdAt())
                ? first.createdAt() : second.createdAt()));
    }

    /** Writes the rows, each table in the order that every apply and the rebuild's switch lock them in. */
    void write(Connection connection) throws SQLException {
        if (!accounts.isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(upsertAccountsSql(schema))) {
                ACCOUNTS.bind(connection, upsert, List.copyOf(accounts.values()));
                upsert.executeUpdate();
            }
        }
        if (!transactions.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(insertTransactionsSql(schema))) {
                TRANSACTIONS.bind(connection, insert, transactions);
                insert.executeUpdate();
            }
        }
        if (!transfers.isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(upsertTransfersSql(schema))) {
                // by id: one lock order for every process
                int next = TRANSFERS.bind(connection, upsert, List.copyOf(transfers.values()));
                upsert.setString(next, TransferView.COMPLETED);
                upsert.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(updateStreamsSql(schema))) {
            STREAMS.bind(connection, update, List.copyOf(streamVersions.entrySet()));
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(insertAuditLogSql(schema))) {
            AUDIT_LOG.bind(connection, insert, auditLog);
            insert.executeUpdate();
        }
    }

    /**
     * Copies into empty tables what no later event changes, and forgets it: the history entries, the audit log
     * entries and the completed transfers. What later events may change (the accounts, the streams' versions and
     * the pending transfers) stays gathered here until {@link #copyStates}.
     */
    void copyHistory(Connection connection) throws SQLException {
        TRANSACTIONS.copy(connection, schema, transactions);
        transactions.clear();
        AUDIT_LOG.copy(connection, schema, auditLog);
        auditLog.clear();
        copyTransfers(connection, TransferView.COMPLETED);
    }

    /** Copies into empty tables the accounts, the streams' versions and the pending transfers. */
    void copyStates(Connection connection) throws SQLException {
        ACCOUNTS.copy(connection, schema, List.copyOf(accounts.values()));
        STREAMS.copy(connection, schema, List.copyOf(streamVersions.entrySet()));
        copyTransfers(connection, TransferView.PENDING);
    }

    private void copyTransfers(Connection connection, String status) throws SQLException {
        List<TransferRow> rows = new ArrayList<>();
        Iterator<TransferRow> all = transfers.values().iterator();
        while (all.hasNext()) {
            TransferRow row = all.next();
            if (row.status().equals(status)) {
                rows.add(row);
                all.remove();
            }
        }
        TRANSFERS.copy(connection, schema, rows);
    }

    /*
     * The tables, each column with its SQL type and its value in a row: a String (or null), or a Long for the
     * integer columns.
     */

    private static final Table<AccountRow> ACCOUNTS = new Table<>("account_balance", List.of(
            new Column<>("account_id", "varchar", AccountRow::accountId),
            new Column<>("owner_name", "varchar", row -> row.state().ownerName()),
            new Column<>("balance", "numeric", row -> row.state().balance().amount().toPlainString()),
            new Column<>("currency", "varchar", row -> row.state().currency().getCurrencyCode()),
            new Column<>("status", "varchar", row -> AccountView.ACTIVE),
            new Column<>("created_at", "timestamptz", row -> row.createdAt().toString()),
            new Column<>("last_updated", "timestamptz", row -> row.lastUpdated().toString()),
            new Column<>("version", "bigint", AccountRow::version),
            new Column<>("last_position", "bigint", AccountRow::position)));

    private static final Table<TransactionRow> TRANSACTIONS = new Table<>("transactions", List.of(
            new Column<>("transaction_id", "uuid", row -> row.recorded().eventId().toString()),
            new Column<>("account_id", "varchar", row -> row.recorded().aggregateId()),
            new Column<>("type", "varchar", row -> row.entry().type().wireName()),
            new Column<>("amount", "numeric", row -> row.amount().amount().toPlainString()),
            new Column<>("balance_after", "numeric", row -> row.balanceAfter().amount().toPlainString()),
            new Column<>("description", "text", row -> row.entry().description()),
            new Column<>("timestamp", "timestamptz", row -> row.recorded().createdAt().toString()),
            new Column<>("version", "bigint", row -> row.recorded().streamVersion()),
            new Column<>("transfer_id", "uuid", row -> row.entry().transferId().map(UUID::toString).orElse(null))));

    private static final Table<TransferRow> TRANSFERS = new Table<>("transfers", List.of(
            new Column<>("transfer_id", "uuid", row -> row.transferId().toString()),
            new Column<>("from_account_id", "varchar", TransferRow::fromAccountId),
            new Column<>("to_account_id", "varchar", TransferRow::toAccountId),
            new Column<>("amount", "numeric", row -> row.amount().amount().toPlainString()),
            new Column<>("currency", "varchar", row -> row.amount().currency().getCurrencyCode()),
            new Column<>("description", "text", TransferRow::description),
            new Column<>("status", "varchar", TransferRow::status),
            new Column<>("created_at", "timestamptz", row -> row.createdAt().toString())));

    private static final Table<Map.Entry<String, Long>> STREAMS = new Table<>("stream_versions", List.of(
            new Column<>("aggregate_id", "varchar", Map.Entry::getKey),
            new Column<>("version", "bigint", Map.Entry::getValue)));

    private static final Table<RecordedEvent> AUDIT_LOG = new Table<>("audit_log", List.of(
            new Column<>("position", "bigint", RecordedEvent::position),
            new Column<>("event_id", "uuid", event -> event.eventId().toString()),
            new Column<>("aggregate_id", "varchar", RecordedEvent::aggregateId),
            new Column<>("aggregate_type", "varchar", RecordedEvent::aggregateType),
            new Column<>("event_type", "varchar", RecordedEvent::eventType),
            new Column<>("event_version", "int", event -> (long) event.eventVersion()),
            new Column<>("stream_version", "bigint", RecordedEvent::streamVersion),
            new Column<>("data", "text", RecordedEvent::data),
            new Column<>("metadata", "text", RecordedEvent::metadata),
            new Column<>("created_at", "timestamptz", event -> event.createdAt().toString())));

    /*
     * The SQL of the writes, package-visible so that QueryPlansTest explains exactly what runs here. Each takes
     * one array per column, in the order of the column list.
     */

    /** Inserts accounts, or updates the ones that exist (all but their creation time and status). */
    static String upsertAccountsSql(String schema) {
        return ACCOUNTS.insertSql(schema) + " ON CONFLICT (account_id) DO UPDATE SET owner_name = EXCLUDED.owner_name, "
                + "balance = EXCLUDED.balance, last_updated = EXCLUDED.last_updated, version = EXCLUDED.version, "
                + "last_position = EXCLUDED.last_position";
    }

    /** Inserts history entries. */
    static String insertTransactionsSql(String schema) {
        return TRANSACTIONS.insertSql(schema);
    }

    /** Inserts transfers, or completes the ones that exist (at the earlier time); the last parameter: completed. */
    static String upsertTransfersSql(String schema) {
        return TRANSFERS.insertSql(schema) + " ON CONFLICT (transfer_id) DO UPDATE SET status = ?, "
                + "created_at = LEAST(t.created_at, EXCLUDED.created_at)";
    }

    /** Moves streams to their new versions. */
    static String updateStreamsSql(String schema) {
        return "UPDATE " + schema + ".stream_versions AS v SET version = u.version FROM " + STREAMS.unnest()
                + " AS u (" + STREAMS.columnList() + ") WHERE v.aggregate_id = u.aggregate_id";
    }

    /** Inserts audit log entries. */
    static String insertAuditLogSql(String schema) {
        return AUDIT_LOG.insertSql(schema);
    }

    /** A column: its name, its SQL type, and its value in a row (a String or null, or a Long for integers). */
    private record Column<R>(String name, String type, Function<R, Object> value) {

        boolean integer() {
            return type.equals("bigint") || type.equals("int");
        }
    }

    /** A table's columns, written as one array per column ({@code unnest}) or as {@code COPY} rows. */
    private record Table<R>(String name, List<Column<R>> columns) {

        String columnList() {
            return columns.stream().map(Column::name).collect(Collectors.joining(", "));
        }

        /** {@code unnest} of one array parameter per column, each cast to the column's type. */
        String unnest() {
            return columns.stream().map(column -> "?::" + column.type() + "[]")
                    .collect(Collectors.joining(", ", "unnest(", ")"));
        }

        /** Inserts the rows of the arrays; the table is aliased {@code t}, for an upsert's update. */
        String insertSql(String schema) {
            return "INSERT INTO " + schema + "." + name + " AS t (" + columnList() + ") SELECT * FROM " + unnest();
        }

        /**
         * Binds one array per column from the rows, from the first parameter on.
         *
         * @return the index of the next parameter
         */
        int bind(Connection connection, PreparedStatement statement, List<R> rows) throws SQLException {
            int index = 1;
            for (Column<R> column : columns) {
                Object[] values = column.integer() ? new Long[rows.size()] : new String[rows.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = column.value().apply(rows.get(row));
                }
                statement.setArray(index++, connection.createArrayOf(column.integer() ? "int8" : "text", values));
            }
            return index;
        }

        /** Sends the rows with {@code COPY}, unless there are none. */
        void copy(Connection connection, String schema, List<R> rows) throws SQLException {
            CopyText text = new CopyText();
            for (R row : rows) {
                for (Column<R> column : columns) {
                    text.field(column.value().apply(row));
                }
                text.endRow();
            }
            text.copy(connection, "COPY " + schema + "." + name + " (" + columnList() + ") FROM STDIN");
        }
    }

    private record AccountRow(String accountId, AccountState state, Instant createdAt, Instant lastUpdated,
                              long version, long position) {
    }

    private record TransactionRow(RecordedEvent recorded, AccountEntry entry, Money amount, Money balanceAfter) {
    }

    private record TransferRow(UUID transferId, String fromAccountId, String toAccountId, Money amount,
                               String description, String status, Instant createdAt) {
    }
}
