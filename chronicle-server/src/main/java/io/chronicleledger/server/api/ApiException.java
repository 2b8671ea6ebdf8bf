package io.chronicleledger.server.api;

import io.micronaut.http.HttpStatus;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the API refuses, with the status, code and message of its JSON error body. Carries no stack
 * trace: it is an answer, not a failure.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status of the answer. */
    private final HttpStatus status;
    /** The stable error code, such as {@code INVALID_AMOUNT}. */
    private final String code;
    /** The request field at fault, if one is. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param status  the HTTP status
     * @param code    the stable error code
     * @param message the message for people
     * @param field   the request field at fault, or {@code null}
     */
    public ApiException(HttpStatus status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    /**
     * Returns a 400 about one field.
     *
     * @param code    the error code
     * @param message the message
     * @param field   the field
     * @return the exception
     */
    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message, field);
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status
     */
    public HttpStatus status() {
        return status;
    }

    /**
     * Returns the error code.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the request field at fault.
     *
     * @return the field, if one is at fault
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
