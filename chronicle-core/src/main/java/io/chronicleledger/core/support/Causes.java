package io.chronicleledger.core.support;

import java.util.function.Predicate;

/** Looks along a failure's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /**
     * Returns whether a failure, or any of its causes, passes a test.
     *
     * @param failure the failure, or {@code null}
     * @param test    the test
     * @return {@code true} when one of them passes it
     */
    public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
