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

/**
 * The rows that the events applied in one transaction write, gathered in memory and then written with one
 * multi-row statement per table ({@code unnest} of one array per column, so a statement's text and its plan do
 * not depend on how many rows it writes): each account's final state, the history entries, the transfers (one
 * row per transfer, completed at once when both halves are among the events), the streams' new versions and the
 * audit log. Amounts and times go over as text and are cast by the database, so they arrive exactly.
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
            List<AccountRow> rows = List.copyOf(accounts.values());
            try (PreparedStatement upsert = connection.prepareStatement(upsertAccountsSql(schema))) {
                Columns<AccountRow> columns = new Columns<>(connection, upsert, rows);
                columns.text(AccountRow::accountId);
                columns.text(row -> row.state().ownerName());
                columns.text(row -> row.state().balance().amount().toPlainString());
                columns.text(row -> row.state().currency().getCurrencyCode());
                columns.text(row -> AccountView.ACTIVE);
                columns.text(row -> row.createdAt().toString());
                columns.text(row -> row.lastUpdated().toString());
                columns.number(AccountRow::version);
                columns.number(AccountRow::position);
                upsert.executeUpdate();
            }
        }
        if (!transactions.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(insertTransactionsSql(schema))) {
                Columns<TransactionRow> columns = new Columns<>(connection, insert, transactions);
                columns.text(row -> row.recorded().eventId().toString());
                columns.text(row -> row.recorded().aggregateId());
                columns.text(row -> row.entry().type().wireName());
                columns.text(row -> row.amount().amount().toPlainString());
                columns.text(row -> row.balanceAfter().amount().toPlainString());
                columns.text(row -> row.entry().description());
                columns.text(row -> row.recorded().createdAt().toString());
                columns.number(row -> row.recorded().streamVersion());
                columns.text(row -> row.entry().transferId().map(UUID::toString).orElse(null));
                insert.executeUpdate();
            }
        }
        if (!transfers.isEmpty()) {
            List<TransferRow> rows = List.copyOf(transfers.values()); // by id: one lock order for every process
            try (PreparedStatement upsert = connection.prepareStatement(upsertTransfersSql(schema))) {
                Columns<TransferRow> columns = new Columns<>(connection, upsert, rows);
                columns.text(row -> row.transferId().toString());
                columns.text(TransferRow::fromAccountId);
                columns.text(TransferRow::toAccountId);
                columns.text(row -> row.amount().amount().toPlainString());
                columns.text(row -> row.amount().currency().getCurrencyCode());
                columns.text(TransferRow::description);
                columns.text(TransferRow::status);
                columns.text(row -> row.createdAt().toString());
                upsert.setString(columns.next(), TransferView.COMPLETED);
                upsert.executeUpdate();
            }
        }
        List<Map.Entry<String, Long>> streams = List.copyOf(streamVersions.entrySet());
        try (PreparedStatement update = connection.prepareStatement(updateStreamsSql(schema))) {
            Columns<Map.Entry<String, Long>> columns = new Columns<>(connection, update, streams);
            columns.text(Map.Entry::getKey);
            columns.number(Map.Entry::getValue);
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(insertAuditLogSql(schema))) {
            Columns<RecordedEvent> columns = new Columns<>(connection, insert, auditLog);
            columns.number(RecordedEvent::position);
            columns.text(event -> event.eventId().toString());
            columns.text(RecordedEvent::aggregateId);
            columns.text(RecordedEvent::aggregateType);
            columns.text(RecordedEvent::eventType);
            columns.number(event -> (long) event.eventVersion());
            columns.number(RecordedEvent::streamVersion);
            columns.text(RecordedEvent::data);
            columns.text(RecordedEvent::metadata);
            columns.text(event -> event.createdAt().toString());
            insert.executeUpdate();
        }
    }

    /**
     * Copies into empty tables what no later event changes, and forgets it: the history entries, the audit log
     * entries and the completed transfers. What later events may change (the accounts, the streams' versions and
     * the pending transfers) stays gathered here until {@link #copyStates}.
     */
    void copyHistory(Connection connection) throws SQLException {
        CopyText rows = new CopyText();
        for (TransactionRow row : transactions) {
            rows.field(row.recorded().eventId().toString()).field(row.recorded().aggregateId())
                    .field(row.entry().type().wireName()).field(row.amount().amount().toPlainString())
                    .field(row.balanceAfter().amount().toPlainString()).field(row.entry().description())
                    .field(row.recorded().createdAt().toString()).field(row.recorded().streamVersion())
                    .field(row.entry().transferId().map(UUID::toString).orElse(null)).endRow();
        }
        rows.copy(connection, "COPY " + schema + ".transactions (transaction_id, account_id, type, amount, "
                + "balance_after, description, timestamp, version, transfer_id) FROM STDIN");
        transactions.clear();
        for (RecordedEvent event : auditLog) {
            rows.field(event.position()).field(event.eventId().toString()).field(event.aggregateId())
                    .field(event.aggregateType()).field(event.eventType()).field(event.eventVersion())
                    .field(event.streamVersion()).field(event.data()).field(event.metadata())
                    .field(event.createdAt().toString()).endRow();
        }
        rows.copy(connection, "COPY " + schema + ".audit_log (position, event_id, aggregate_id, aggregate_type, "
                + "event_type, event_version, stream_version, data, metadata, created_at) FROM STDIN");
        auditLog.clear();
        copyTransfers(connection, TransferView.COMPLETED);
    }

    /** Copies into empty tables the accounts, the streams' versions and the pending transfers. */
    void copyStates(Connection connection) throws SQLException {
        CopyText rows = new CopyText();
        for (AccountRow row : accounts.values()) {
            rows.field(row.accountId()).field(row.state().ownerName())
                    .field(row.state().balance().amount().toPlainString())
                    .field(row.state().currency().getCurrencyCode()).field(AccountView.ACTIVE)
                    .field(row.createdAt().toString()).field(row.lastUpdated().toString()).field(row.version())
                    .field(row.position()).endRow();
        }
        rows.copy(connection, "COPY " + schema + ".account_balance (account_id, owner_name, balance, currency, "
                + "status, created_at, last_updated, version, last_position) FROM STDIN");
        for (Map.Entry<String, Long> stream : streamVersions.entrySet()) {
            rows.field(stream.getKey()).field(stream.getValue()).endRow();
        }
        rows.copy(connection, "COPY " + schema + ".stream_versions (aggregate_id, version) FROM STDIN");
        copyTransfers(connection, TransferView.PENDING);
    }

    private void copyTransfers(Connection connection, String status) throws SQLException {
        CopyText rows = new CopyText();
        Iterator<TransferRow> all = transfers.values().iterator();
        while (all.hasNext()) {
            TransferRow row = all.next();
            if (row.status().equals(status)) {
                rows.field(row.transferId().toString()).field(row.fromAccountId()).field(row.toAccountId())
                        .field(row.amount().amount().toPlainString())
                        .field(row.amount().currency().getCurrencyCode()).field(row.description())
                        .field(row.status()).field(row.createdAt().toString()).endRow();
                all.remove();
            }
        }
        rows.copy(connection, "COPY " + schema + ".transfers (transfer_id, from_account_id, to_account_id, amount, "
                + "currency, description, status, created_at) FROM STDIN");
    }

    /*
     * The SQL of the writes, package-visible so that QueryPlansTest explains exactly what runs here. Each takes
     * one array per column, in the order of the column list.
     */

    /** Inserts accounts, or updates the ones that exist (all but their creation time and status). */
    static String upsertAccountsSql(String schema) {
        return "INSERT INTO " + schema + ".account_balance (account_id, owner_name, balance, currency, status, "
                + "created_at, last_updated, version, last_position) "
                + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::numeric[], ?::varchar[], ?::varchar[], "
                + "?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::bigint[]) "
                + "ON CONFLICT (account_id) DO UPDATE SET owner_name = EXCLUDED.owner_name, "
                + "balance = EXCLUDED.balance, last_updated = EXCLUDED.last_updated, version = EXCLUDED.version, "
                + "last_position = EXCLUDED.last_position";
    }

    /** Inserts history entries. */
    static String insertTransactionsSql(String schema) {
        return "INSERT INTO " + schema + ".transactions (transaction_id, account_id, type, amount, balance_after, "
                + "description, timestamp, version, transfer_id) "
                + "SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::numeric[], ?::numeric[], "
                + "?::text[], ?::timestamptz[], ?::bigint[], ?::uuid[])";
    }

    /** Inserts transfers, or completes the ones that exist (at the earlier time); the last parameter: completed. */
    static String upsertTransfersSql(String schema) {
        return "INSERT INTO " + schema + ".transfers AS t (transfer_id, from_account_id, to_account_id, amount, "
                + "currency, description, status, created_at) "
                + "SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::numeric[], ?::varchar[], "
                + "?::text[], ?::varchar[], ?::timestamptz[]) "
                + "ON CONFLICT (transfer_id) DO UPDATE SET status = ?, "
                + "created_at = LEAST(t.created_at, EXCLUDED.created_at)";
    }

    /** Moves streams to their new versions. */
    static String updateStreamsSql(String schema) {
        return "UPDATE " + schema + ".stream_versions AS v SET version = u.version "
                + "FROM unnest(?::varchar[], ?::bigint[]) AS u (aggregate_id, version) "
                + "WHERE v.aggregate_id = u.aggregate_id";
    }

    /** Inserts audit log entries. */
    static String insertAuditLogSql(String schema) {
        return "INSERT INTO " + schema + ".audit_log (position, event_id, aggregate_id, aggregate_type, event_type, "
                + "event_version, stream_version, data, metadata, created_at) "
                + "SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::int[], ?::bigint[], ?::text[], ?::text[], ?::timestamptz[])";
    }

    /** Binds one array parameter per column, in order, from the rows of a statement. */
    private static final class Columns<R> {
        private final Connection connection;
        private final PreparedStatement statement;
        private final List<R> rows;
        private int index = 1;

        Columns(Connection connection, PreparedStatement statement, List<R> rows) {
            this.connection = connection;
            this.statement = statement;
            this.rows = rows;
        }

        void text(Function<R, String> column) throws SQLException {
            String[] values = new String[rows.size()];
            for (int row = 0; row < values.length; row++) {
                values[row] = column.apply(rows.get(row));
            }
            statement.setArray(index++, connection.createArrayOf("text", values));
        }

        void number(Function<R, Long> column) throws SQLException {
            Long[] values = new Long[rows.size()];
            for (int row = 0; row < values.length; row++) {
                values[row] = column.apply(rows.get(row));
            }
            statement.setArray(index++, connection.createArrayOf("int8", values));
        }

        int next() {
            return index++;
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
