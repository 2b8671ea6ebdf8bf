package io.chronicleledger.core.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chronicleledger.core.support.Json;

import java.util.Objects;

/**
 * Writes values of one type as text and reads them back: how an {@link AggregateRepository} keeps an aggregate's
 * state in a snapshot, and a rejection in an idempotency record, so that a retried command gets the same refusal.
 *
 * @param <T> the type
 */
public interface TextCodec<T> {

    /**
     * Writes a value.
     *
     * @param value the value
     * @return its text
     */
    String write(T value);

    /**
     * Reads a value written by {@link #write}, by this version of the codec or an earlier one.
     *
     * @param text the text
     * @return the value
     * @throws IllegalArgumentException when the text does not read as a value of the type
     */
    T read(String text);

    /**
     * A codec that writes JSON with Jackson (the library's shared mapper: Java time types as ISO-8601 text,
     * decimals as written). Records and classes with Jackson's annotations work, and sealed hierarchies with
     * {@code @JsonTypeInfo}.
     *
     * @param type the type
     * @param <T>  the type
     * @return the codec
     */
    static <T> TextCodec<T> json(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new TextCodec<>() {
            @Override
            public String write(T value) {
                try {
                    return Json.shared().writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("cannot write a " + type.getSimpleName() + " as JSON", e);
                }
            }

            @Override
            public T read(String text) {
                try {
                    return Json.shared().readValue(text, type);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("the text does not read as a " + type.getSimpleName(), e);
                }
            }
        };
    }
}
