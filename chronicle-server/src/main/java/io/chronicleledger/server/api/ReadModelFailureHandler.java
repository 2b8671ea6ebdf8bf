package io.chronicleledger.server.api;

import io.chronicleledger.projection.pg.ReadModelException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a failure of the PostgreSQL read model: 503 {@code READ_MODEL_UNAVAILABLE} when it passes, else 500. */
@Singleton
@Requires(classes = {ReadModelException.class, ExceptionHandler.class})
public final class ReadModelFailureHandler implements ExceptionHandler<ReadModelException, HttpResponse<?>> {

    /** Creates the handler. */
    public ReadModelFailureHandler() {
    }

    @Override
    @SuppressWarnings("rawtypes") // the framework's interface declares the request raw
    public HttpResponse<?> handle(HttpRequest request, ReadModelException failure) {
        return StorageFailures.answer(request, failure, failure.isTransient(), "READ_MODEL_UNAVAILABLE",
                "the read model");
    }
}
