package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the projection into the read model.
 *
 * @param status whether it runs
 * @param lag    how many global positions the read model trails the store by
 * @param lagMs  how long the read model trails the store by, in milliseconds
 */
@Schema(description = "The health of the projection into the read model.")
public record ProjectionHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the read model answers.")
        String status,
        @Schema(name = "lag", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0",
                description = "How many global positions the read model trails the event store by.")
        long lag,
        @Schema(name = "lag_ms", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "How long the read model trails the event store by, in milliseconds: the age of the "
                + "first event after the highest position it applied.")
        long lagMs) {
}
