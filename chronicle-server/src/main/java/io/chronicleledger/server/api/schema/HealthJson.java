package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code GET /health}.
 *
 * @param status     {@code UP} when every part answers
 * @param store      the event store
 * @param bus        the event bus
 * @param projection the projection into the read model
 */
@Schema(description = "The health of the server's parts.")
public record HealthJson(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "UP (with 200) when every part answers, DOWN (with 503) otherwise.")
        String status,
        @Schema(name = "store", requiredMode = Schema.RequiredMode.REQUIRED, description = "The event store.")
        StoreHealth store,
        @Schema(name = "bus", requiredMode = Schema.RequiredMode.REQUIRED, description = "The event bus.")
        BusHealth bus,
        @Schema(name = "projection", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The projection into the read model.")
        ProjectionHealth projection) {
}
