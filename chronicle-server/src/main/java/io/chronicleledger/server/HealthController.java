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
import java.util.Optional;

/**
 * {@code GET /health}: whether the store answers, the bus is connected and takes what the outbox relay
 * publishes (with the outbox's backlog: how many events wait, and how old the oldest is), and how far the read
 * model trails the store. 200 when all is well, 503 otherwise.
 */
@Controller("/health")
@Tag(name = "Operations", description = "Health, metrics and this document, on both ports.")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthController {

    /** How long the outbox relay may fail before the bus is reported DOWN: one failure is retried at once. */
    static final Duration RELAY_GRACE = Duration.ofSeconds(10);

    private final EventStore store;
    private final EventPipeline pipeline;
    private final Duration relayGrace;

    /**
     * Creates the controller.
     *
     * @param store    the event store
     * @param pipeline the pipeline from the store to the read model
     */
    @Inject
    public HealthController(EventStore store, EventPipeline pipeline) {
        this(store, pipeline, RELAY_GRACE);
    }

    HealthController(EventStore store, EventPipeline pipeline, Duration relayGrace) {
        this.store = store;
        this.pipeline = pipeline;
        this.relayGrace = relayGrace;
    }

    /**
     * Reports the health of the store, the bus and the projection.
     *
     * @return 200 when everything answers, 503 otherwise
     */
    @Get
    @Operation(operationId = "health", summary = "Reports the health of the store, the bus and the projection.")
    @ApiResponse(responseCode = "200", description = "Every part answers (status UP).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = HealthJson.class)))
    @ApiResponse(responseCode = "503", description = "A part does not answer (status DOWN).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = HealthJson.class)))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> health() {
        ObjectNode body = JsonResponses.object();
        boolean up = true;
        try {
            body.putObject("store").put("status", "UP").put("head_position", store.headPosition());
        } catch (RuntimeException e) {
            body.putObject("store").put("status", "DOWN").put("error", e.getClass().getSimpleName());
            up = false;
        }
        Instant now = Instant.now();
        Optional<Instant> relayFailing = pipeline.relayFailingSince();
        boolean connected = pipeline.busConnected();
        boolean busDown = !connected
                || relayFailing.filter(since -> since.plus(relayGrace).isBefore(now)).isPresent();
        ObjectNode bus = body.putObject("bus").put("status", busDown ? "DOWN" : "UP").put("connected", connected)
                .put("relay", pipeline.relayActive() ? "active" : "standby");
        relayFailing.ifPresent(since -> bus.put("failing_since", since.toString()));
        try {
            OutboxBacklog backlog = pipeline.outboxBacklog();
            ObjectNode outbox = bus.putObject("outbox_backlog").put("events", backlog.events());
            backlog.oldest().ifPresent(oldest -> outbox.put("oldest_created_at", oldest.toString()));
            backlog.age(now).ifPresent(age -> outbox.put("oldest_age_ms", age.toMillis()));
        } catch (RuntimeException e) {
            bus.putObject("outbox_backlog").put("error", e.getClass().getSimpleName());
        }
        up &= !busDown;
        try {
            body.putObject("projection").put("status", "UP").put("lag", pipeline.projectionLag())
                    .put("lag_ms", pipeline.projectionLagMillis());
        } catch (RuntimeException e) {
            body.putObject("projection").put("status", "DOWN").put("error", e.getClass().getSimpleName());
            up = false;
        }
        body.put("status", up ? "UP" : "DOWN");
        return JsonResponses.json(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }
}
