package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A transfer as the read model shows it.
 *
 * @param transferId    the transfer's id
 * @param fromAccountId the payer
 * @param toAccountId   the payee
 * @param amount        the amount
 * @param currency      the currency
 * @param description   the description, possibly empty
 * @param status        whether the read model has applied both halves
 * @param createdAt     when the transfer was recorded
 */
@Schema(description = "A transfer as the read model shows it.")
public record TransferJson(
        @Schema(name = "transfer_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The transfer's id.")
        UUID transferId,
        @Schema(name = "from_account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The payer.",
                example = "ACC-001")
        String fromAccountId,
        @Schema(name = "to_account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The payee.",
                example = "ACC-002")
        String toAccountId,
        @Schema(name = "amount", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.DECIMAL,
                description = "The amount. " + Patterns.AMOUNT_OUT, example = "300.00")
        String amount,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.CURRENCY,
                description = "The currency, an ISO 4217 code.", example = "USD")
        String currency,
        @Schema(name = "description", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The description, empty when the command gave none.")
        String description,
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"completed", "pending"},
                description = "completed once the read model applied both halves; pending while it has applied"
                        + " one (both are always recorded together).")
        String status,
        @Schema(name = "created_at", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the transfer was recorded (UTC).")
        Instant createdAt) {
}
