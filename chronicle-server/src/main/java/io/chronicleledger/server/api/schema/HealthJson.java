package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code GET /health}: the process's role, and the health of the parts that role depends on (only
 * those are present).
 *
 * @param role       the process's role
 * @param status     {@code UP} when every part the role depends on answers
 * @param store      the event store (roles ledger, processor, query and all)
 * @param bus        the event bus (roles ledger, processor and all)
 * @param readModel  the read model (roles processor, query and all)
 * @param projection the projection into the read model (roles processor, query and all)
 * @param dashboard  the dashboard's page (roles dashboard and all)
 */
@Schema(description = "The health of the parts this process's role depends on; a part the role does not use is"
        + " absent. Role ledger: store, bus. Role processor: bus, store, read_model, projection. Role query: store,"
        + " read_model, projection (informational). Role dashboard: dashboard only (it serves files and calls"
        + " nothing). Role all: every part.")
public record HealthJson(
        @Schema(name = "role", requiredMode = Schema.RequiredMode.REQUIRED, type = "string",
                allowableValues = {"ledger", "query", "processor", "dashboard", "all"},
                description = "The role of this process (CHRONICLE_ROLE or --role).")
        String role,
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "UP (with 200) when every part this role depends on answers, DOWN (with 503)"
                + " otherwise. The projection of role query is informational and does not count.")
        String status,
        @Schema(name = "store", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The event store; roles ledger, processor (it fills gaps from the store), query"
                + " (balance-at and the event stream read the store) and all.")
        StoreHealth store,
        @Schema(name = "bus", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The event bus; roles ledger (the outbox relay publishes to it), processor (the"
                + " projection consumes it) and all.")
        BusHealth bus,
        @Schema(name = "read_model", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The read model; roles processor (it writes it), query (it reads it) and all.")
        ReadModelHealth readModel,
        @Schema(name = "projection", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The projection into the read model: how far it trails the store; roles processor,"
                + " query (informational: how stale reads are) and all.")
        ProjectionHealth projection,
        @Schema(name = "dashboard", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The dashboard's page; roles dashboard and all.")
        DashboardHealth dashboard) {
}
