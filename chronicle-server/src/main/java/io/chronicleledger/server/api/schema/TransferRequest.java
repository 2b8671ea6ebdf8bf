package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * The body of {@code POST /commands/transfer}.
 *
 * @param fromAccountId the payer
 * @param toAccountId   the payee, another account in the same currency
 * @param amount        the amount, more than 0
 * @param description   what the transfer is for
 * @param currency      the currency, which must be both accounts'
 */
@Schema(description = "Moves money from one account to another, atomically.")
public record TransferRequest(
        @Schema(name = "from_account_id", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.ACCOUNT_ID,
                description = "The payer.", example = "ACC-001")
        String fromAccountId,
        @Schema(name = "to_account_id", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.ACCOUNT_ID,
                description = "The payee: another account (else 422 SAME_ACCOUNT_TRANSFER) in the same currency.",
                example = "ACC-002")
        String toAccountId,
        @Schema(name = "amount", requiredMode = Schema.RequiredMode.REQUIRED, oneOf = {String.class, BigDecimal.class},
                description = Patterns.AMOUNT_IN + " More than 0.", example = "300.00")
        Object amount,
        @Schema(name = "description", requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 500,
                description = "What the transfer is for: at most 500 characters, no control characters.",
                example = "Rent")
        String description,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = Patterns.CURRENCY,
                description = "The currency, an ISO 4217 code; when given it must be both accounts'.",
                example = "USD")
        String currency) {
}
