package io.chronicleledger.core.support;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON settings of the project: decimals stay {@link java.math.BigDecimal} (never {@code double}) and are
 * written in plain notation; unknown properties are ignored, so that old readers accept newer payloads.
 */
public final class Json {

    private static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    /**
     * Returns a new mapper with the project's settings.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * Returns a shared mapper with the project's settings. Do not reconfigure it: every user of this class
     * shares it; take a {@link #mapper()} of your own to change settings.
     *
     * @return the shared mapper
     */
    public static ObjectMapper shared() {
        return MAPPER;
    }
}
