package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.chronicleledger.server.RunningServer.Response;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks real HTTP answers against an OpenAPI 3.0 document: the status is documented for the operation, the
 * content type is one the operation documents for that status, and a JSON body conforms to the documented schema.
 *
 * <p>The schema check is strict where the API's contract matters: every property of the body must be declared
 * (an object schema without {@code additionalProperties} admits no others), every required property must be
 * present, and JSON types, enums, formats ({@code uuid}, {@code date-time}, {@code int32}, {@code int64}),
 * patterns and bounds must hold. It understands {@code $ref} (to {@code #/components/...}), {@code allOf},
 * {@code oneOf}, {@code anyOf} and {@code nullable}: what the document uses.
 */
final class OpenApiConformance {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final JsonNode document;

    OpenApiConformance(JsonNode document) {
        this.document = document;
    }

    /** The operation object of a method and path template, such as {@code get /accounts/{id}}. */
    JsonNode operation(String method, String pathTemplate) {
        JsonNode operation = document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("the document has an operation %s %s", method, pathTemplate).isTrue();
        return operation;
    }

    /** Every (method, path template) pair the document describes. */
    Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    /**
     * Asserts that a real answer conforms to the document: its status is documented for the operation, its
     * content type is documented for that status, and its JSON body (if any) conforms to the schema.
     *
     * @param method       the request's method
     * @param pathTemplate the operation's path template
     * @param response     the real answer
     * @return the documented response object, for further checks
     */
    JsonNode assertConforms(String method, String pathTemplate, Response response) {
        JsonNode documented = documentedResponse(method, pathTemplate, response.status(), response.toString());
        JsonNode content = documented.path("content");
        String contentType = response.header("Content-Type").orElse(null);
        if (response.text() == null || response.text().isEmpty()) {
            return documented;
        }
        assertThat(content.isObject())
                .as("%s %s documents a body for status %d; real answer: %s", method, pathTemplate,
                        response.status(), response)
                .isTrue();
        assertThat(contentType).as("the Content-Type of %s", response).isNotNull();
        JsonNode mediaType = mediaType(content, contentType);
        assertThat(mediaType.isMissingNode())
                .as("%s %s documents the content type %s for status %d (it documents %s)", method, pathTemplate,
                        contentType, response.status(), fieldNames(content))
                .isFalse();
        if (essence(contentType).equals("application/json")) {
            assertThat(response.json().isMissingNode()).as("the body of %s is JSON", response).isFalse();
            assertBodyConforms(mediaType.path("schema"), response.json(), response.toString());
        }
        return documented;
    }

    /** The response object an operation documents for a status; fails when it documents none. */
    JsonNode documentedResponse(String method, String pathTemplate, int status, String what) {
        JsonNode responses = operation(method, pathTemplate).path("responses");
        JsonNode documented = responses.path(Integer.toString(status));
        if (documented.isMissingNode()) {
            documented = responses.path(status / 100 + "XX");
        }
        if (documented.isMissingNode()) {
            documented = responses.path("default");
        }
        assertThat(documented.isMissingNode())
                .as("%s %s documents status %d (it documents %s); real answer: %s", method, pathTemplate, status,
                        fieldNames(responses), what)
                .isFalse();
        return resolve(documented);
    }

    /** Asserts that a JSON value conforms to a schema. */
    void assertBodyConforms(JsonNode schema, JsonNode value, String what) {
        List<String> violations = new ArrayList<>();
        check(schema, value, "$", violations);
        assertThat(violations).as("the body of %s conforms to its documented schema %s", what, schema).isEmpty();
    }

    /** A schema of {@code #/components/schemas}. */
    JsonNode componentSchema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("the document has the schema %s", name).isTrue();
        return schema;
    }

    /** Resolves a {@code $ref} (repeatedly) within the document. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref"); depth++) {
            assertThat(depth).as("a $ref chain ends").isLessThan(32);
            current = pointer(current.path("$ref").asText());
        }
        return current;
    }

    /** The {@code $ref}s of the document that point nowhere. */
    List<String> danglingReferences() {
        List<String> dangling = new ArrayList<>();
        collectReferences(document, dangling);
        return dangling;
    }

    private void collectReferences(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && pointerOrMissing(ref.textValue()).isMissingNode()) {
                dangling.add(ref.textValue());
            }
            node.elements().forEachRemaining(child -> collectReferences(child, dangling));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectReferences(child, dangling));
        }
    }

    private JsonNode pointer(String ref) {
        JsonNode target = pointerOrMissing(ref);
        assertThat(target.isMissingNode()).as("the $ref %s resolves", ref).isFalse();
        return target;
    }

    private JsonNode pointerOrMissing(String ref) {
        if (!ref.startsWith("#/")) {
            return MissingNode.getInstance();
        }
        return document.at(ref.substring(1));
    }

    // ---- the schema check ----

    private void check(JsonNode schemaOrRef, JsonNode value, String at, List<String> violations) {
        JsonNode schema = resolve(schemaOrRef);
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                violations.add(at + ": null, but the schema is not nullable");
            }
            return;
        }
        for (JsonNode part : iterable(schema.path("allOf"))) {
            check(part, value, at, violations);
        }
        checkAlternatives(schema, "oneOf", value, at, violations);
        checkAlternatives(schema, "anyOf", value, at, violations);
        String type = schema.path("type").asText(null);
        if (type == null && (schema.has("properties") || schema.has("additionalProperties"))) {
            type = "object";
        }
        if (type == null) {
            return;
        }
        if (!hasType(value, type)) {
            violations.add(at + ": " + kind(value) + " " + abbreviate(value) + ", but the schema says " + type);
            return;
        }
        checkEnum(schema, value, at, violations);
        switch (type) {
            case "string" -> checkString(schema, value.textValue(), at, violations);
            case "integer", "number" -> checkNumber(schema, value, at, violations);
            case "array" -> checkArray(schema, value, at, violations);
            case "object" -> checkObject(schema, value, at, violations);
            default -> { }
        }
    }

    private void checkAlternatives(JsonNode schema, String keyword, JsonNode value, String at,
                                   List<String> violations) {
        JsonNode alternatives = schema.path(keyword);
        if (!alternatives.isArray()) {
            return;
        }
        int matching = 0;
        List<String> reasons = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            List<String> own = new ArrayList<>();
            check(alternative, value, at, own);
            if (own.isEmpty()) {
                matching++;
            } else {
                reasons.addAll(own);
            }
        }
        boolean ok = keyword.equals("oneOf") ? matching == 1 : matching >= 1;
        if (!ok) {
            violations.add(at + ": matches " + matching + " of the " + keyword + " alternatives " + reasons);
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        };
    }

    private static void checkEnum(JsonNode schema, JsonNode value, String at, List<String> violations) {
        JsonNode allowed = schema.path("enum");
        if (!allowed.isArray()) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value) || (candidate.isValueNode() && value.isValueNode()
                    && candidate.asText().equals(value.asText()))) {
                return;
            }
        }
        violations.add(at + ": " + abbreviate(value) + " is none of " + allowed);
    }

    private static void checkString(JsonNode schema, String text, String at, List<String> violations) {
        String format = schema.path("format").asText("");
        if (format.equals("uuid")) {
            try {
                UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                violations.add(at + ": '" + text + "' is no uuid");
            }
        } else if (format.equals("date-time")) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                violations.add(at + ": '" + text + "' is no RFC 3339 date-time");
            }
        }
        if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
            violations.add(at + ": '" + abbreviate(text) + "' does not match " + schema.path("pattern").asText());
        }
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
            violations.add(at + ": shorter than " + schema.path("minLength").asInt());
        }
        if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
            violations.add(at + ": longer than " + schema.path("maxLength").asInt());
        }
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String at, List<String> violations) {
        String format = schema.path("format").asText("");
        if (format.equals("int32") && !value.canConvertToInt()) {
            violations.add(at + ": " + value + " is beyond int32");
        }
        if (format.equals("int64") && !value.canConvertToLong()) {
            violations.add(at + ": " + value + " is beyond int64");
        }
        if (schema.has("minimum") && value.decimalValue().compareTo(schema.path("minimum").decimalValue()) < 0) {
            violations.add(at + ": " + value + " is below the minimum " + schema.path("minimum"));
        }
        if (schema.has("maximum") && value.decimalValue().compareTo(schema.path("maximum").decimalValue()) > 0) {
            violations.add(at + ": " + value + " is above the maximum " + schema.path("maximum"));
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String at, List<String> violations) {
        if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
            violations.add(at + ": fewer than " + schema.path("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
            violations.add(at + ": more than " + schema.path("maxItems").asInt() + " items");
        }
        JsonNode items = schema.path("items");
        if (items.isMissingNode()) {
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            check(items, value.get(i), at + "[" + i + "]", violations);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> violations) {
        Map<String, JsonNode> declared = declaredProperties(schema);
        Set<String> required = requiredProperties(schema);
        for (String name : required) {
            if (!value.has(name)) {
                violations.add(at + ": the required property '" + name + "' is missing");
            }
        }
        JsonNode additional = additionalProperties(schema);
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String path = at + "." + field.getKey();
            JsonNode propertySchema = declared.get(field.getKey());
            if (propertySchema != null) {
                check(propertySchema, field.getValue(), path, violations);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), path, violations);
            } else if (!additional.asBoolean(false)) {
                violations.add(path + ": the property is not declared by the schema (it declares "
                        + declared.keySet() + ")");
            }
        }
    }

    /** The properties a schema declares, its allOf parts' included. */
    private Map<String, JsonNode> declaredProperties(JsonNode schemaOrRef) {
        JsonNode schema = resolve(schemaOrRef);
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode part : iterable(schema.path("allOf"))) {
            properties.putAll(declaredProperties(part));
        }
        schema.path("properties").properties().forEach(p -> properties.put(p.getKey(), p.getValue()));
        return properties;
    }

    private Set<String> requiredProperties(JsonNode schemaOrRef) {
        JsonNode schema = resolve(schemaOrRef);
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode part : iterable(schema.path("allOf"))) {
            required.addAll(requiredProperties(part));
        }
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    /** {@code additionalProperties}: {@code false} when absent (strict), a boolean, or a schema. */
    private JsonNode additionalProperties(JsonNode schema) {
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isMissingNode()) {
            for (JsonNode part : iterable(schema.path("allOf"))) {
                JsonNode inherited = additionalProperties(resolve(part));
                if (inherited.isObject() || inherited.asBoolean(false)) {
                    return inherited;
                }
            }
            return BooleanNode.FALSE;
        }
        return additional;
    }

    // ---- helpers ----

    private static JsonNode mediaType(JsonNode content, String contentType) {
        String essence = essence(contentType);
        for (Map.Entry<String, JsonNode> type : content.properties()) {
            if (essence(type.getKey()).equals(essence)) {
                return type.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    /** The type/subtype of a media type, without parameters, in lower case. */
    static String essence(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node.isArray() ? node : List.of();
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
