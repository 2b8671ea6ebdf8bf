package io.chronicleledger.server.api;

import io.chronicleledger.core.ledger.AccountId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** Reads query parameters strictly; every refusal is a 400 that names the parameter. */
final class QueryParameters {

    private QueryParameters() {
    }

    static int limit(String value, int defaultLimit, int maxLimit) {
        if (value == null) {
            return defaultLimit;
        }
        long limit = number("limit", value).orElseThrow();
        if (limit < 1 || limit > maxLimit) {
            throw ApiException.badRequest("INVALID_PARAMETER", "limit must be 1 to " + maxLimit, "limit");
        }
        return (int) limit;
    }

    static OptionalLong number(String name, String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(number);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_PARAMETER", name + " must be a whole number, 0 or more", name);
        }
    }

    static Instant timestamp(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_PARAMETER",
                    name + " must be ISO-8601 with an offset, such as 2026-01-01T10:00:00Z", name);
        }
    }

    static AccountId accountId(String name, String value) {
        return RequestJson.valid(name, value, AccountId::of);
    }
}
