package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry of an account's history.
 *
 * @param transactionId the entry's id (the id of its event)
 * @param accountId     the account
 * @param version       the stream version of its event
 * @param type          what kind of entry it is
 * @param amount        the amount moved, more than 0
 * @param balanceAfter  the balance after it
 * @param currency      the account's currency
 * @param description   the description, possibly empty
 * @param timestamp     when it was recorded
 * @param transferId    the transfer it belongs to, for transfer entries
 */
@Schema(description = "An entry of an account's history.")
public record TransactionJson(
        @Schema(name = "transaction_id", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The entry's id: the id of its event.")
        UUID transactionId,
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The account.",
                example = "ACC-001")
        String accountId,
        @Schema(name = "version", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                description = "The stream version of its event; pass it as before to page on.")
        long version,
        @Schema(name = "type", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"opening", "deposit", "withdrawal", "transfer_out", "transfer_in"},
                description = "What kind of entry it is.")
        String type,
        @Schema(name = "amount", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.DECIMAL,
                description = "The amount moved. " + Patterns.AMOUNT_OUT, example = "250.00")
        String amount,
        @Schema(name = "balance_after", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.DECIMAL,
                description = "The balance after this entry. " + Patterns.AMOUNT_OUT, example = "1250.00")
        String balanceAfter,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.CURRENCY,
                description = "The account's currency, an ISO 4217 code.", example = "USD")
        String currency,
        @Schema(name = "description", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The description, empty when the command gave none.")
        String description,
        @Schema(name = "timestamp", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the entry was recorded (UTC).")
        Instant timestamp,
        @Schema(name = "transfer_id", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The transfer the entry belongs to; present on transfer_out and transfer_in only.")
        UUID transferId) {
}
