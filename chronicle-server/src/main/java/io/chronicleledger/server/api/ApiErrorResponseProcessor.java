package io.chronicleledger.server.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the errors the framework answers itself (unknown route, wrong method, unsupported media type, body too
 * large, unreadable request, unexpected failure) the API's JSON error body. A failure of the server never shows
 * its cause to the client; it is logged here.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ApiErrorResponseProcessor implements ErrorResponseProcessor<String> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponseProcessor.class);

    /** Creates the processor. */
    public ApiErrorResponseProcessor() {
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String code;
        String message;
        switch (status) {
            case NOT_FOUND -> {
                code = "NOT_FOUND";
                message = "no such resource: " + context.getRequest().getMethod() + " " + context.getRequest().getPath();
            }
            case METHOD_NOT_ALLOWED -> {
                code = "METHOD_NOT_ALLOWED";
                message = context.getRequest().getMethod() + " is not allowed on " + context.getRequest().getPath();
            }
            case UNSUPPORTED_MEDIA_TYPE -> {
                code = "UNSUPPORTED_MEDIA_TYPE";
                message = "send the body as application/json";
            }
            case NOT_ACCEPTABLE -> {
                code = "NOT_ACCEPTABLE";
                message = "this resource answers in JSON; accept application/json";
            }
            case REQUEST_ENTITY_TOO_LARGE -> {
                boolean body = context.getRootCause().filter(ContentLengthExceededException.class::isInstance)
                        .isPresent();
                code = body ? "PAYLOAD_TOO_LARGE" : "REQUEST_TOO_LARGE";
                message = body ? "the body exceeds the limit of 64 KiB"
                        : "the request line or headers are too large";
            }
            default -> {
                if (status.getCode() >= 500) {
                    code = "INTERNAL_ERROR";
                    message = "the server failed to handle the request; it has been logged";
                    context.getRootCause().ifPresent(cause -> LOG.error("{} {} failed",
                            context.getRequest().getMethod(), context.getRequest().getPath(), cause));
                } else {
                    code = "BAD_REQUEST";
                    message = "the request could not be read";
                }
            }
        }
        MutableHttpResponse<String> error = response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(context.getRequest().getMethod() == HttpMethod.HEAD ? null
                        : JsonResponses.write(JsonResponses.error(code, message, null)));
        return error;
    }
}
