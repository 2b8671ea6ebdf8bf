package io.chronicleledger.server.api;

import io.chronicleledger.core.StorageException;
import io.chronicleledger.projection.pg.ReadModelException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failure of the event store or of the read model: one that passes (a dropped connection, a timeout,
 * the database restarting or too busy) with a 503 {@code STORE_UNAVAILABLE} or {@code READ_MODEL_UNAVAILABLE} and
 * {@code Retry-After}, since the client may try again (a command with the same {@code Idempotency-Key}: one
 * whose connection broke may have been recorded, and is then answered as it was); any other with a 500. Neither
 * shows its cause to the client; both are logged, the transient one in a line, the other with its stack trace.
 */
@Singleton
@Requires(classes = {StorageException.class, ExceptionHandler.class})
public final class StorageFailureHandler implements ExceptionHandler<StorageException, HttpResponse<?>> {

    /** The seconds a client is asked to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger LOG = LoggerFactory.getLogger(StorageFailureHandler.class);

    /** Creates the handler. */
    public StorageFailureHandler() {
    }

    @Override
    @SuppressWarnings("rawtypes") // the framework's interface declares the request raw
    public HttpResponse<?> handle(HttpRequest request, StorageException failure) {
        if (failure.isTransient()) {
            boolean readModel = failure instanceof ReadModelException;
            String what = readModel ? "the read model" : "the event store";
            LOG.warn("{} {}: {} is unavailable: {}", request.getMethod(), request.getPath(), what,
                    failure.getMessage());
            return JsonResponses.json(HttpStatus.SERVICE_UNAVAILABLE, JsonResponses.error(
                            readModel ? "READ_MODEL_UNAVAILABLE" : "STORE_UNAVAILABLE", what
                                    + " cannot be reached just now; try again (a command with the same"
                                    + " Idempotency-Key)", null))
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), failure);
        return JsonResponses.json(HttpStatus.INTERNAL_SERVER_ERROR, JsonResponses.error("INTERNAL_ERROR",
                "the server failed to handle the request; it has been logged", null));
    }
}
