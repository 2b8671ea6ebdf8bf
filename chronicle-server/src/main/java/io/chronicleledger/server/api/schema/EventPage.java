package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of the audit log, in global order.
 *
 * @param events    the events
 * @param hasMore   whether more events follow
 * @param nextAfter the position to pass as {@code after} for the next page
 */
@Schema(description = "A page of the audit log, in global order.")
public record EventPage(
        @ArraySchema(arraySchema = @Schema(name = "events", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The events, in ascending position."))
        List<EventJson> events,
        @Schema(name = "has_more", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Whether more events follow this page.")
        boolean hasMore,
        @Schema(name = "next_after", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "1",
                description = "The position of the last event of this page, to pass as after; absent when the"
                        + " page is empty.")
        Long nextAfter) {
}
