package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The committed events that wait in the outbox for the bus.
 *
 * @param events          how many
 * @param oldestCreatedAt when the oldest was recorded, when one waits
 * @param oldestAgeMs     how long the oldest has waited, in milliseconds, when one waits
 * @param error           the kind of failure, when the outbox cannot be read
 */
@Schema(description = "The committed events that wait in the outbox for the bus.")
public record OutboxBacklogJson(
        @Schema(name = "events", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "How many events wait.")
        long events,
        @Schema(name = "oldest_created_at", requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "string",
                format = "date-time", description = "When the oldest waiting event was recorded.")
        String oldestCreatedAt,
        @Schema(name = "oldest_age_ms", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "How long the oldest waiting event has waited, in milliseconds.")
        long oldestAgeMs,
        @Schema(name = "error", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The kind of failure, such as a Java exception's simple name, when the outbox cannot"
                + " be read (then the other fields are absent).")
        String error) {
}
