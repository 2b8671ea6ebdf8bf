package io.chronicleledger.core.store;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to append: everything of a {@link RecordedEvent} that the writer chooses. The store adds the
 * stream, the stream version, the global position and {@code created_at}.
 *
 * @param eventId      the event's id, chosen by the writer so that a retried write can be recognised
 * @param eventType    the event type name, such as {@code MoneyDeposited}
 * @param eventVersion the schema version of the payload, 1 or more (see the codec's upcasters)
 * @param data         the payload, a JSON object as text
 * @param metadata     the metadata (idempotency key, correlation and causation ids, actor), a JSON object as
 *                     text
 */
public record NewEvent(UUID eventId, String eventType, int eventVersion, String data, String metadata) {

    /** The metadata of an event that has none. */
    public static final String NO_METADATA = "{}";

    /**
     * Creates and checks an event to append.
     *
     * @param eventId      the event's id
     * @param eventType    the event type name, not blank
     * @param eventVersion the payload's schema version, 1 or more
     * @param data         the payload, JSON text
     * @param metadata     the metadata, JSON text
     * @throws IllegalArgumentException when a value is out of range
     */
    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
        if (eventType == null || eventType.isBlank()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
        if (eventVersion < 1) {
            throw new IllegalArgumentException("eventVersion must be 1 or more, was " + eventVersion);
        }
    }
}
