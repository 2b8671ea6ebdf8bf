package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the read model.
 *
 * @param status          whether it answers
 * @param kind            where it lives: {@code memory} or {@code postgres}
 * @param schema          its PostgreSQL schema, on PostgreSQL
 * @param highestPosition the highest global position it has applied, when it answers
 * @param error           the kind of failure, when it does not
 */
@Schema(description = "The health of the read model.")
public record ReadModelHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the read model answers: on PostgreSQL, whether its database answers a query"
                + " of its highest applied position.")
        String status,
        @Schema(name = "kind", requiredMode = Schema.RequiredMode.REQUIRED, type = "string",
                allowableValues = {"memory", "postgres"},
                description = "memory (this process's own, rebuilt from the store at start) or postgres (shared by"
                + " the processes, CHRONICLE_READ_URL).")
        String kind,
        @Schema(name = "schema", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The read model's PostgreSQL schema (CHRONICLE_READ_SCHEMA); present on postgres.")
        String schema,
        @Schema(name = "highest_position", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "The highest global position the read model has applied (0 when none), whichever"
                + " process applied it; present when UP.")
        Long highestPosition,
        @Schema(name = "error", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The kind of failure, such as a Java exception's simple name; present when DOWN.")
        String error) {
}
