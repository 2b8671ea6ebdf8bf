package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.store.cockroach.EventStoreException;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A jittered exponential back-off between the attempts of a retried database operation: the pause before
 * attempt {@code n + 1} is drawn uniformly from the upper half of {@code first × 2^(n-1)}, capped at
 * {@code max}.
 *
 * @param firstMicros the ceiling of the first pause, in microseconds
 * @param maxMicros   the ceiling of every pause, in microseconds
 */
public record Backoff(long firstMicros, long maxMicros) {

    /**
     * Returns the pause after a failed attempt.
     *
     * @param attempt the attempt that failed, from 1
     * @return the pause in microseconds
     */
    public long pauseMicros(int attempt) {
        long ceiling = Math.min(maxMicros, firstMicros << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    /**
     * Sleeps for a pause; an interrupt ends the retries.
     *
     * @param micros the pause in microseconds
     * @param what   what is being retried, for the message of an interrupt
     * @param cause  the failure that is being retried
     * @throws EventStoreException when interrupted (the thread's interrupt flag is set again)
     */
    public static void sleep(long micros, String what, SQLException cause) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            EventStoreException failure = new EventStoreException(what + " interrupted while retrying", e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }
}
