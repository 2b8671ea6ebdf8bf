package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Every error answer of the API.
 *
 * @param success always {@code false}
 * @param error   what went wrong
 */
@Schema(description = "Every error answer of the API, whatever its status.")
public record ErrorBody(
        @Schema(name = "success", requiredMode = Schema.RequiredMode.REQUIRED, description = "Always false.")
        boolean success,
        @Schema(name = "error", requiredMode = Schema.RequiredMode.REQUIRED, description = "What went wrong.")
        ErrorDetail error) {
}
