package io.chronicleledger.core.store;

import java.util.List;
import java.util.Objects;

/**
 * The events to append to one stream, guarded by the version the writer saw.
 *
 * @param streamId        the stream (aggregate id), not blank
 * @param aggregateType   the type of the stream's aggregate, not blank
 * @param expectedVersion the stream's current version as the writer last read it: {@value #NO_STREAM} when
 *                        the stream must not exist yet
 * @param events          the events to append, at least one, in order
 */
public record StreamAppend(String streamId, String aggregateType, long expectedVersion, List<NewEvent> events) {

    /** The expected version of a stream that must not exist yet. */
    public static final long NO_STREAM = 0;

    /**
     * Creates and checks a stream append; the events are copied.
     *
     * @param streamId        the stream
     * @param aggregateType   the aggregate type
     * @param expectedVersion the expected current version, 0 or more
     * @param events          the events, at least one
     * @throws IllegalArgumentException when a value is out of range
     */
    public StreamAppend {
        if (streamId == null || streamId.isBlank()) {
            throw new IllegalArgumentException("streamId must not be blank");
        }
        if (aggregateType == null || aggregateType.isBlank()) {
            throw new IllegalArgumentException("aggregateType must not be blank");
        }
        if (expectedVersion < NO_STREAM) {
            throw new IllegalArgumentException("expectedVersion must be 0 or more, was " + expectedVersion);
        }
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a stream append needs at least one event");
        }
    }
}
