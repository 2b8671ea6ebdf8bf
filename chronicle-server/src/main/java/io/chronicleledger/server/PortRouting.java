package io.chronicleledger.server;

import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Keeps each API on its port: commands answer on the ledger port only, queries on the query port only;
 * {@code /health}, {@code /metrics} and {@code /openapi.yml} answer on every port, and are all that a processor
 * process's port serves. Anything else is a 404, as if the
 * route did not exist there. Runs after the token check, so that a caller without the token learns nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class PortRouting implements Ordered {

    private final ServerConfig config;

    /**
     * Creates the filter.
     *
     * @param config the server's configuration
     */
    public PortRouting(ServerConfig config) {
        this.config = config;
    }

    /**
     * Refuses a request that arrived on the other API's port.
     *
     * @param request the request
     * @return a 404 for a request on the wrong port, or {@code null} to let it through
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> route(HttpRequest<?> request) {
        String path = request.getPath().length() > 1 && request.getPath().endsWith("/")
                ? request.getPath().substring(0, request.getPath().length() - 1) : request.getPath();
        int port = request.getServerAddress().getPort();
        boolean allowed = isServedEverywhere(path) || port == portOf(path);
        if (allowed) {
            return null;
        }
        return JsonResponses.json(HttpStatus.NOT_FOUND, JsonResponses.error("NOT_FOUND",
                "no such resource on port " + port + ": " + request.getMethod() + " " + path, null));
    }

    private int portOf(String path) {
        if (path.startsWith("/commands/")) {
            return config.ledgerPort();
        }
        return DashboardController.isDashboardPath(path) ? config.dashboardPort() : config.queryPort();
    }

    private static boolean isServedEverywhere(String path) {
        return path.equals("/health") || path.equals("/metrics") || path.equals("/openapi.yml");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
