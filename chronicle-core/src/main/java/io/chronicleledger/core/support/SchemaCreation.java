package io.chronicleledger.core.support;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs the creation of an adapter's tables until it succeeds or fails for good. Several processes may create the
 * same schema at the same moment: PostgreSQL refuses the one that loses the race with a unique violation on its
 * catalog ({@code 23505}) or a duplicate table, schema or object ({@code 42P07}, {@code 42P06}, {@code 42710}),
 * CockroachDB with a serialization failure ({@code 40001}); and the database may fail for a moment (a dropped
 * connection, a restart: {@link SqlFailures#isTransient}). On these the whole creation runs again after a short
 * random pause, at most {@value #MAX_ATTEMPTS} times, and finds what the other process created. Anything else
 * fails at once.
 */
public final class SchemaCreation {

    /** The most attempts. */
    public static final int MAX_ATTEMPTS = 12;

    private static final Set<String> CONCURRENT_CREATION_STATES = Set.of("23505", "42P07", "42P06", "42710", "40001");

    private SchemaCreation() {
    }

    /** One attempt at creating the tables. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Creates what is missing.
         *
         * @throws SQLException when the database refuses
         */
        void run() throws SQLException;
    }

    /**
     * Runs the creation, again on a race or a transient failure.
     *
     * @param attempt the creation, safe to run again
     * @return how many attempts it took
     * @throws SQLException the last failure: one that would happen again, or any after {@value #MAX_ATTEMPTS}
     *                      attempts (its message does not say how many; the caller's may)
     */
    public static int run(Attempt attempt) throws SQLException {
        for (int attempts = 1; ; attempts++) {
            try {
                attempt.run();
                return attempts;
            } catch (SQLException e) {
                if (attempts >= MAX_ATTEMPTS || !isWorthAnotherAttempt(e)) {
                    throw e;
                }
                pause(attempts, e);
            }
        }
    }

    /**
     * Returns whether a failure of a creation is one another attempt may cure: a concurrent creation, or a
     * transient failure of the database.
     *
     * @param e the failure
     * @return {@code true} for SQLSTATE {@code 23505}, {@code 42P07}, {@code 42P06}, {@code 42710}, {@code 40001}
     *         and every transient failure
     */
    public static boolean isWorthAnotherAttempt(SQLException e) {
        return CONCURRENT_CREATION_STATES.contains(e.getSQLState()) || SqlFailures.isTransient(e);
    }

    private static void pause(int attempt, SQLException cause) throws SQLException {
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(5, 10L + 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SQLException interrupted = new SQLException("interrupted while creating the tables", cause.getSQLState(), e);
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }
}
