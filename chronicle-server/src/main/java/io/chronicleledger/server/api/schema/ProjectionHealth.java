package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the projection into the read model.
 *
 * @param status whether its lag can be measured
 * @param lag    how many global positions the read model trails the store by, when UP
 * @param lagMs  how long the read model trails the store by, in milliseconds, when UP
 * @param error  the kind of failure, when DOWN
 */
@Schema(description = "The health of the projection into the read model: how far it trails the event store.")
public record ProjectionHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the lag can be measured: the event store and the read model answer.")
        String status,
        @Schema(name = "lag", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "How many global positions the read model trails the event store by; present when"
                + " UP.")
        Long lag,
        @Schema(name = "lag_ms", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                description = "How long the read model trails the event store by, in milliseconds: the age of the "
                + "first event after the highest position it applied; present when UP.")
        Long lagMs,
        @Schema(name = "error", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The kind of failure, such as a Java exception's simple name; present when DOWN.")
        String error) {
}
