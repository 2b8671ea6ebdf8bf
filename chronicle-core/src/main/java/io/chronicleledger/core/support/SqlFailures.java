package io.chronicleledger.core.support;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database failure that passes from one that would happen again: a dropped, refused or timed-out
 * connection, a server shutting down, restarting or out of resources, a cancelled statement, a transaction the
 * database gave up on (serialization failure, deadlock). Trying again later may succeed; a write whose
 * connection broke may or may not have committed, which is what idempotency keys are for.
 */
public final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * Returns whether a failure, or any of its causes, is a database failure that passes.
     *
     * @param failure the failure, or {@code null}
     * @return {@code true} for a transient failure, by the driver's exception type or SQLSTATE: class 08
     *         (connection), 53 (insufficient resources), 57P (the server shutting down or starting), 57014
     *         (statement cancelled, a timeout), 40001 (serialization) and 40P01 (deadlock)
     */
    public static boolean isTransient(Throwable failure) {
        return Causes.anyMatch(failure, cause -> cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof SQLException sql && transientState(sql.getSQLState()));
    }

    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("57014") || state.equals("40001") || state.equals("40P01"));
    }
}
