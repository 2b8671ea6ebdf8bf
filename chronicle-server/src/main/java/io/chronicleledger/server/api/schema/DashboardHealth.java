package io.chronicleledger.server.api.schema;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of the dashboard's page. The dashboard serves its page, static files and {@code /config.json} from
 * this process and proxies nothing: the browser calls the Ledger and Query APIs itself, so the dashboard depends
 * on no store, bus or read model.
 *
 * @param status whether the page's files are there to serve
 */
@Schema(description = "The dashboard's page. It serves its page, static files and /config.json and proxies"
        + " nothing: the browser calls the Ledger and Query APIs itself (their own /health tells their state).")
public record DashboardHealth(
        @Schema(name = "status", requiredMode = Schema.RequiredMode.REQUIRED,
                type = "string", allowableValues = {"UP", "DOWN"},
                description = "Whether the page's files (from the chronicle-dashboard jar) are on the class path.")
        String status) {
}
