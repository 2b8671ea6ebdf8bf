package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the event bus.
 *
 * @param status       whether it runs
 * @param failingSince since when the outbox relay fails to read the outbox or publish to the bus, when it does
 */
@Schema(description = "The health of the event bus.")
public record BusHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "UP while the outbox relay publishes to the bus; DOWN once it has failed for 10 s.")
        String status,
        @Schema(name = "failing_since", requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "string",
                format = "date-time", description = "Since when the relay fails to read the outbox or to publish to "
                + "the bus (only while it does).")
        String failingSince) {
}
