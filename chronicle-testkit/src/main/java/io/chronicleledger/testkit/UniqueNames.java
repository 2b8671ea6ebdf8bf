package io.chronicleledger.testkit;

import java.util.UUID;

/** Random name suffixes, so that the tests of a shared database or broker never meet each other's data. */
final class UniqueNames {

    private UniqueNames() {
    }

    /**
     * Returns a new random suffix of 12 lower-case hexadecimal digits (valid in stream ids, idempotency keys
     * and durable names).
     *
     * @return the suffix
     */
    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
