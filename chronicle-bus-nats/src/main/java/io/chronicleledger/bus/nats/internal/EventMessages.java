package io.chronicleledger.bus.nats.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.Json;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The NATS message of a recorded event. The body is the event as JSON, with every field of the event model
 * ({@code event_id}, {@code aggregate_id}, {@code aggregate_type}, {@code event_type}, {@code event_data} and
 * {@code metadata} as JSON objects, {@code stream_version}, {@code event_version}, {@code created_at},
 * {@code position}); the headers repeat what a router or an operator needs without parsing it, and
 * {@code Nats-Msg-Id} is the event id, by which JetStream drops a repeated publish.
 */
public final class EventMessages {

    /** JetStream's deduplication header. */
    public static final String MSG_ID = "Nats-Msg-Id";

    /** The header of the event type. */
    public static final String EVENT_TYPE = "Chronicle-Event-Type";

    /** The header of the aggregate id (the stream). */
    public static final String AGGREGATE_ID = "Chronicle-Aggregate-Id";

    /** The header of the aggregate type. */
    public static final String AGGREGATE_TYPE = "Chronicle-Aggregate-Type";

    /** The header of the version of the event in its stream. */
    public static final String STREAM_VERSION = "Chronicle-Stream-Version";

    /** The header of the global position of the event. */
    public static final String POSITION = "Chronicle-Position";

    /** The project's settings, and decimals read as they are written: {@code 12.50} stays {@code 12.50}. */
    private static final ObjectMapper MAPPER = Json.mapper()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private EventMessages() {
    }

    /**
     * Returns the message that publishes an event.
     *
     * @param event   the event
     * @param subject its subject ({@link Subjects})
     * @return the message
     */
    public static Message toMessage(RecordedEvent event, String subject) {
        Headers headers = new Headers()
                .put(MSG_ID, event.eventId().toString())
                .put(EVENT_TYPE, event.eventType())
                .put(AGGREGATE_ID, event.aggregateId())
                .put(AGGREGATE_TYPE, event.aggregateType())
                .put(STREAM_VERSION, Long.toString(event.streamVersion()))
                .put(POSITION, Long.toString(event.position()));
        return NatsMessage.builder().subject(subject).headers(headers).data(toJson(event)).build();
    }

    /**
     * Returns an event as the JSON body of its message.
     *
     * @param event the event
     * @return UTF-8 JSON
     */
    public static byte[] toJson(RecordedEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.data().length() + event.metadata().length());
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event_id", event.eventId().toString());
            json.writeStringField("aggregate_id", event.aggregateId());
            json.writeStringField("aggregate_type", event.aggregateType());
            json.writeStringField("event_type", event.eventType());
            json.writeFieldName("event_data");
            json.writeRawValue(event.data());
            json.writeFieldName("metadata");
            json.writeRawValue(event.metadata());
            json.writeNumberField("stream_version", event.streamVersion());
            json.writeNumberField("event_version", event.eventVersion());
            json.writeStringField("created_at", event.createdAt().toString());
            json.writeNumberField("position", event.position());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event " + event.eventId() + " as JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads an event from the JSON body of its message.
     *
     * @param body UTF-8 JSON, as {@link #toJson} writes it
     * @return the event
     * @throws IllegalArgumentException when the body is not such an event
     */
    public static RecordedEvent fromJson(byte[] body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the message body is not a JSON object");
            }
            return new RecordedEvent(
                    required(json, "position").asLong(),
                    UUID.fromString(required(json, "event_id").asText()),
                    required(json, "aggregate_id").asText(),
                    required(json, "aggregate_type").asText(),
                    required(json, "event_type").asText(),
                    required(json, "event_version").asInt(),
                    required(json, "stream_version").asLong(),
                    MAPPER.writeValueAsString(required(json, "event_data")),
                    MAPPER.writeValueAsString(required(json, "metadata")),
                    Instant.parse(required(json, "created_at").asText()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new IllegalArgumentException("the message body is not a recorded event: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the message body has no " + field);
        }
        return value;
    }
}
