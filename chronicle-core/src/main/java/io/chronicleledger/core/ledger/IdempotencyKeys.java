package io.chronicleledger.core.ledger;

import io.chronicleledger.core.store.Idempotency;

/** The rule for idempotency keys: 1 to 255 visible ASCII characters (a UUID is typical). */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > Idempotency.MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new InvalidValueException("INVALID_IDEMPOTENCY_KEY",
                    "an idempotency key is 1 to " + Idempotency.MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return key;
    }
}
