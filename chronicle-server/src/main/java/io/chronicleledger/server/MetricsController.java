package io.chronicleledger.server;

import io.micrometer.core.instrument.Gauge;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format — request counts and latencies per route,
 * appends, conflicts, and (on the roles that report the projection in {@code /health}) the projection's lag in
 * events and in milliseconds.
 */
@Controller("/metrics")
@Tag(name = "Operations")
public final class MetricsController {

    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    /**
     * Creates the controller and, on the roles that report the projection in {@code /health} (processor, query
     * and all), registers the projection's lag gauges, in events and in milliseconds.
     *
     * @param registry the Prometheus registry
     * @param pipeline the pipeline whose lag is measured
     * @param config   the server's configuration: its role says whether the lag is measured here
     */
    public MetricsController(PrometheusMeterRegistry registry, EventPipeline pipeline, ServerConfig config) {
        this.registry = registry;
        if (config.role().includes(Role.PROCESSOR) || config.role().includes(Role.QUERY)) {
            Gauge.builder("chronicle.projection.lag", pipeline, EventPipeline::projectionLag)
                    .description("global positions the read model trails the event store by")
                    .baseUnit("events")
                    .register(registry);
            Gauge.builder("chronicle.projection.lag.time", pipeline, EventPipeline::projectionLagMillis)
                    .description("how long the read model trails the event store by: the age of the first event"
                            + " after the highest position it applied")
                    .baseUnit("milliseconds")
                    .register(registry);
        }
    }

    /**
     * Returns the metrics.
     *
     * @return the Prometheus text
     */
    @Get
    @Produces(PROMETHEUS_TEXT)
    @Operation(operationId = "metrics", summary = "Returns every meter in the Prometheus text format.")
    @ApiResponse(responseCode = "200", description = "The meters: request counts and latencies per route,"
            + " appends, conflicts, and (roles processor, query and all) the projection's lag,"
            + " chronicle_projection_lag_events and chronicle_projection_lag_time_milliseconds.",
            content = @Content(mediaType = PROMETHEUS_TEXT, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    public String metrics() {
        return registry.scrape();
    }
}
