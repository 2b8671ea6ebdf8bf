package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of an account's history, newest first.
 *
 * @param accountId    the account
 * @param transactions the entries
 * @param hasMore      whether older entries follow
 * @param nextBefore   the version to pass as {@code before} for the next page
 */
@Schema(description = "A page of an account's history, newest first.")
public record TransactionPage(
        @Schema(name = "account_id", requiredMode = Schema.RequiredMode.REQUIRED, description = "The account.",
                example = "ACC-001")
        String accountId,
        @ArraySchema(arraySchema = @Schema(name = "transactions", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The entries, newest first."))
        List<TransactionJson> transactions,
        @Schema(name = "has_more", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Whether older entries follow this page.")
        boolean hasMore,
        @Schema(name = "next_before", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "1",
                description = "The version of the last entry of this page, to pass as before; absent when the"
                        + " page is empty.")
        Long nextBefore) {
}
