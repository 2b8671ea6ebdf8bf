package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the event bus.
 *
 * @param status whether it runs
 */
@Schema(description = "The health of the event bus.")
public record BusHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the bus runs.")
        String status) {
}
