package io.chronicleledger.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the store recorded it. Its {@code data} and {@code metadata} are the JSON the store gives back:
 * a database that keeps JSON in a binary form (JSONB) may change whitespace and key order, never values, so
 * compare payloads by JSON meaning. A store answers the same text every time it returns one event.
 *
 * @param position      the global position: unique, and increasing in commit order for readers of the global
 *                      log
 * @param eventId       the event's id (unique in the store)
 * @param aggregateId   the stream the event belongs to, such as {@code ACC-001}
 * @param aggregateType the type of the stream's aggregate, such as {@code Account}
 * @param eventType     the event type name, such as {@code MoneyDeposited}
 * @param eventVersion  the schema version of the payload
 * @param streamVersion the event's version in its stream: 1, 2, 3 … without gaps
 * @param data          the payload, a JSON object as text
 * @param metadata      the metadata, a JSON object as text
 * @param createdAt     when the store recorded the event; strictly increasing within a stream, microsecond
 *                      precision
 */
public record RecordedEvent(
        long position,
        UUID eventId,
        String aggregateId,
        String aggregateType,
        String eventType,
        int eventVersion,
        long streamVersion,
        String data,
        String metadata,
        Instant createdAt) {

    /**
     * Creates a recorded event.
     *
     * @param position      the global position
     * @param eventId       the event's id
     * @param aggregateId   the stream
     * @param aggregateType the aggregate type
     * @param eventType     the event type name
     * @param eventVersion  the payload's schema version
     * @param streamVersion the version in the stream
     * @param data          the payload
     * @param metadata      the metadata
     * @param createdAt     when it was recorded
     */
    public RecordedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
