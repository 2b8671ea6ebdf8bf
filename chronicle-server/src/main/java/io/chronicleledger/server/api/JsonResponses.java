package io.chronicleledger.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.support.Json;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Writes JSON bodies with the project's settings (decimals in plain notation, never binary floating point). */
public final class JsonResponses {

    private static final ObjectMapper MAPPER = Json.shared();

    private JsonResponses() {
    }

    /**
     * Returns a new empty JSON object.
     *
     * @return the object
     */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Returns a response with a JSON body.
     *
     * @param status the status
     * @param body   the body
     * @return the response
     */
    public static MutableHttpResponse<String> json(HttpStatus status, ObjectNode body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(write(body));
    }

    /**
     * Returns the error body of the API: {@code {"success":false,"error":{"code","message","field"}}}.
     *
     * @param code    the error code
     * @param message the message
     * @param field   the request field at fault, or {@code null}
     * @return the body
     */
    public static ObjectNode error(String code, String message, String field) {
        ObjectNode body = object().put("success", false);
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return body;
    }

    /**
     * Writes a JSON document as text.
     *
     * @param body the document
     * @return the text
     */
    public static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
