package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.Account;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEntry;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.ledger.TransferView;
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
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/**
 * Applies recorded events to the read model's tables, one database transaction per event, and empties them.
 *
 * <p>The row of the event's stream in {@code stream_versions} decides: version 1 applies when its insert
 * inserts, version {@code n > 1} when the update from {@code n - 1} to {@code n} updates. Otherwise the event
 * is a duplicate or a gap and the transaction rolls back. Two processes applying the same stream therefore
 * queue on that row, and neither applies an event twice or skips one; there is no lock wider than a stream.
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
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ApplyResult result = applyIn(connection, event);
                if (result.kind() == ApplyResult.Kind.APPLIED) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot apply " + event.aggregateId() + " version " + event.streamVersion()
                    + " (" + event.eventType() + ") to schema " + schema + ": " + e.getMessage(), e);
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

    /** Rolls back after a failure; a failing rollback is added to the failure, which is what the caller sees. */
    private static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private ApplyResult applyIn(Connection connection, RecordedEvent event) throws SQLException {
        if (!advanceStream(connection, event)) {
            long current = currentVersion(connection, event.aggregateId());
            return current >= event.streamVersion() ? ApplyResult.DUPLICATE : ApplyResult.gap(current);
        }
        if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType())) {
            applyAccountEvent(connection, event, codec.decode(event));
        }
        insertAuditLog(connection, event);
        return ApplyResult.APPLIED;
    }

    /** Moves the stream's row to the event's version; {@code false} when it is not at the version before. */
    private boolean advanceStream(Connection connection, RecordedEvent event) throws SQLException {
        if (event.streamVersion() == 1) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema
                    + ".stream_versions (aggregate_id, version) VALUES (?, 1) ON CONFLICT (aggregate_id) DO NOTHING")) {
                insert.setString(1, event.aggregateId());
                return insert.executeUpdate() == 1;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(advanceStreamSql(schema))) {
            update.setLong(1, event.streamVersion());
            update.setString(2, event.aggregateId());
            update.setLong(3, event.streamVersion() - 1);
            return update.executeUpdate() == 1;
        }
    }

    /*
     * The SQL of the statements that look rows up, package-visible so that QueryPlansTest explains exactly what
     * runs here. The schema name is checked before it gets here.
     */

    /** Moves a stream from a version to the next; parameters: the new version, the stream id, the old version. */
    static String advanceStreamSql(String schema) {
        return "UPDATE " + schema + ".stream_versions SET version = ? WHERE aggregate_id = ? AND version = ?";
    }

    /** The last applied version of a stream; parameter: the stream id. */
    static String currentVersionSql(String schema) {
        return "SELECT version FROM " + schema + ".stream_versions WHERE aggregate_id = ?";
    }

    /** Locks an account's row and reads its state; parameter: the account id. */
    static String lockAccountSql(String schema) {
        return "SELECT owner_name, balance, currency FROM " + schema + ".account_balance WHERE account_id = ? "
                + "FOR UPDATE";
    }

    /**
     * Updates an account's row; parameters: owner name, balance, last updated, version, last position, the
     * account id.
     */
    static String updateAccountSql(String schema) {
        return "UPDATE " + schema + ".account_balance "
                + "SET owner_name = ?, balance = ?, last_updated = ?, version = ?, last_position = ? "
                + "WHERE account_id = ?";
    }

    private long currentVersion(Connection connection, String aggregateId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(currentVersionSql(schema))) {
            select.setString(1, aggregateId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Applies an account event: the balance through {@link Account#evolve}, the entry, the transfer half. */
    private void applyAccountEvent(Connection connection, RecordedEvent recorded, AccountEvent event)
            throws SQLException {
        AccountState before = loadForUpdate(connection, recorded.aggregateId());
        if ((before == null) != (event instanceof AccountCreated)) {
            throw new IllegalStateException("stream " + recorded.aggregateId() + " version "
                    + recorded.streamVersion() + ": " + recorded.eventType()
                    + (before == null ? " before AccountCreated" : " on an existing account"));
        }
        AccountState after = Account.INSTANCE.evolve(before == null ? Account.INSTANCE.initialState() : before,
                event);
        AccountEntry entry = AccountEntry.of(event);
        if (before == null) {
            insertAccount(connection, recorded, after);
        } else {
            updateAccount(connection, recorded, after);
        }
        if (entry.type() != TransactionType.OPENING || entry.amount().signum() > 0) {
            insertTransaction(connection, recorded, after, entry);
        }
        Money amount = new Money(entry.amount(), after.currency());
        if (event instanceof TransferSent sent) {
            recordTransferHalf(connection, sent.transferId(), recorded.aggregateId(), sent.toAccountId(), amount,
                    sent.description(), recorded.createdAt());
        } else if (event instanceof TransferReceived received) {
            recordTransferHalf(connection, received.transferId(), received.fromAccountId(), recorded.aggregateId(),
                    amount, received.description(), recorded.createdAt());
        }
    }

    private AccountState loadForUpdate(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(lockAccountSql(schema))) {
            select.setString(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new AccountState(accountId, rows.getString("owner_name"),
                        new Money(rows.getBigDecimal("balance"), Money.currency(rows.getString("currency"))));
            }
        }
    }

    private void insertAccount(Connection connection, RecordedEvent recorded, AccountState after)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".account_balance "
                + "(account_id, owner_name, balance, currency, status, created_at, last_updated, version, "
                + "last_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, recorded.aggregateId());
            insert.setString(2, after.ownerName());
            insert.setBigDecimal(3, after.balance().amount());
            insert.setString(4, after.currency().getCurrencyCode());
            insert.setString(5, AccountView.ACTIVE);
            Jdbc.setInstant(insert, 6, recorded.createdAt());
            Jdbc.setInstant(insert, 7, recorded.createdAt());
            insert.setLong(8, recorded.streamVersion());
            insert.setLong(9, recorded.position());
            insert.executeUpdate();
        }
    }

    private void updateAccount(Connection connection, RecordedEvent recorded, AccountState after)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(updateAccountSql(schema))) {
            update.setString(1, after.ownerName());
            update.setBigDecimal(2, after.balance().amount());
            Jdbc.setInstant(update, 3, recorded.createdAt());
            update.setLong(4, recorded.streamVersion());
            update.setLong(5, recorded.position());
            update.setString(6, recorded.aggregateId());
            update.executeUpdate();
        }
    }

    private void insertTransaction(Connection connection, RecordedEvent recorded, AccountState after,
                                   AccountEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".transactions "
                + "(transaction_id, account_id, type, amount, balance_after, description, timestamp, version, "
                + "transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, recorded.eventId());
            insert.setString(2, recorded.aggregateId());
            insert.setString(3, entry.type().wireName());
            insert.setBigDecimal(4, new Money(entry.amount(), after.currency()).amount());
            insert.setBigDecimal(5, after.balance().amount());
            insert.setString(6, entry.description());
            Jdbc.setInstant(insert, 7, recorded.createdAt());
            insert.setLong(8, recorded.streamVersion());
            if (entry.transferId().isPresent()) {
                insert.setObject(9, entry.transferId().get());
            } else {
                insert.setNull(9, Types.OTHER);
            }
            insert.executeUpdate();
        }
    }

    /** Records one half of a transfer; the second half completes it, at the earlier of the two times. */
    private void recordTransferHalf(Connection connection, UUID transferId, String fromAccountId,
                                    String toAccountId, Money amount, String description, Instant createdAt)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + schema + ".transfers AS t "
                + "(transfer_id, from_account_id, to_account_id, amount, currency, description, status, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id) DO UPDATE SET status = ?, "
                + "created_at = LEAST(t.created_at, EXCLUDED.created_at)")) {
            upsert.setObject(1, transferId);
            upsert.setString(2, fromAccountId);
            upsert.setString(3, toAccountId);
            upsert.setBigDecimal(4, amount.amount());
            upsert.setString(5, amount.currency().getCurrencyCode());
            upsert.setString(6, description);
            upsert.setString(7, TransferView.PENDING);
            Jdbc.setInstant(upsert, 8, createdAt);
            upsert.setString(9, TransferView.COMPLETED);
            upsert.executeUpdate();
        }
    }

    private void insertAuditLog(Connection connection, RecordedEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".audit_log "
                + "(position, event_id, aggregate_id, aggregate_type, event_type, event_version, stream_version, "
                + "data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, event.position());
            insert.setObject(2, event.eventId());
            insert.setString(3, event.aggregateId());
            insert.setString(4, event.aggregateType());
            insert.setString(5, event.eventType());
            insert.setInt(6, event.eventVersion());
            insert.setLong(7, event.streamVersion());
            insert.setString(8, event.data());
            insert.setString(9, event.metadata());
            Jdbc.setInstant(insert, 10, event.createdAt());
            insert.executeUpdate();
        }
    }
}
