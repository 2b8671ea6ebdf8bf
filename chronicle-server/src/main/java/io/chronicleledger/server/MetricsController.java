package io.chronicleledger.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format — request counts and latencies per route,
 * appends, conflicts, and the projection's lag.
 */
@Controller("/metrics")
public final class MetricsController {

    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    /**
     * Creates the controller and registers the projection lag gauge.
     *
     * @param registry the Prometheus registry
     * @param pipeline the pipeline whose lag is measured
     */
    public MetricsController(PrometheusMeterRegistry registry, EventPipeline pipeline) {
        this.registry = registry;
        Gauge.builder("chronicle.projection.lag", pipeline, EventPipeline::projectionLag)
                .description("global positions the read model trails the event store by")
                .baseUnit("events")
                .register(registry);
    }

    /**
     * Returns the metrics.
     *
     * @return the Prometheus text
     */
    @Get
    @Produces(PROMETHEUS_TEXT)
    public String metrics() {
        return registry.scrape();
    }
}
