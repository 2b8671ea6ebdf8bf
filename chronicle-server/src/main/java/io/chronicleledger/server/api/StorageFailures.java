package io.chronicleledger.server.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failure of the event store or of the read model: a failure that passes (a dropped connection, the
 * database restarting or too busy) with a 503 and {@code Retry-After}, since the client may try again (a command
 * with the same {@code Idempotency-Key}: one whose connection broke may have been recorded, and is then
 * answered as it was); any other with a 500. Neither shows its cause to the client; both are logged, the
 * transient one in a line, the other with its stack trace.
 */
final class StorageFailures {

    /** The seconds a client is asked to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger LOG = LoggerFactory.getLogger(StorageFailures.class);

    private StorageFailures() {
    }

    /**
     * The response to a storage failure.
     *
     * @param request     the request it failed
     * @param failure     the failure
     * @param isTransient whether it passes
     * @param code        the error code of a transient failure, such as {@code STORE_UNAVAILABLE}
     * @param what        what failed, for the client's message, such as {@code the event store}
     * @return a 503 or a 500 with the API's JSON error body
     */
    static HttpResponse<?> answer(HttpRequest<?> request, RuntimeException failure, boolean isTransient, String code,
                                  String what) {
        if (isTransient) {
            LOG.warn("{} {}: {} is unavailable: {}", request.getMethod(), request.getPath(), what, failure.getMessage());
            return JsonResponses.json(HttpStatus.SERVICE_UNAVAILABLE, JsonResponses.error(code, what
                    + " cannot be reached just now; try again (a command with the same Idempotency-Key)", null))
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), failure);
        return JsonResponses.json(HttpStatus.INTERNAL_SERVER_ERROR, JsonResponses.error("INTERNAL_ERROR",
                "the server failed to handle the request; it has been logged", null));
    }
}
