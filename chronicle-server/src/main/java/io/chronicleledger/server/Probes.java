package io.chronicleledger.server;

import io.micronaut.http.HttpRequest;

/** The probes' paths, {@code /health} and {@code /metrics}: never rate-limited, never refused as busy. */
final class Probes {

    private Probes() {
    }

    /**
     * Returns whether a request is a probe's.
     *
     * @param request the request
     * @return {@code true} for {@code /health} and {@code /metrics}
     */
    static boolean isProbe(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/health") || path.equals("/metrics");
    }
}
