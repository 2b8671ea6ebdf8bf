package example;

import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.MoneyDeposited;
import io.chronicleledger.core.ledger.MoneyWithdrawn;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.projection.Projection;
import io.chronicleledger.core.store.RecordedEvent;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The example's own projection: money deposited and withdrawn per day (UTC) and currency, in tables of its own.
 * Each event is applied once: the version of every account applied so far is kept in the same transaction as the
 * totals, so a redelivered event is a duplicate and an event after a missing one a gap (the projector then reads
 * the missing ones from the store).
 */
public final class DailyTotals implements Projection {

    private final DataSource dataSource;
    private final String schema;
    private final AtomicLong lastApplied = new AtomicLong();

    /**
     * Creates the tables when missing.
     *
     * @param dataSource the database
     * @param schema     the schema of the tables
     */
    public DailyTotals(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        run("CREATE SCHEMA IF NOT EXISTS " + schema,
                "CREATE TABLE IF NOT EXISTS " + schema + ".totals_accounts (account_id TEXT PRIMARY KEY, "
                        + "version BIGINT NOT NULL, currency TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + schema + ".daily_totals (day DATE, currency TEXT, "
                        + "deposited NUMERIC NOT NULL, withdrawn NUMERIC NOT NULL, PRIMARY KEY (day, currency))");
    }

    @Override
    public ApplyResult apply(RecordedEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ApplyResult result = apply(connection, event);
                connection.commit();
                if (result.kind() == ApplyResult.Kind.APPLIED) {
                    lastApplied.accumulateAndGet(event.position(), Math::max);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply " + event.eventId(), e);
        }
    }

    private ApplyResult apply(Connection connection, RecordedEvent event) throws SQLException {
        long applied = 0;
        String currency = null;
        try (PreparedStatement read = connection.prepareStatement("SELECT version, currency FROM " + schema
                + ".totals_accounts WHERE account_id = ? FOR UPDATE")) {
            read.setString(1, event.aggregateId());
            try (ResultSet row = read.executeQuery()) {
                if (row.next()) {
                    applied = row.getLong(1);
                    currency = row.getString(2);
                }
            }
        }
        if (event.streamVersion() <= applied) {
            return ApplyResult.DUPLICATE;
        }
        if (event.streamVersion() > applied + 1) {
            return ApplyResult.gap(applied);
        }
        AccountEvent decoded = LedgerEvents.codec().decode(event);
        if (decoded instanceof AccountCreated created) {
            currency = created.currency().getCurrencyCode();
        } else if (decoded instanceof MoneyDeposited deposited) {
            add(connection, event, currency, deposited.amount(), BigDecimal.ZERO);
        } else if (decoded instanceof MoneyWithdrawn withdrawn) {
            add(connection, event, currency, BigDecimal.ZERO, withdrawn.amount());
        }
        try (PreparedStatement version = connection.prepareStatement("INSERT INTO " + schema + ".totals_accounts "
                + "VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET version = EXCLUDED.version")) {
            version.setString(1, event.aggregateId());
            version.setLong(2, event.streamVersion());
            version.setString(3, currency);
            version.executeUpdate();
        }
        return ApplyResult.APPLIED;
    }

    private void add(Connection connection, RecordedEvent event, String currency, BigDecimal deposited,
                     BigDecimal withdrawn) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement("INSERT INTO " + schema + ".daily_totals "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (day, currency) DO UPDATE SET "
                + "deposited = daily_totals.deposited + EXCLUDED.deposited, "
                + "withdrawn = daily_totals.withdrawn + EXCLUDED.withdrawn")) {
            add.setObject(1, event.createdAt().atOffset(ZoneOffset.UTC).toLocalDate());
            add.setString(2, currency);
            add.setBigDecimal(3, deposited);
            add.setBigDecimal(4, withdrawn);
            add.executeUpdate();
        }
    }

    /**
     * Returns the position of the latest event this object applied.
     *
     * @return the position, 0 before the first
     */
    public long lastApplied() {
        return lastApplied.get();
    }

    @Override
    public void reset() {
        run("TRUNCATE " + schema + ".totals_accounts, " + schema + ".daily_totals");
    }

    /**
     * Returns the totals, one line per day and currency: {@code day currency +deposited -withdrawn}.
     *
     * @return the lines, by day and currency
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT day, currency, deposited, withdrawn FROM " + schema
                     + ".daily_totals ORDER BY day, currency")) {
            while (rows.next()) {
                lines.add(rows.getString(1) + " " + rows.getString(2) + " +" + rows.getBigDecimal(3).toPlainString()
                        + " -" + rows.getBigDecimal(4).toPlainString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the totals", e);
        }
        return lines;
    }

    private void run(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the totals' tables", e);
        }
    }
}
