package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the event bus.
 *
 * @param status        whether it runs
 * @param connected     whether the bus's connection is up
 * @param relay         whether this process's outbox relay publishes or stands by (roles ledger and all)
 * @param failingSince  since when the outbox relay fails to read the outbox or publish to the bus, when it does
 * @param outboxBacklog what waits in the outbox (roles ledger and all)
 */
@Schema(description = "The health of the event bus.")
public record BusHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "UP while the bus is connected and (roles ledger and all) the outbox relay publishes to "
                + "it; DOWN while the connection is lost or once the relay has failed for 10 s.")
        String status,
        @Schema(name = "connected", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Whether the connection to the bus is up (always true for the in-memory bus).")
        boolean connected,
        @Schema(name = "relay", requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "string",
                allowableValues = {"active", "standby"},
                description = "Whether this process's outbox relay holds the relay lease and publishes, or stands by "
                + "to take over when the active one stops; present on the roles that relay (ledger and all).")
        String relay,
        @Schema(name = "failing_since", requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "string",
                format = "date-time", description = "Since when the relay fails to read the outbox or to publish to "
                + "the bus (only while it does).")
        String failingSince,
        @Schema(name = "outbox_backlog", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The committed events not yet published to the bus; present on the roles that relay "
                + "(ledger and all).")
        OutboxBacklogJson outboxBacklog) {
}
