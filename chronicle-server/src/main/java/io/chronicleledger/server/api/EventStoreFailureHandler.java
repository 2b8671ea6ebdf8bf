package io.chronicleledger.server.api;

import io.chronicleledger.store.cockroach.EventStoreException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a failure of the event store: 503 {@code STORE_UNAVAILABLE} when it passes, else 500. */
@Singleton
@Requires(classes = {EventStoreException.class, ExceptionHandler.class})
public final class EventStoreFailureHandler implements ExceptionHandler<EventStoreException, HttpResponse<?>> {

    /** Creates the handler. */
    public EventStoreFailureHandler() {
    }

    @Override
    @SuppressWarnings("rawtypes") // the framework's interface declares the request raw
    public HttpResponse<?> handle(HttpRequest request, EventStoreException failure) {
        return StorageFailures.answer(request, failure, failure.isTransient(), "STORE_UNAVAILABLE",
                "the event store");
    }
}
