package io.chronicleledger.bus.nats.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.Json;
import io.nats.client.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The NATS message of a recorded event: a JSON body that keeps every field, and the Chronicle headers. */
@DisplayName("EventMessages writes an event as a NATS message and reads it back")
class EventMessagesTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    private static RecordedEvent event(String data, String metadata) {
        return new RecordedEvent(4_711, UUID.fromString("0b6f3c1e-6a47-4c3e-9f0e-1c2d3e4f5a6b"), "ACC-001",
                "Account", "MoneyDeposited", 2, 17, data, metadata, Instant.parse("2024-03-01T09:00:00.123456Z"));
    }

    private static RecordedEvent roundTrip(RecordedEvent event) {
        return EventMessages.fromJson(EventMessages.toJson(event));
    }

    private static JsonNode tree(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Nested
    @DisplayName("the JSON body")
    class Body {

        @Test
        @DisplayName("keeps every field of the event through a round trip")
        void roundTripKeepsEveryField() throws Exception {
            RecordedEvent event = event("{\"amount\":\"12.50\",\"description\":\"salary\"}",
                    "{\"correlation_id\":\"c-1\",\"actor\":\"teller-7\"}");

            RecordedEvent back = roundTrip(event);

            assertThat(back).usingRecursiveComparison().ignoringFields("data", "metadata").isEqualTo(event);
            assertThat(tree(back.data())).isEqualTo(tree(event.data()));
            assertThat(tree(back.metadata())).isEqualTo(tree(event.metadata()));
        }

        @Test
        @DisplayName("names the fields of the event model in snake case")
        void fieldNames() throws Exception {
            JsonNode json = MAPPER.readTree(EventMessages.toJson(event("{\"amount\":\"1.00\"}", "{}")));

            assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("event_id", "aggregate_id",
                    "aggregate_type", "event_type", "event_data", "metadata", "stream_version", "event_version",
                    "created_at", "position");
            assertThat(json.get("event_data").isObject()).as("event_data is an object, not a string").isTrue();
            assertThat(json.get("created_at").asText()).isEqualTo("2024-03-01T09:00:00.123456Z");
            assertThat(json.get("position").asLong()).isEqualTo(4_711);
        }

        @Test
        @DisplayName("keeps an amount's exact text, as a string or as a number with its scale")
        void amountsKeepTheirScale() {
            RecordedEvent event = event("{\"as_text\":\"12.50\",\"as_number\":12.50,\"tiny\":0.000000000000000001,"
                    + "\"big\":123456789012345678901234567890.10}", "{}");

            String data = roundTrip(event).data();

            assertThat(data).contains("\"as_text\":\"12.50\"", "\"as_number\":12.50", "\"tiny\":0.000000000000000001",
                    "\"big\":123456789012345678901234567890.10");
        }

        @Test
        @DisplayName("keeps unicode in the payload, the metadata and the names")
        void unicodeSurvives() throws Exception {
            RecordedEvent event = new RecordedEvent(1, UUID.randomUUID(), "KONTO-Ø-Ünïcode", "Account",
                    "MoneyDeposited", 1, 1, "{\"owner\":\"Zoë Ångström 山田 😀\",\"note\":\"line\\nbreak \\\"quoted\\\"\"}",
                    "{\"actor\":\"Ясна\"}", Instant.parse("2024-03-01T09:00:00Z"));

            byte[] body = EventMessages.toJson(event);
            RecordedEvent back = EventMessages.fromJson(body);

            assertThat(new String(body, StandardCharsets.UTF_8)).contains("Zoë Ångström 山田 😀");
            assertThat(back.aggregateId()).isEqualTo("KONTO-Ø-Ünïcode");
            assertThat(tree(back.data()).get("owner").asText()).isEqualTo("Zoë Ångström 山田 😀");
            assertThat(tree(back.data()).get("note").asText()).isEqualTo("line\nbreak \"quoted\"");
            assertThat(tree(back.metadata())).isEqualTo(tree(event.metadata()));
        }

        @Test
        @DisplayName("keeps nested objects, arrays, booleans and nulls of the payload")
        void nestedPayload() throws Exception {
            RecordedEvent event = event("{\"lines\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":1}],"
                    + "\"gift\":false,\"coupon\":null,\"empty\":{}}", "{\"tags\":[]}");

            RecordedEvent back = roundTrip(event);

            assertThat(tree(back.data())).isEqualTo(tree(event.data()));
            assertThat(tree(back.metadata())).isEqualTo(tree(event.metadata()));
        }
    }

    @Nested
    @DisplayName("the message")
    class MessageHeaders {

        @Test
        @DisplayName("carries the event id as Nats-Msg-Id, the Chronicle headers, the subject and the JSON body")
        void headers() {
            RecordedEvent event = event("{\"amount\":\"12.50\"}", "{}");

            Message message = EventMessages.toMessage(event, "events.account.deposited");

            assertThat(message.getSubject()).isEqualTo("events.account.deposited");
            assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(event.eventId().toString());
            assertThat(message.getHeaders().getFirst("Chronicle-Event-Type")).isEqualTo("MoneyDeposited");
            assertThat(message.getHeaders().getFirst("Chronicle-Aggregate-Id")).isEqualTo("ACC-001");
            assertThat(message.getHeaders().getFirst("Chronicle-Aggregate-Type")).isEqualTo("Account");
            assertThat(message.getHeaders().getFirst("Chronicle-Stream-Version")).isEqualTo("17");
            assertThat(message.getHeaders().getFirst("Chronicle-Position")).isEqualTo("4711");
            assertThat(EventMessages.fromJson(message.getData())).usingRecursiveComparison()
                    .ignoringFields("data", "metadata").isEqualTo(event);
        }

        @Test
        @DisplayName("uses the header names the constants declare")
        void constants() {
            assertThat(EventMessages.MSG_ID).isEqualTo("Nats-Msg-Id");
            assertThat(EventMessages.EVENT_TYPE).isEqualTo("Chronicle-Event-Type");
            assertThat(EventMessages.AGGREGATE_ID).isEqualTo("Chronicle-Aggregate-Id");
            assertThat(EventMessages.AGGREGATE_TYPE).isEqualTo("Chronicle-Aggregate-Type");
            assertThat(EventMessages.STREAM_VERSION).isEqualTo("Chronicle-Stream-Version");
            assertThat(EventMessages.POSITION).isEqualTo("Chronicle-Position");
        }
    }

    @Nested
    @DisplayName("a body that is not a recorded event")
    class BadBodies {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "not json", "{\"event_id\":", "[1,2,3]", "42", "\"a string\"", "null"})
        @DisplayName("is an IllegalArgumentException")
        void garbage(String body) {
            assertThatThrownBy(() -> EventMessages.fromJson(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("is an IllegalArgumentException for bytes that are not UTF-8 JSON")
        void binary() {
            assertThatThrownBy(() -> EventMessages.fromJson(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "without {0}")
        @ValueSource(strings = {"event_id", "aggregate_id", "aggregate_type", "event_type", "event_data", "metadata",
                "stream_version", "event_version", "created_at", "position"})
        @DisplayName("names the field that is missing")
        void missingField(String field) throws Exception {
            ObjectNode json = (ObjectNode) MAPPER.readTree(EventMessages.toJson(event("{\"amount\":\"1.00\"}", "{}")));
            json.remove(field);

            assertThatThrownBy(() -> EventMessages.fromJson(MAPPER.writeValueAsBytes(json)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        }

        @ParameterizedTest(name = "with {0} null")
        @ValueSource(strings = {"event_id", "aggregate_id", "event_data", "created_at", "position"})
        @DisplayName("names the field that is null")
        void nullField(String field) throws Exception {
            ObjectNode json = (ObjectNode) MAPPER.readTree(EventMessages.toJson(event("{\"amount\":\"1.00\"}", "{}")));
            json.putNull(field);

            assertThatThrownBy(() -> EventMessages.fromJson(MAPPER.writeValueAsBytes(json)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        }

        @ParameterizedTest(name = "with a bad {0}")
        @ValueSource(strings = {"event_id", "created_at"})
        @DisplayName("is an IllegalArgumentException when a field does not parse")
        void unparsableField(String field) throws Exception {
            ObjectNode json = (ObjectNode) MAPPER.readTree(EventMessages.toJson(event("{\"amount\":\"1.00\"}", "{}")));
            json.put(field, "not-a-value");

            assertThatThrownBy(() -> EventMessages.fromJson(MAPPER.writeValueAsBytes(json)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
