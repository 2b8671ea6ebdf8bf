package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * An account as the read model shows it.
 *
 * @param accountId   the account's id
 * @param ownerName   the owner's name
 * @param balance     the balance
 * @param currency    the account's currency
 * @param status      the status
 * @param version     the last stream version the read model applied
 * @param createdAt   when the account was created
 * @param lastUpdated when its last applied event was recorded
 */
@Schema(description = "An account as the read model shows it.")
public record AccountJson(
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The account's id.",
                example = "ACC-001")
        String accountId,
        @Schema(name = "owner_name", requiredMode = Schema.RequiredMode.REQUIRED, description = "The owner's name.",
                example = "John Doe")
        String ownerName,
        @Schema(name = "balance", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.DECIMAL,
                description = "The balance. " + Patterns.AMOUNT_OUT, example = "1000.00")
        String balance,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.CURRENCY,
                description = "The account's currency, an ISO 4217 code.", example = "USD")
        String currency,
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = "active",
                description = "The status; active for every account today.")
        String status,
        @Schema(name = "version", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The last stream version the read model applied to this account.")
        long version,
        @Schema(name = "created_at", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the account was created (UTC).")
        Instant createdAt,
        @Schema(name = "last_updated", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When its last applied event was recorded (UTC).")
        Instant lastUpdated) {
}
