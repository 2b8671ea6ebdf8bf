package io.chronicleledger.core.store;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A page of the global log: events after a position, in position order, optionally of one stream and of some
 * event types.
 *
 * @param afterPosition the position to read after (0 reads from the start)
 * @param limit         the page size, 1 to {@value #MAX_LIMIT}
 * @param streamId      only events of this stream, if given
 * @param eventTypes    only events of these types; empty for every type
 */
public record GlobalLogQuery(long afterPosition, int limit, Optional<String> streamId, Set<String> eventTypes) {

    /** The largest page a store must serve. */
    public static final int MAX_LIMIT = 10_000;

    /**
     * Creates and checks a query; the event types are copied.
     *
     * @param afterPosition the position to read after, 0 or more
     * @param limit         the page size
     * @param streamId      the stream filter
     * @param eventTypes    the event type filter
     * @throws IllegalArgumentException when a value is out of range
     */
    public GlobalLogQuery {
        if (afterPosition < 0) {
            throw new IllegalArgumentException("afterPosition must be 0 or more, was " + afterPosition);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        Objects.requireNonNull(streamId, "streamId");
        eventTypes = Set.copyOf(eventTypes);
    }

    /**
     * Returns a query of every event after a position.
     *
     * @param afterPosition the position to read after
     * @param limit         the page size
     * @return the query
     */
    public static GlobalLogQuery after(long afterPosition, int limit) {
        return new GlobalLogQuery(afterPosition, limit, Optional.empty(), Set.of());
    }

    /**
     * Returns this query restricted to one stream.
     *
     * @param stream the stream
     * @return the narrowed query
     */
    public GlobalLogQuery stream(String stream) {
        return new GlobalLogQuery(afterPosition, limit, Optional.of(stream), eventTypes);
    }

    /**
     * Returns this query restricted to some event types.
     *
     * @param types the event types
     * @return the narrowed query
     */
    public GlobalLogQuery types(Set<String> types) {
        return new GlobalLogQuery(afterPosition, limit, streamId, types);
    }

    /**
     * Returns whether an event passes the stream and type filters (the position is not checked).
     *
     * @param event the event
     * @return {@code true} when the filters accept the event
     */
    public boolean matches(RecordedEvent event) {
        return streamId.map(event.aggregateId()::equals).orElse(true)
                && (eventTypes.isEmpty() || eventTypes.contains(event.eventType()));
    }
}
