package io.chronicleledger.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.server.api.JsonResponses;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.chronicleledger.server.api.schema.HealthJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Inject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /health}: the process's role and the health of the parts that role depends on, each UP or DOWN; 200
 * when all of them answer, 503 otherwise. A part the role does not use is not reported, and its failure does not
 * make this process DOWN.
 * <table>
 *   <caption>The parts each role reports</caption>
 *   <tr><th>role</th><th>parts (all count toward the status unless said)</th></tr>
 *   <tr><td>ledger</td><td>store; bus (connected, relay active or standby, the outbox's backlog: how many events
 *   wait and how old the oldest is)</td></tr>
 *   <tr><td>processor</td><td>bus (connected); store (the projector fills gaps from it); read_model (its database
 *   answers, its highest applied position); projection (lag in events and milliseconds)</td></tr>
 *   <tr><td>query</td><td>store (balance-at and the event stream read it); read_model; projection, informational
 *   (how stale reads are; it does not count)</td></tr>
 *   <tr><td>dashboard</td><td>dashboard (its page's files): it proxies nothing, the browser calls the two APIs
 *   itself</td></tr>
 *   <tr><td>all</td><td>every part above</td></tr>
 * </table>
 */
@Controller("/health")
@Tag(name = "Operations", description = "Health, metrics and this document, on both ports.")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthController {

    /** How long the outbox relay may fail before the bus is reported DOWN: one failure is retried at once. */
    static final Duration RELAY_GRACE = Duration.ofSeconds(10);

    /** The dashboard's page, whose presence on the class path is the dashboard's health. */
    static final String DASHBOARD_PAGE = "/dashboard/index.html";

    private final Role role;
    private final Optional<String> readSchema;
    private final EventStore store;
    private final EventPipeline pipeline;
    private final Duration relayGrace;

    /**
     * Creates the controller.
     *
     * @param config   the server's configuration: its role says which parts are reported
     * @param store    the event store
     * @param pipeline the pipeline from the store to the read model
     */
    @Inject
    public HealthController(ServerConfig config, EventStore store, EventPipeline pipeline) {
        this(config.role(), config.readUrl().map(url -> config.readSchema()), store, pipeline, RELAY_GRACE);
    }

    /**
     * Creates the controller.
     *
     * @param role       the process's role
     * @param readSchema the read model's schema on PostgreSQL, or empty for the in-memory read model
     * @param store      the event store
     * @param pipeline   the pipeline from the store to the read model
     * @param relayGrace how long the relay may fail before the bus is DOWN
     */
    HealthController(Role role, Optional<String> readSchema, EventStore store, EventPipeline pipeline,
                     Duration relayGrace) {
        this.role = role;
        this.readSchema = readSchema;
        this.store = store;
        this.pipeline = pipeline;
        this.relayGrace = relayGrace;
    }

    /**
     * Reports the health of the parts this process's role depends on.
     *
     * @return 200 when every one of them answers, 503 otherwise
     */
    @Get
    @Operation(operationId = "health", summary = "Reports the health of the parts this process's role depends on.")
    @ApiResponse(responseCode = "200", description = "Every part the role depends on answers (status UP).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = HealthJson.class)))
    @ApiResponse(responseCode = "503", description = "A part the role depends on does not answer (status DOWN).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = HealthJson.class)))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> health() {
        ObjectNode body = JsonResponses.object().put("role", role.name().toLowerCase(Locale.ROOT))
                .put("status", "UP"); // here first for the reader; set below
        boolean up = true;
        if (role != Role.DASHBOARD) {
            up &= store(body);
        }
        if (role.includes(Role.LEDGER) || role.includes(Role.PROCESSOR)) {
            up &= bus(body, role.includes(Role.LEDGER));
        }
        if (role.includes(Role.QUERY) || role.includes(Role.PROCESSOR)) {
            up &= readModel(body);
            boolean projecting = projection(body);
            if (role != Role.QUERY) { // a query process only reads: its lag is informational
                up &= projecting;
            }
        }
        if (role.includes(Role.DASHBOARD)) {
            up &= dashboard(body);
        }
        body.put("status", up ? "UP" : "DOWN");
        return JsonResponses.json(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }

    private boolean store(ObjectNode body) {
        try {
            body.putObject("store").put("status", "UP").put("head_position", store.headPosition());
            return true;
        } catch (RuntimeException e) {
            body.putObject("store").put("status", "DOWN").put("error", e.getClass().getSimpleName());
            return false;
        }
    }

    /** The bus: its connection; with the relay, also whether it publishes and what waits in the outbox. */
    private boolean bus(ObjectNode body, boolean relays) {
        Instant now = Instant.now();
        Optional<Instant> relayFailing = pipeline.relayFailingSince();
        boolean connected = pipeline.busConnected();
        boolean busDown = !connected
                || relayFailing.filter(since -> since.plus(relayGrace).isBefore(now)).isPresent();
        ObjectNode bus = body.putObject("bus").put("status", busDown ? "DOWN" : "UP").put("connected", connected);
        if (!relays) {
            return !busDown;
        }
        bus.put("relay", pipeline.relayActive() ? "active" : "standby");
        relayFailing.ifPresent(since -> bus.put("failing_since", since.toString()));
        try {
            OutboxBacklog backlog = pipeline.outboxBacklog();
            ObjectNode outbox = bus.putObject("outbox_backlog").put("events", backlog.events());
            backlog.oldest().ifPresent(oldest -> outbox.put("oldest_created_at", oldest.toString()));
            backlog.age(now).ifPresent(age -> outbox.put("oldest_age_ms", age.toMillis()));
        } catch (RuntimeException e) {
            bus.putObject("outbox_backlog").put("error", e.getClass().getSimpleName());
        }
        return !busDown;
    }

    /** The read model: where it lives, and whether it answers with the highest position it applied. */
    private boolean readModel(ObjectNode body) {
        ObjectNode readModel = body.putObject("read_model").put("status", "UP")
                .put("kind", readSchema.isPresent() ? "postgres" : "memory");
        readSchema.ifPresent(schema -> readModel.put("schema", schema));
        try {
            readModel.put("highest_position", pipeline.appliedPosition());
            return true;
        } catch (RuntimeException e) {
            readModel.put("status", "DOWN").put("error", e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean projection(ObjectNode body) {
        try {
            body.putObject("projection").put("status", "UP").put("lag", pipeline.projectionLag())
                    .put("lag_ms", pipeline.projectionLagMillis());
            return true;
        } catch (RuntimeException e) {
            body.putObject("projection").put("status", "DOWN").put("error", e.getClass().getSimpleName());
            return false;
        }
    }

    private static boolean dashboard(ObjectNode body) {
        boolean present = HealthController.class.getResource(DASHBOARD_PAGE) != null;
        body.putObject("dashboard").put("status", present ? "UP" : "DOWN");
        return present;
    }
}
