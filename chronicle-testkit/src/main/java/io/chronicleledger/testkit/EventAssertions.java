package io.chronicleledger.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.Json;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons and projections of events shared by the suites. */
final class EventAssertions {

    /**
     * Compares JSON documents by meaning, not by text: a database may store JSON in a binary form (such as
     * PostgreSQL's {@code jsonb}) and give back other whitespace and another key order. Decimals are read as
     * {@link java.math.BigDecimal}, so {@code 1.50} and {@code 1.5} still differ, and strings are compared
     * exactly (no Unicode normalization).
     */
    static final BiPredicate<String, String> SAME_JSON = EventAssertions::sameJson;

    /** Compares recorded events field by field, the JSON fields by meaning ({@link #SAME_JSON}). */
    static final RecursiveComparisonConfiguration SAME_EVENT = RecursiveComparisonConfiguration.builder()
            .withEqualsForFields(SAME_JSON, "data", "metadata")
            .build();

    private static final ObjectMapper MAPPER = Json.mapper();

    private EventAssertions() {
    }

    /**
     * Parses JSON text with the project's settings.
     *
     * @param json the text
     * @return the tree
     */
    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + abbreviate(json), e);
        }
    }

    /**
     * Asserts that two JSON texts mean the same document.
     *
     * @param actual   the text read back
     * @param expected the text written
     */
    static void assertSameJson(String actual, String expected) {
        assertThat(sameJson(actual, expected))
                .as("JSON read back %s should mean the JSON written %s", abbreviate(actual), abbreviate(expected))
                .isTrue();
    }

    /**
     * Returns the ids of events.
     *
     * @param events the events
     * @return their ids, in order
     */
    static List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::eventId).toList();
    }

    /**
     * Returns the global positions of events.
     *
     * @param events the events
     * @return their positions, in order
     */
    static List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }

    /**
     * Returns the stream versions of events.
     *
     * @param events the events
     * @return their versions, in order
     */
    static List<Long> versions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::streamVersion).toList();
    }

    /**
     * Asserts that values are strictly increasing.
     *
     * @param description what the values are
     * @param values      the values
     * @param <T>         the value type
     */
    static <T extends Comparable<? super T>> void assertStrictlyIncreasing(String description, List<T> values) {
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i).compareTo(values.get(i - 1)))
                    .as("%s should be strictly increasing, but index %d of %s is not", description, i, values)
                    .isPositive();
        }
    }

    private static boolean sameJson(String actual, String expected) {
        return parse(actual).equals(parse(expected));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
