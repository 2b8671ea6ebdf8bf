package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A recorded event, as the audit log, the event stream and the transfer command show it.
 *
 * @param position      the global position
 * @param eventId       the event's id
 * @param aggregateId   the account the event belongs to
 * @param aggregateType the aggregate type, {@code Account}
 * @param eventType     the event type
 * @param eventVersion  the schema version of {@code event_data}
 * @param streamVersion the event's version in its account's stream
 * @param eventData     the payload
 * @param metadata      the metadata
 * @param createdAt     when the store recorded the event
 */
@Schema(description = "An event as the event store recorded it.")
public record EventJson(
        @Schema(name = "position", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The global position: unique, increasing in commit order.")
        long position,
        @Schema(name = "event_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The event's id.")
        UUID eventId,
        @Schema(name = "aggregate_id", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The account the event belongs to.", example = "ACC-001")
        String aggregateId,
        @Schema(name = "aggregate_type", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = "Account", description = "The aggregate type.")
        String aggregateType,
        @Schema(name = "event_type", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"AccountCreated", "MoneyDeposited", "MoneyWithdrawn",
                        "TransferSent", "TransferReceived"},
                description = "The event type; it tells the shape of event_data.")
        String eventType,
        @Schema(name = "event_version", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The schema version of event_data.")
        int eventVersion,
        @Schema(name = "stream_version", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The event's version in its account's stream: 1, 2, 3 … without gaps.")
        long streamVersion,
        @Schema(name = "event_data", requiredMode = Schema.RequiredMode.REQUIRED, type = "object",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "The payload, a JSON object whose fields depend on event_type and event_version"
                        + " (amounts in it are decimal strings).")
        Map<String, Object> eventData,
        @Schema(name = "metadata", requiredMode = Schema.RequiredMode.REQUIRED, type = "object",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "The metadata, a JSON object: correlation_id, and idempotency_key when the command"
                        + " carried one.")
        Map<String, Object> metadata,
        @Schema(name = "created_at", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the store recorded the event (UTC, microsecond precision).")
        Instant createdAt) {
}
