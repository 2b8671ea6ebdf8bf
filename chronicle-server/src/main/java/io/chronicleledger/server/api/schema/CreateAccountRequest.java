package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * The body of {@code POST /commands/create-account}.
 *
 * @param accountId      the new account's id
 * @param ownerName      the owner's name
 * @param initialBalance the opening balance, 0 or more, in the currency's minor units at most
 * @param currency       the account's currency
 */
@Schema(description = "Opens an account. Unknown fields are ignored; a field of the wrong type, a duplicate key or"
        + " anything but one JSON object is a 400.")
public record CreateAccountRequest(
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, pattern = Patterns.ACCOUNT_ID,
                description = "The new account's id: 1 to 64 letters, digits, '_' or '-'.", example = "ACC-001")
        String accountId,
        @Schema(name = "owner_name", requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200,
                description = "The owner's name: not blank, at most 200 characters, no control characters.",
                example = "John Doe")
        String ownerName,
        @Schema(name = "initial_balance", requiredMode = Schema.RequiredMode.REQUIRED,
                oneOf = {String.class, BigDecimal.class},
                description = Patterns.AMOUNT_IN + " 0 or more.", example = "1000.00")
        Object initialBalance,
        @Schema(name = "currency", requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = Patterns.CURRENCY,
                defaultValue = "USD", description = "The account's currency, an ISO 4217 code.", example = "USD")
        String currency) {
}
