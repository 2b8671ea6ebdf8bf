package io.chronicleledger.bus.nats;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded polling for the tests: waits for a condition to hold, and fails the test when it does not in time. */
final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Waits until a condition holds.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   the longest wait
     * @param condition the condition, polled every 20 ms
     * @throws AssertionError when it still does not hold after the timeout
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
