package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of accounts, by id.
 *
 * @param accounts  the accounts
 * @param hasMore   whether more accounts follow
 * @param nextAfter the id to pass as {@code after} for the next page
 */
@Schema(description = "A page of accounts, in ascending order of id.")
public record AccountPage(
        @ArraySchema(arraySchema = @Schema(name = "accounts", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The accounts."))
        List<AccountJson> accounts,
        @Schema(name = "has_more", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Whether more accounts follow this page.")
        boolean hasMore,
        @Schema(name = "next_after", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The id of the last account of this page, to pass as after; absent when the page"
                        + " is empty.", example = "ACC-050")
        String nextAfter) {
}
