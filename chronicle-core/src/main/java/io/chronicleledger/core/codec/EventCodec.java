package io.chronicleledger.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.Json;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Encodes typed events into {@link NewEvent}s and decodes {@link RecordedEvent}s back, with jackson-databind.
 *
 * <p>Every event type is registered explicitly with its name (the stored {@code event_type}), its Java class
 * and its current schema version. Payloads stored at an older version are upcast, one version at a time, by
 * the registered {@link Upcaster}s before they are mapped; {@link Builder#build()} checks that every older
 * version has a path to the current one. Instances are immutable and thread-safe.
 *
 * @param <E> the base type of the events
 */
public final class EventCodec<E> {

    private final ObjectMapper mapper;
    private final Map<String, Registration<? extends E>> byName;
    private final Map<Class<?>, Registration<? extends E>> byClass;

    private EventCodec(ObjectMapper mapper, Map<String, Registration<? extends E>> byName) {
        this.mapper = mapper;
        this.byName = Map.copyOf(byName);
        Map<Class<?>, Registration<? extends E>> classes = new HashMap<>();
        byName.values().forEach(registration -> classes.put(registration.type, registration));
        this.byClass = Map.copyOf(classes);
    }

    /**
     * Starts a codec for events of a base type.
     *
     * @param baseType the base type of the events (often a sealed interface)
     * @param <E>      the base type
     * @return a builder
     */
    public static <E> Builder<E> builder(Class<E> baseType) {
        Objects.requireNonNull(baseType, "baseType");
        return new Builder<>();
    }

    /**
     * Returns the registered name of an event's type.
     *
     * @param event an event of a registered class
     * @return its event type name
     * @throws EventCodecException when the class is not registered
     */
    public String typeName(E event) {
        return registration(event).name;
    }

    /**
     * Encodes an event at its current schema version.
     *
     * @param eventId  the id to give the event
     * @param event    the event
     * @param metadata the metadata, JSON text
     * @return the event to append
     * @throws EventCodecException when the class is not registered or the event does not serialize
     */
    public NewEvent encode(UUID eventId, E event, String metadata) {
        Registration<? extends E> registration = registration(event);
        try {
            return new NewEvent(eventId, registration.name, registration.version,
                    registration.writer.writeValueAsString(event), metadata);
        } catch (JsonProcessingException e) {
            throw new EventCodecException("cannot encode " + registration.name, e);
        }
    }

    /**
     * Decodes a recorded event, upcasting its payload when it was stored at an older version.
     *
     * @param event the recorded event
     * @return the typed event
     * @throws EventCodecException when the type is unknown or the payload does not decode
     */
    public E decode(RecordedEvent event) {
        return decode(event.eventType(), event.eventVersion(), event.data());
    }

    /**
     * Decodes a payload, upcasting it when it was stored at an older version.
     *
     * @param eventType    the event type name
     * @param eventVersion the payload's schema version
     * @param data         the payload, JSON text
     * @return the typed event
     * @throws EventCodecException when the type is unknown, the version is outside 1 to the current one, or
     *                             the payload is not a JSON object of the event
     */
    public E decode(String eventType, int eventVersion, String data) {
        Registration<? extends E> registration = byName.get(eventType);
        if (registration == null) {
            throw new EventCodecException("unknown event type " + eventType);
        }
        if (eventVersion < 1 || eventVersion > registration.version) {
            throw new EventCodecException(eventType + " version " + eventVersion
                    + " is outside the versions this codec knows, 1 to " + registration.version);
        }
        try {
            E decoded = eventVersion == registration.version
                    ? registration.reader.readValue(data)
                    : upcast(registration, eventVersion, data);
            if (decoded == null) {
                throw new EventCodecException(eventType + " payload is not a JSON object");
            }
            return decoded;
        } catch (IOException e) {
            throw new EventCodecException("cannot decode " + eventType + " version " + eventVersion, e);
        }
    }

    private <T extends E> T upcast(Registration<T> registration, int eventVersion, String data)
            throws IOException {
        JsonNode payload = mapper.readTree(data);
        if (!(payload instanceof ObjectNode)) {
            throw new EventCodecException(registration.name + " payload is not a JSON object");
        }
        ObjectNode upcast = (ObjectNode) payload;
        for (int version = eventVersion; version < registration.version; version++) {
            upcast = registration.upcasters.get(version).upcast(upcast);
        }
        return registration.reader.readValue(upcast);
    }

    private Registration<? extends E> registration(E event) {
        Registration<? extends E> registration = byClass.get(event.getClass());
        if (registration == null) {
            throw new EventCodecException("event class " + event.getClass().getName() + " is not registered");
        }
        return registration;
    }

    private static final class Registration<T> {
        final String name;
        final Class<T> type;
        final int version;
        final ObjectReader reader;
        final ObjectWriter writer;
        final Map<Integer, Upcaster> upcasters = new HashMap<>();

        Registration(ObjectMapper mapper, String name, Class<T> type, int version) {
            this.name = name;
            this.type = type;
            this.version = version;
            this.reader = mapper.readerFor(type);
            this.writer = mapper.writerFor(type);
        }
    }

    /**
     * Registers event types and upcasters, then builds the codec.
     *
     * @param <E> the base type of the events
     */
    public static final class Builder<E> {

        private final ObjectMapper mapper = Json.mapper();
        private final Map<String, Registration<? extends E>> byName = new HashMap<>();

        private Builder() {
        }

        /**
         * Registers an event type.
         *
         * @param name           the stored event type name
         * @param type           the Java class
         * @param currentVersion the schema version new events are written at, 1 or more
         * @param <T>            the event class
         * @return this builder
         * @throws IllegalArgumentException when the name or class is already registered, or the version is
         *                                  below 1
         */
        public <T extends E> Builder<E> register(String name, Class<T> type, int currentVersion) {
            if (currentVersion < 1) {
                throw new IllegalArgumentException("currentVersion must be 1 or more");
            }
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("event type " + name + " is already registered");
            }
            if (byName.values().stream().anyMatch(registration -> registration.type == type)) {
                throw new IllegalArgumentException(type.getName() + " is already registered");
            }
            byName.put(name, new Registration<>(mapper, name, type, currentVersion));
            return this;
        }

        /**
         * Registers the upcaster of an event type from one version to the next.
         *
         * @param name        a registered event type name
         * @param fromVersion the version the upcaster reads; it writes {@code fromVersion + 1}
         * @param upcaster    the upcaster
         * @return this builder
         * @throws IllegalArgumentException when the type is unknown, the version is not below the current one,
         *                                  or an upcaster is already registered for it
         */
        public Builder<E> upcaster(String name, int fromVersion, Upcaster upcaster) {
            Registration<? extends E> registration = byName.get(name);
            if (registration == null) {
                throw new IllegalArgumentException("register " + name + " before its upcasters");
            }
            if (fromVersion < 1 || fromVersion >= registration.version) {
                throw new IllegalArgumentException("an upcaster of " + name + " reads a version from 1 to "
                        + (registration.version - 1) + ", not " + fromVersion);
            }
            if (registration.upcasters.putIfAbsent(fromVersion, Objects.requireNonNull(upcaster)) != null) {
                throw new IllegalArgumentException(name + " already has an upcaster from version " + fromVersion);
            }
            return this;
        }

        /**
         * Builds the codec.
         *
         * @return the codec
         * @throws IllegalStateException when an older version of a type has no upcaster
         */
        public EventCodec<E> build() {
            for (Registration<? extends E> registration : byName.values()) {
                for (int version = 1; version < registration.version; version++) {
                    if (!registration.upcasters.containsKey(version)) {
                        throw new IllegalStateException(registration.name + " has no upcaster from version "
                                + version + " to " + (version + 1));
                    }
                }
            }
            return new EventCodec<>(mapper, byName);
        }
    }
}
