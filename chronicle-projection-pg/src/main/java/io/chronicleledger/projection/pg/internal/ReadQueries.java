package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.ReadModelException;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Answers the {@link LedgerQueries} from the read model's tables. */
public final class ReadQueries implements LedgerQueries {

    private final DataSource dataSource;
    private final String schema;

    /**
     * Creates the queries of a schema.
     *
     * @param dataSource the database
     * @param schema     the schema, checked
     */
    public ReadQueries(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = SqlSchemaNames.check(schema);
    }

    @Override
    public Optional<AccountView> account(String accountId) {
        List<AccountView> found = query(accountSql(schema), "account " + accountId,
                statement -> statement.setString(1, accountId),
                ReadQueries::accountView);
        return found.stream().findFirst();
    }

    @Override
    public Page<AccountView> accounts(String afterAccountId, int limit) {
        checkLimit(limit);
        return Page.ofFetched(query(accountsSql(schema), "accounts after " + afterAccountId, statement -> {
            statement.setString(1, afterAccountId);
            statement.setInt(2, limit + 1);
        }, ReadQueries::accountView), limit);
    }

    @Override
    public Page<TransactionView> transactions(String accountId, long beforeVersion, int limit) {
        checkLimit(limit);
        return Page.ofFetched(query(transactionsSql(schema), "transactions of " + accountId, statement -> {
            statement.setString(1, accountId);
            statement.setLong(2, beforeVersion);
            statement.setInt(3, limit + 1);
        }, ReadQueries::transactionView), limit);
    }

    @Override
    public Optional<TransferView> transfer(UUID transferId) {
        return query(transferSql(schema), "transfer " + transferId, statement -> statement.setObject(1, transferId),
                ReadQueries::transferView).stream().findFirst();
    }

    /**
     * Returns the highest global position applied, from the audit log's primary key.
     *
     * @return the position, 0 when nothing is applied
     * @throws ReadModelException when the database fails
     */
    public long highestPosition() {
        return query(highestPositionSql(schema), "the highest applied position", statement -> { },
                rows -> rows.getLong("position")).get(0);
    }

    @Override
    public Page<RecordedEvent> auditLog(GlobalLogQuery query) {
        String sql = auditLogSql(schema, query.streamId().isPresent(), !query.eventTypes().isEmpty());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setLong(index++, query.afterPosition());
            if (query.streamId().isPresent()) {
                statement.setString(index++, query.streamId().get());
            }
            Array types = null;
            if (!query.eventTypes().isEmpty()) {
                types = connection.createArrayOf("varchar", query.eventTypes().toArray());
                statement.setArray(index++, types);
            }
            statement.setInt(index, query.limit() + 1);
            List<RecordedEvent> fetched = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fetched.add(recordedEvent(rows));
                }
            } finally {
                if (types != null) {
                    types.free();
                }
            }
            return Page.ofFetched(fetched, query.limit());
        } catch (SQLException e) {
            throw new ReadModelException("cannot read the audit log of schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /*
     * The SQL of the queries, package-visible so that QueryPlansTest explains exactly what runs here. The schema
     * name is checked before it gets here.
     */

    /** An account by id; parameter: the account id. */
    static String accountSql(String schema) {
        return "SELECT * FROM " + schema + ".account_balance WHERE account_id = ?";
    }

    /** A page of accounts after an id, in id order; parameters: the id, the limit plus one. */
    static String accountsSql(String schema) {
        return "SELECT * FROM " + schema + ".account_balance WHERE account_id > ? ORDER BY account_id LIMIT ?";
    }

    /** A page of an account's history before a version, newest first; parameters: id, version, limit plus one. */
    static String transactionsSql(String schema) {
        return "SELECT t.*, a.currency FROM " + schema + ".transactions t JOIN " + schema
                + ".account_balance a ON a.account_id = t.account_id "
                + "WHERE t.account_id = ? AND t.version < ? ORDER BY t.version DESC LIMIT ?";
    }

    /** A transfer by id; parameter: the transfer id. */
    static String transferSql(String schema) {
        return "SELECT * FROM " + schema + ".transfers WHERE transfer_id = ?";
    }

    /** The highest applied position, 0 when none; no parameter. */
    static String highestPositionSql(String schema) {
        return "SELECT coalesce(max(position), 0) AS position FROM " + schema + ".audit_log";
    }

    /**
     * A page of the audit log after a position, in position order; parameters: the position, the stream id when
     * {@code byStream}, an array of event types when {@code byTypes}, the limit plus one.
     */
    static String auditLogSql(String schema, boolean byStream, boolean byTypes) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(schema).append(".audit_log WHERE position > ?");
        if (byStream) {
            sql.append(" AND aggregate_id = ?");
        }
        if (byTypes) {
            sql.append(" AND event_type = ANY (?)");
        }
        return sql.append(" ORDER BY position LIMIT ?").toString();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > LedgerQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1 to " + LedgerQueries.MAX_PAGE_SIZE + ", was " + limit);
        }
    }

    private <T> List<T> query(String sql, String what, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(mapper.map(rows));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new ReadModelException("cannot read " + what + " from schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static AccountView accountView(ResultSet rows) throws SQLException {
        return new AccountView(rows.getString("account_id"), rows.getString("owner_name"),
                money(rows.getBigDecimal("balance"), rows.getString("currency")), rows.getString("status"),
                rows.getLong("version"), Jdbc.getInstant(rows, "created_at"), Jdbc.getInstant(rows, "last_updated"));
    }

    private static TransactionView transactionView(ResultSet rows) throws SQLException {
        String currency = rows.getString("currency");
        return new TransactionView(rows.getObject("transaction_id", UUID.class), rows.getString("account_id"),
                rows.getLong("version"), TransactionType.valueOf(rows.getString("type").toUpperCase(Locale.ROOT)),
                money(rows.getBigDecimal("amount"), currency), money(rows.getBigDecimal("balance_after"), currency),
                rows.getString("description"), Jdbc.getInstant(rows, "timestamp"),
                Optional.ofNullable(rows.getObject("transfer_id", UUID.class)));
    }

    private static TransferView transferView(ResultSet rows) throws SQLException {
        return new TransferView(rows.getObject("transfer_id", UUID.class), rows.getString("from_account_id"),
                rows.getString("to_account_id"), money(rows.getBigDecimal("amount"), rows.getString("currency")),
                rows.getString("description"), rows.getString("status"), Jdbc.getInstant(rows, "created_at"));
    }

    private static RecordedEvent recordedEvent(ResultSet rows) throws SQLException {
        return new RecordedEvent(rows.getLong("position"), rows.getObject("event_id", UUID.class),
                rows.getString("aggregate_id"), rows.getString("aggregate_type"), rows.getString("event_type"),
                rows.getInt("event_version"), rows.getLong("stream_version"), rows.getString("data"),
                rows.getString("metadata"), Jdbc.getInstant(rows, "created_at"));
    }

    private static Money money(BigDecimal amount, String currency) {
        Currency code = Money.currency(currency);
        return new Money(amount, code);
    }

    /** Sets the parameters of a statement. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }
}
