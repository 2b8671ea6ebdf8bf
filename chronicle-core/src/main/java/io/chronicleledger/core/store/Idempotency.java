package io.chronicleledger.core.store;

/**
 * The idempotency record an append may carry: the key the client sent, a hash of its request, and the
 * response to remember. The store keeps it atomically with the events, so that the same key again finds
 * the first outcome instead of appending twice.
 *
 * @param key         the client's idempotency key, not blank, at most {@value #MAX_KEY_LENGTH} characters
 * @param requestHash a hash of the request, to tell a retry (same hash) from a key reused for another request
 * @param response    the response to remember, opaque to the store (often JSON)
 */
public record Idempotency(String key, String requestHash, String response) {

    /** The longest key the store accepts. */
    public static final int MAX_KEY_LENGTH = 255;

    /**
     * Creates and checks an idempotency record.
     *
     * @param key         the key
     * @param requestHash the request hash, not blank
     * @param response    the response, not {@code null}
     * @throws IllegalArgumentException when a value is out of range
     */
    public Idempotency {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (requestHash == null || requestHash.isBlank()) {
            throw new IllegalArgumentException("requestHash must not be blank");
        }
        if (response == null) {
            throw new IllegalArgumentException("response must not be null");
        }
    }
}
