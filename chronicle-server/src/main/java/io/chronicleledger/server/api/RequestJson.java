package io.chronicleledger.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.Amounts;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.InvalidValueException;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.support.Json;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import java.util.function.Function;

/**
 * A JSON request body, read strictly: it must be one JSON object, without duplicate keys and with nothing
 * after it; fields are checked
 * for presence and type; amounts are read exactly, from JSON numbers or decimal strings. Every refusal is an
 * {@link ApiException} 400 that names the field.
 */
public final class RequestJson {

    private static final ObjectMapper MAPPER = Json.mapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_AMOUNT_SCALE = 30;
    private static final int MAX_AMOUNT_PRECISION = 40;

    private final ObjectNode body;

    private RequestJson(ObjectNode body) {
        this.body = body;
    }

    /**
     * Parses the body of a request, which must say it is JSON.
     *
     * @param request the request
     * @return the parsed body
     * @throws ApiException 415 when the request has no JSON content type; 400 {@code MALFORMED_JSON} when the
     *                      body is not one JSON object
     */
    public static RequestJson parse(HttpRequest<byte[]> request) {
        if (request.getContentType().filter(MediaType.APPLICATION_JSON_TYPE::matches).isEmpty()) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "send the body as application/json", null);
        }
        return parse(request.getBody().orElse(null));
    }

    /**
     * Parses a request body.
     *
     * @param bytes the body; {@code null} or empty is refused
     * @return the parsed body
     * @throws ApiException 400 {@code MALFORMED_JSON} when the body is not one JSON object
     */
    public static RequestJson parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", whatIsWrong(e) + where(e.getLocation()), null);
        } catch (IOException | RuntimeException e) {
            // Jackson reports some number literals it cannot hold (1e2147483648) as a NumberFormatException.
            throw ApiException.badRequest("MALFORMED_JSON", "the body could not be read as JSON", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object", null);
        }
        return new RequestJson(object);
    }

    /**
     * Says what is wrong with a body Jackson refused, in the API's words: Jackson's own messages name its classes
     * and settings.
     */
    private static String whatIsWrong(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the body nests deeper, or holds a longer number or text, than a request may";
        }
        String jackson = String.valueOf(e.getOriginalMessage());
        if (jackson.startsWith("Duplicate field")) {
            return "the body is not valid JSON: a key appears twice in one object";
        }
        if (jackson.startsWith("Trailing token")) {
            return "the body is not valid JSON: something follows the object";
        }
        if (jackson.contains("Non-standard token")) {
            return "the body is not valid JSON: NaN and Infinity are not JSON numbers";
        }
        if (jackson.contains("end-of-input")) {
            return "the body is not valid JSON: it ends too soon";
        }
        return "the body is not valid JSON";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * Returns a required string field.
     *
     * @param field the field name
     * @return its value
     * @throws ApiException 400 when the field is missing or not a string
     */
    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> ApiException.badRequest("MISSING_FIELD",
                field + " is required", field));
    }

    /**
     * Returns an optional string field.
     *
     * @param field the field name
     * @return its value, empty when absent or {@code null}
     * @throws ApiException 400 when the field is present but not a string
     */
    public Optional<String> optionalString(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD_TYPE", field + " must be a string", field);
        }
        return Optional.of(node.textValue());
    }

    /**
     * Returns a required account id field.
     *
     * @param field the field name
     * @return the account id
     * @throws ApiException 400 when the field is missing, not a string or not a valid id
     */
    public AccountId accountId(String field) {
        return valid(field, requiredString(field), AccountId::of);
    }

    /**
     * Returns a required owner name field.
     *
     * @param field the field name
     * @return the owner name
     * @throws ApiException 400 when the field is missing, not a string or not a valid name
     */
    public OwnerName ownerName(String field) {
        return valid(field, requiredString(field), OwnerName::of);
    }

    /**
     * Returns an optional description field.
     *
     * @param field the field name
     * @return the description, {@link Description#NONE} when absent
     * @throws ApiException 400 when the field is not a string or too long
     */
    public Description description(String field) {
        return optionalString(field).map(text -> valid(field, text, Description::of)).orElse(Description.NONE);
    }

    /**
     * Returns an optional currency field.
     *
     * @param field the field name
     * @return the currency, empty when absent
     * @throws ApiException 400 when the field is not a string or no ISO 4217 code
     */
    public Optional<Currency> currency(String field) {
        return optionalString(field).map(code -> valid(field, code, Money::currency));
    }

    /**
     * Returns a required amount field: a JSON number or a decimal string, read exactly.
     *
     * @param field the field name
     * @return the amount
     * @throws ApiException 400 when the field is missing, of another type, or not a plain decimal
     */
    public BigDecimal amount(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("MISSING_FIELD", field + " is required", field);
        }
        if (node.isTextual()) {
            return valid(field, node.textValue(), Amounts::parse);
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("INVALID_FIELD_TYPE",
                    field + " must be a number or a decimal string such as \"1300.00\"", field);
        }
        BigDecimal amount = node.decimalValue();
        if (Math.abs(amount.scale()) > MAX_AMOUNT_SCALE || amount.precision() > MAX_AMOUNT_PRECISION) {
            throw ApiException.badRequest("INVALID_AMOUNT", field + " is out of range", field);
        }
        return amount;
    }

    /**
     * Applies a value type's checks, turning its refusal into a 400 that names the field.
     *
     * @param field the field name
     * @param value the raw value
     * @param type  the value type's factory
     * @param <T>   the value type
     * @return the value
     * @throws ApiException 400 with the value type's code when it refuses the value
     */
    public static <T> T valid(String field, String value, Function<String, T> type) {
        try {
            return type.apply(value);
        } catch (InvalidValueException e) {
            throw ApiException.badRequest(e.code(), field + ": " + e.getMessage(), field);
        }
    }
}
