package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * The body of {@code POST /commands/deposit} and {@code POST /commands/withdraw}.
 *
 * @param accountId   the account
 * @param amount      the amount, more than 0
 * @param description what the movement is for
 * @param currency    the currency, which must be the account's
 */
@Schema(description = "Moves money into or out of one account.")
public record MoneyMovementRequest(
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.ACCOUNT_ID,
                description = "The account.", example = "ACC-001")
        String accountId,
        @Schema(name = "amount", requiredMode = Schema.RequiredMode.REQUIRED, oneOf = {String.class, BigDecimal.class},
                description = Patterns.AMOUNT_IN + " More than 0.", example = "250.00")
        Object amount,
        @Schema(name = "description", requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 500,
                description = "What the movement is for: at most 500 characters, no control characters.",
                example = "Salary")
        String description,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = Patterns.CURRENCY,
                description = "The currency, an ISO 4217 code; when given it must be the account's"
                        + " (else 422 CURRENCY_MISMATCH).", example = "USD")
        String currency) {
}
