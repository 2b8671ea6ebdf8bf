package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.store.cockroach.EventStoreException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in a database transaction (or one statement in auto-commit mode), retrying serialization failures
 * (SQLSTATE {@code 40001}, which CockroachDB raises for any transaction it must restart, and {@code 40P01}, a
 * PostgreSQL deadlock) with a bounded, jittered exponential back-off. Any other {@link SQLException} becomes an
 * {@link EventStoreException} naming what the store was doing; a {@link RuntimeException} of the work passes
 * through (after a rollback, in a transaction).
 */
public final class Transactions {

    /** How often a transaction runs at most before a serialization failure is given up on. */
    public static final int MAX_ATTEMPTS = 12;

    /** SQLSTATE of a unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private static final Backoff BACKOFF = new Backoff(2_000, 500_000);
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    /**
     * Work in one transaction. It may roll back itself (to answer an expected refusal); the commit that
     * follows then commits nothing.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the work.
         *
         * @param connection the connection, in a transaction
         * @return the result
         * @throws SQLException when a statement fails
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work in a transaction and commits it, retrying serialization failures.
     *
     * @param dataSource the database
     * @param what       what the store is doing, for the message of a failure
     * @param work       the work
     * @param <T>        the result
     * @return the work's result
     * @throws EventStoreException when the database fails, or a serialization failure outlasts the retries
     */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        return retrying(what, () -> once(dataSource, work));
    }

    /**
     * Runs one writing statement on a connection in auto-commit mode, so that the statement is its own
     * transaction and commits with its execution (one round trip; on CockroachDB an implicit transaction, which
     * the database may restart by itself and commit in one phase). Serialization failures are retried like those
     * of {@link #inTransaction}: a statement that failed with one did not commit.
     *
     * @param dataSource the database
     * @param what       what the store is doing, for the message of a failure
     * @param work       the work: one statement, since each statement commits on its own
     * @param <T>        the result
     * @return the work's result
     * @throws EventStoreException when the database fails, or a serialization failure outlasts the retries
     */
    public static <T> T autoCommitted(DataSource dataSource, String what, Work<T> work) {
        return retrying(what, () -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                return work.run(connection);
            }
        });
    }

    /** One attempt of a retried operation. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private static <T> T retrying(String what, Attempt<T> attempt) {
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (isRetryable(e) && attempts < MAX_ATTEMPTS) {
                    long pause = BACKOFF.pauseMicros(attempts);
                    LOG.debug("{}: serialization failure on attempt {}, retrying in {} us", what, attempts, pause, e);
                    Backoff.sleep(pause, what, e);
                    continue;
                }
                throw new EventStoreException(what + " failed" + (isRetryable(e) ? " after " + attempts + " attempts" : "")
                        + ": " + describe(e), e);
            }
        }
    }

    /**
     * Runs work on a connection in auto-commit mode (reads), without retries.
     *
     * @param dataSource the database
     * @param what       what the store is doing, for the message of a failure
     * @param work       the work
     * @param <T>        the result
     * @return the work's result
     * @throws EventStoreException when the database fails
     */
    public static <T> T read(DataSource dataSource, String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new EventStoreException(what + " failed: " + describe(e), e);
        }
    }

    /**
     * Runs the work in one transaction. Auto-commit comes back on only once the transaction has ended: turning it
     * on in a transaction that a failed rollback left open would commit that transaction's half-done work. Such a
     * connection goes back to the pool as it is, which rolls it back (HikariCP does) or drops it.
     */
    private static <T> T once(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                if (rolledBack(connection, e)) {
                    restoreAutoCommit(connection);
                }
                throw e;
            }
            restoreAutoCommit(connection);
            return result;
        }
    }

    private static boolean rolledBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("cannot restore auto-commit; the pool resets it", e);
        }
    }

    /**
     * Returns whether a failure is a serialization failure that a retry of the whole transaction may cure.
     *
     * @param e the failure
     * @return {@code true} for SQLSTATE 40001 and 40P01
     */
    public static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * Returns whether the database refused a statement for the data it was given (SQLSTATE class 22, data
     * exception: JSON it cannot parse, a value longer than its column, text it cannot convert).
     *
     * @param e the failure
     * @return {@code true} for a data exception
     */
    public static boolean refusesData(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    /**
     * Returns whether the database refused a statement for the data it was given or for a constraint it would
     * break (SQLSTATE class 22 or 23): the statement failed and, as no constraint is deferred, nothing of its
     * transaction committed.
     *
     * @param e the failure
     * @return {@code true} for a data exception or an integrity constraint violation
     */
    public static boolean refusesStatement(SQLException e) {
        return refusesData(e) || e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /**
     * Returns whether a failure is a unique violation of a constraint.
     *
     * @param e          the failure
     * @param constraint the constraint's name
     * @return {@code true} when the failure names that constraint
     */
    public static boolean violates(SQLException e, String constraint) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return false;
        }
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getConstraint() != null) {
                return constraint.equals(server.getConstraint());
            }
        }
        return String.valueOf(e.getMessage()).contains(constraint);
    }

    /**
     * Describes a failure: its SQLSTATE and message.
     *
     * @param e the failure
     * @return the description
     */
    public static String describe(SQLException e) {
        return "SQLSTATE " + e.getSQLState() + ": " + e.getMessage();
    }
}
