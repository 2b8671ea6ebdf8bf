package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chronicleledger.server.RunningServer.Response;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The assertions the API tests share. */
final class ApiAssertions {

    private ApiAssertions() {
    }

    /**
     * Asserts an error answer: the status, and the body {@code {"success":false,"error":{"code","message","field"?}}}.
     *
     * @param response the response
     * @param status   the expected status
     * @param code     the expected error code
     * @param field    the expected field, or {@code null} when the error must name none
     */
    static void assertError(Response response, int status, String code, String field) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.json().path("success").isBoolean()).as("success flag of %s", response).isTrue();
        assertThat(response.json().path("success").booleanValue()).as("success of %s", response).isFalse();
        assertThat(response.errorCode()).as("error code of %s", response).isEqualTo(code);
        assertThat(response.errorMessage()).as("error message of %s", response).isNotBlank()
                .as("error message of %s, in the API's words, naming none of the server's libraries", response)
                .doesNotContain("com.fasterxml", "io.micronaut", "Feature", "Constraints", "Exception", "`");
        assertThat(response.errorField()).as("error field of %s", response).isEqualTo(field);
    }

    /** Asserts a text is a UUID. */
    static void assertUuid(JsonNode node, String what) {
        assertThat(node.isTextual()).as("%s is text: %s", what, node).isTrue();
        assertThatCode(() -> UUID.fromString(node.textValue())).as("%s is a UUID: %s", what, node)
                .doesNotThrowAnyException();
    }

    /** Asserts a text is an ISO-8601 instant in UTC and returns it. */
    static Instant assertInstant(JsonNode node, String what) {
        assertThat(node.isTextual()).as("%s is text: %s", what, node).isTrue();
        assertThat(node.textValue()).as("%s is in UTC", what).endsWith("Z");
        return Instant.parse(node.textValue());
    }
}
