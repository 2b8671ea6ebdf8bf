package io.chronicleledger.core.codec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.MoneyDeposited;
import io.chronicleledger.core.ledger.MoneyWithdrawn;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("EventCodec")
class EventCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID EVENT_ID = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final UUID TRANSFER_ID = UUID.fromString("01890a5d-ac96-7000-8000-000000000001");
    private static final String METADATA = "{\"correlation_id\":\"c-1\"}";

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static RecordedEvent recorded(NewEvent event) {
        return new RecordedEvent(1, event.eventId(), "ACC-001", LedgerEvents.AGGREGATE_TYPE, event.eventType(),
                event.eventVersion(), 1, event.data(), event.metadata(), Instant.parse("2024-01-01T00:00:00Z"));
    }

    static Stream<Arguments> ledgerEvents() {
        return Stream.of(
                Arguments.of(new AccountCreated("ACC-001", "Ada Lovelace", Currency.getInstance("USD"),
                                new BigDecimal("500.00")), LedgerEvents.ACCOUNT_CREATED,
                        "{\"account_id\":\"ACC-001\",\"owner_name\":\"Ada Lovelace\",\"currency\":\"USD\","
                                + "\"initial_balance\":\"500.00\"}"),
                Arguments.of(new MoneyDeposited(new BigDecimal("500.00"), "salary"), LedgerEvents.MONEY_DEPOSITED,
                        "{\"amount\":\"500.00\",\"description\":\"salary\"}"),
                Arguments.of(new MoneyWithdrawn(new BigDecimal("0.01"), ""), LedgerEvents.MONEY_WITHDRAWN,
                        "{\"amount\":\"0.01\",\"description\":\"\"}"),
                Arguments.of(new TransferSent(TRANSFER_ID, "ACC-002", new BigDecimal("1300"), "rent"),
                        LedgerEvents.TRANSFER_SENT,
                        "{\"transfer_id\":\"" + TRANSFER_ID + "\",\"to_account_id\":\"ACC-002\","
                                + "\"amount\":\"1300\",\"description\":\"rent\"}"),
                Arguments.of(new TransferReceived(TRANSFER_ID, "ACC-003", new BigDecimal("12.345"), "rent"),
                        LedgerEvents.TRANSFER_RECEIVED,
                        "{\"transfer_id\":\"" + TRANSFER_ID + "\",\"from_account_id\":\"ACC-003\","
                                + "\"amount\":\"12.345\",\"description\":\"rent\"}"));
    }

    @Nested
    @DisplayName("the ledger's codec")
    class LedgerCodec {

        private final EventCodec<AccountEvent> codec = LedgerEvents.codec();

        @ParameterizedTest(name = "{1} round-trips")
        @MethodSource("io.chronicleledger.core.codec.EventCodecTest#ledgerEvents")
        void round_trips(AccountEvent event, String type, String json) {
            NewEvent encoded = codec.encode(EVENT_ID, event, METADATA);

            assertThat(encoded.eventId()).isEqualTo(EVENT_ID);
            assertThat(encoded.eventType()).isEqualTo(type);
            assertThat(encoded.eventVersion()).isEqualTo(1);
            assertThat(encoded.metadata()).isEqualTo(METADATA);
            assertThat(codec.typeName(event)).isEqualTo(type);
            assertThat(codec.decode(recorded(encoded))).isEqualTo(event);
            assertThat(codec.decode(type, 1, encoded.data())).isEqualTo(event);
        }

        @ParameterizedTest(name = "{1} is written with snake_case names and amounts as strings")
        @MethodSource("io.chronicleledger.core.codec.EventCodecTest#ledgerEvents")
        void writes_the_design_payload(AccountEvent event, String type, String json) {
            JsonNode payload = tree(codec.encode(EVENT_ID, event, METADATA).data());

            assertThat(payload).isEqualTo(tree(json));
            payload.properties().forEach(field -> assertThat(field.getValue().isTextual())
                    .as("%s of %s is a JSON string", field.getKey(), type).isTrue());
        }

        @Test
        @DisplayName("writes \"amount\":\"500.00\" literally, keeping the trailing zeros")
        void writes_amount_text() {
            String data = codec.encode(EVENT_ID, new MoneyDeposited(new BigDecimal("500.00"), ""), METADATA).data();

            assertThat(data).contains("\"amount\":\"500.00\"");
        }

        @Test
        @DisplayName("reads amounts written as JSON numbers exactly, without going through double")
        void reads_numeric_amounts_exactly() {
            AccountEvent event = codec.decode(LedgerEvents.MONEY_DEPOSITED, 1,
                    "{\"amount\":12345678901234567.89,\"description\":\"\"}");

            assertThat(((MoneyDeposited) event).amount()).isEqualTo(new BigDecimal("12345678901234567.89"));
        }

        @Test
        @DisplayName("ignores properties it does not know, so older readers accept newer payloads")
        void ignores_unknown_properties() {
            AccountEvent event = codec.decode(LedgerEvents.MONEY_DEPOSITED, 1,
                    "{\"amount\":\"1.00\",\"description\":\"d\",\"channel\":\"atm\"}");

            assertThat(event).isEqualTo(new MoneyDeposited(new BigDecimal("1.00"), "d"));
        }

        @Test
        @DisplayName("refuses an unknown event type with EventCodecException")
        void unknown_type() {
            assertThatThrownBy(() -> codec.decode("AccountClosed", 1, "{}"))
                    .isInstanceOf(EventCodecException.class)
                    .hasMessageContaining("AccountClosed");
        }

        @Test
        @DisplayName("refuses a version newer than it knows with EventCodecException")
        void newer_version() {
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, 2,
                    "{\"amount\":\"1.00\",\"description\":\"\"}"))
                    .isInstanceOf(EventCodecException.class)
                    .hasMessageContaining("version 2");
        }

        @Test
        @DisplayName("refuses a payload that does not parse or map with EventCodecException")
        void bad_payload() {
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, 1, "{not json"))
                    .isInstanceOf(EventCodecException.class);
            assertThatThrownBy(() -> codec.decode(LedgerEvents.ACCOUNT_CREATED, 1,
                    "{\"account_id\":\"A\",\"owner_name\":\"x\",\"currency\":\"ZZZ\",\"initial_balance\":\"1\"}"))
                    .isInstanceOf(EventCodecException.class);
        }

        @Test
        @DisplayName("refuses to encode an event class it does not know")
        void unregistered_class() {
            EventCodec<Object> empty = EventCodec.builder(Object.class).build();

            assertThatThrownBy(() -> empty.encode(EVENT_ID, "a string", METADATA))
                    .isInstanceOf(EventCodecException.class);
            assertThatThrownBy(() -> empty.typeName(42)).isInstanceOf(EventCodecException.class);
        }
    }

    /** Payloads and versions that a store should never hold, refused with a codec error. */
    @Nested
    @DisplayName("malformed stored events")
    class MalformedStoredEvents {

        private final EventCodec<AccountEvent> codec = LedgerEvents.codec();

        @Test
        @DisplayName("a version below 1 is refused with EventCodecException")
        void version_below_one_is_a_codec_exception() {
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, 0,
                    "{\"amount\":\"1.00\",\"description\":\"\"}"))
                    .isInstanceOf(EventCodecException.class);
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, -1,
                    "{\"amount\":\"1.00\",\"description\":\"\"}"))
                    .isInstanceOf(EventCodecException.class);
        }

        @Test
        @DisplayName("a payload that is JSON null is refused with EventCodecException")
        void null_payload_is_a_codec_exception() {
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, 1, "null"))
                    .isInstanceOf(EventCodecException.class);
        }

        @Test
        @DisplayName("a payload that lacks a required field is refused with EventCodecException")
        void missing_field_is_a_codec_exception() {
            assertThatThrownBy(() -> codec.decode(LedgerEvents.MONEY_DEPOSITED, 1, "{}"))
                    .isInstanceOf(EventCodecException.class);
        }
    }

    /** The base type of the events of the custom codecs below. */
    interface PersonEvent {
    }

    /** Version 2 of "PersonRegistered": version 1 had a single {@code name}. */
    record PersonRegisteredV2(@JsonProperty("full_name") String fullName,
                              @JsonProperty("nickname") String nickname) implements PersonEvent {
    }

    /** Version 3: adds {@code country}. */
    record PersonRegisteredV3(@JsonProperty("full_name") String fullName,
                              @JsonProperty("nickname") String nickname,
                              @JsonProperty("country") String country) implements PersonEvent {
    }

    record PersonRenamed(@JsonProperty("full_name") String fullName) implements PersonEvent {
    }

    private static final Upcaster V1_TO_V2 = payload -> {
        String name = payload.remove("name").asText();
        return payload.put("full_name", name).put("nickname", name.split(" ")[0]);
    };

    @Nested
    @DisplayName("a custom codec with upcasters")
    class Upcasting {

        @Test
        @DisplayName("decodes a version-1 payload through the upcaster")
        void upcasts_version_one() {
            EventCodec<PersonEvent> codec = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2)
                    .upcaster("PersonRegistered", 1, V1_TO_V2)
                    .build();

            PersonEvent decoded = codec.decode("PersonRegistered", 1, "{\"name\":\"Ada Lovelace\"}");

            assertThat(decoded).isEqualTo(new PersonRegisteredV2("Ada Lovelace", "Ada"));
        }

        @Test
        @DisplayName("decodes a current payload as is, and encodes at the current version")
        void current_version_is_not_upcast() {
            EventCodec<PersonEvent> codec = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2)
                    .upcaster("PersonRegistered", 1, payload -> {
                        throw new AssertionError("a current payload must not be upcast");
                    })
                    .build();
            PersonRegisteredV2 event = new PersonRegisteredV2("Grace Hopper", "Amazing Grace");

            NewEvent encoded = codec.encode(EVENT_ID, event, "{}");

            assertThat(encoded.eventVersion()).isEqualTo(2);
            assertThat(encoded.eventType()).isEqualTo("PersonRegistered");
            assertThat(codec.decode("PersonRegistered", 2, encoded.data())).isEqualTo(event);
        }

        @Test
        @DisplayName("chains upcasters one version at a time, in order")
        void chains_upcasters() {
            EventCodec<PersonEvent> codec = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV3.class, 3)
                    .upcaster("PersonRegistered", 2, payload -> payload.put("country",
                            payload.get("nickname").asText().equals("Ada") ? "GB" : "??"))
                    .upcaster("PersonRegistered", 1, V1_TO_V2)
                    .build();

            assertThat(codec.decode("PersonRegistered", 1, "{\"name\":\"Ada Lovelace\"}"))
                    .isEqualTo(new PersonRegisteredV3("Ada Lovelace", "Ada", "GB"));
            assertThat(codec.decode("PersonRegistered", 2, "{\"full_name\":\"X Y\",\"nickname\":\"X\"}"))
                    .isEqualTo(new PersonRegisteredV3("X Y", "X", "??"));
        }

        @Test
        @DisplayName("refuses an older payload that is not a JSON object with EventCodecException")
        void older_payload_not_an_object() {
            EventCodec<PersonEvent> codec = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2)
                    .upcaster("PersonRegistered", 1, V1_TO_V2)
                    .build();

            assertThatThrownBy(() -> codec.decode("PersonRegistered", 1, "[1,2]"))
                    .isInstanceOf(EventCodecException.class);
            assertThatThrownBy(() -> codec.decode("PersonRegistered", 1, "{oops"))
                    .isInstanceOf(EventCodecException.class);
        }
    }

    @Nested
    @DisplayName("the builder")
    class Building {

        @Test
        @DisplayName("build() fails with IllegalStateException when version 1 has no upcaster")
        void missing_upcaster() {
            EventCodec.Builder<PersonEvent> builder = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2);

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PersonRegistered")
                    .hasMessageContaining("version 1");
        }

        @Test
        @DisplayName("build() fails when one step of the chain is missing")
        void missing_middle_upcaster() {
            EventCodec.Builder<PersonEvent> builder = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV3.class, 3)
                    .upcaster("PersonRegistered", 1, V1_TO_V2);

            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 2");
        }

        @Test
        @DisplayName("registering the same name twice fails")
        void same_name_twice() {
            EventCodec.Builder<PersonEvent> builder = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2);

            assertThatThrownBy(() -> builder.register("PersonRegistered", PersonRenamed.class, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PersonRegistered");
        }

        @Test
        @DisplayName("registering the same class under two names fails")
        void same_class_twice() {
            EventCodec.Builder<PersonEvent> builder = EventCodec.builder(PersonEvent.class)
                    .register("PersonRenamed", PersonRenamed.class, 1);

            assertThatThrownBy(() -> builder.register("PersonRenamedAgain", PersonRenamed.class, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a version below 1 is refused")
        void version_below_one() {
            assertThatThrownBy(() -> EventCodec.builder(PersonEvent.class)
                    .register("PersonRenamed", PersonRenamed.class, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("an upcaster must name a registered type, a version below the current one, once")
        void upcaster_rules() {
            EventCodec.Builder<PersonEvent> builder = EventCodec.builder(PersonEvent.class)
                    .register("PersonRegistered", PersonRegisteredV2.class, 2)
                    .upcaster("PersonRegistered", 1, V1_TO_V2);

            assertThatThrownBy(() -> builder.upcaster("Unknown", 1, V1_TO_V2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.upcaster("PersonRegistered", 2, V1_TO_V2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.upcaster("PersonRegistered", 0, V1_TO_V2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.upcaster("PersonRegistered", 1, V1_TO_V2))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
