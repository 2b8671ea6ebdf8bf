package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What went wrong.
 *
 * @param code    the stable error code
 * @param message the message for people
 * @param field   the request field, parameter or header at fault
 */
@Schema(description = "What went wrong.")
public record ErrorDetail(
        @Schema(name = "code", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The stable error code, for programs: such as MALFORMED_JSON, MISSING_FIELD,"
                        + " INVALID_FIELD_TYPE, INVALID_AMOUNT, INVALID_ACCOUNT_ID, INVALID_PARAMETER,"
                        + " ACCOUNT_NOT_FOUND, ACCOUNT_EXISTS, INSUFFICIENT_FUNDS, CURRENCY_MISMATCH,"
                        + " IDEMPOTENCY_KEY_REUSED, UNAUTHORIZED, NOT_FOUND, CONTENTION, READ_MODEL_BEHIND.",
                example = "INSUFFICIENT_FUNDS")
        String code,
        @Schema(name = "message", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The message, for people; it may change.")
        String message,
        @Schema(name = "field", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The request field, query parameter, path variable or header at fault, when one"
                        + " is.", example = "amount")
        String field) {
}
