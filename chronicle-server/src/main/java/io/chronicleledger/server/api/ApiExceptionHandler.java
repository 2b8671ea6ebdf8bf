package io.chronicleledger.server.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiException} with its status and JSON error body. */
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    /** Creates the handler. */
    public ApiExceptionHandler() {
    }

    @Override
    @SuppressWarnings("rawtypes") // the framework's interface declares the request raw
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        return JsonResponses.json(exception.status(),
                JsonResponses.error(exception.code(), exception.getMessage(), exception.field().orElse(null)));
    }
}
