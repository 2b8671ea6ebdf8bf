package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/**
 * The answer to an accepted transfer.
 *
 * @param success    always {@code true}
 * @param transferId the transfer's id
 * @param events     the two recorded events: {@code TransferSent} on the payer, {@code TransferReceived} on the
 *                   payee
 * @param position   the global position of the last of them
 */
@Schema(description = "The transfer was accepted; both halves were recorded atomically.")
public record TransferAccepted(
        @Schema(name = "success", requiredMode = Schema.RequiredMode.REQUIRED, description = "Always true.")
        boolean success,
        @Schema(name = "transfer_id", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The transfer's id, for GET /transfers/{id}.")
        UUID transferId,
        @ArraySchema(arraySchema = @Schema(name = "events", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The two recorded events: TransferSent on the payer, TransferReceived on the payee."),
                minItems = 2, maxItems = 2)
        List<EventJson> events,
        @Schema(name = "position", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The global position of the last recorded event.")
        long position) {
}
