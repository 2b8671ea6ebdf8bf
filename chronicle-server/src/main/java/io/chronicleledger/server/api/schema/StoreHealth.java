package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the event store.
 *
 * @param status       whether it answers
 * @param headPosition the global position of its newest event, when it answers
 * @param error        the kind of failure, when it does not
 */
@Schema(description = "The health of the event store.")
public record StoreHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the store answers.")
        String status,
        @Schema(name = "head_position", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "The global position of the newest event (0 when empty); present when UP.")
        Long headPosition,
        @Schema(name = "error", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The kind of failure, such as a Java exception's simple name; present when DOWN.")
        String error) {
}
