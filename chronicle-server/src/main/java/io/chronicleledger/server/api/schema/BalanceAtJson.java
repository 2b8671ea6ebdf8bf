package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * The balance of an account at a moment or after a version, replayed from the event store.
 *
 * @param accountId the account
 * @param balance   the balance then
 * @param currency  the account's currency
 * @param at        the moment asked for, or when the version was recorded
 * @param version   the last stream version at that moment
 */
@Schema(description = "The balance of an account at a moment or after a version, replayed from the event store.")
public record BalanceAtJson(
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The account.",
                example = "ACC-001")
        String accountId,
        @Schema(name = "balance", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.DECIMAL,
                description = "The balance then. " + Patterns.AMOUNT_OUT, example = "700.00")
        String balance,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.CURRENCY,
                description = "The account's currency, an ISO 4217 code.", example = "USD")
        String currency,
        @Schema(name = "at", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The timestamp asked for (in UTC), or, for a version, when that version was"
                        + " recorded.")
        Instant at,
        @Schema(name = "version", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The account's stream version at that moment.")
        long version) {
}
