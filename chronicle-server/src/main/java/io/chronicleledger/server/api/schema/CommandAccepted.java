package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/**
 * The answer to an accepted create-account, deposit or withdraw.
 *
 * @param success  always {@code true}
 * @param eventId  the id of the recorded event
 * @param position the global position of the recorded event
 */
@Schema(description = "The command was accepted and its event recorded.")
public record CommandAccepted(
        @Schema(name = "success", requiredMode = Schema.RequiredMode.REQUIRED, description = "Always true.")
        boolean success,
        @Schema(name = "event_id", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The id of the recorded event.")
        UUID eventId,
        @Schema(name = "position", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The global position of the recorded event; pass it as min_position to"
                        + " GET /accounts/{id} to read this write.")
        long position) {
}
