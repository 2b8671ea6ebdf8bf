package io.chronicleledger.core.support;

import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a store records the new events of one stream of an append: the next global positions, the stream's
 * next versions, and {@code created_at} by the rules of {@link StreamTimestamps} (the first event at the
 * append's moment, each later one a microsecond after the one before).
 */
public final class RecordedEvents {

    private RecordedEvents() {
    }

    /**
     * Records the events of one stream of an append.
     *
     * @param stream         the stream, its expected version and its new events
     * @param positionBefore the global position just before the first of these events
     * @param at             the moment of the append ({@link StreamTimestamps#appendTime})
     * @return the recorded events, in the order of the stream's new events
     */
    public static List<RecordedEvent> of(StreamAppend stream, long positionBefore, Instant at) {
        List<RecordedEvent> recorded = new ArrayList<>(stream.events().size());
        long position = positionBefore;
        long version = stream.expectedVersion();
        Instant createdAt = at;
        for (NewEvent event : stream.events()) {
            recorded.add(new RecordedEvent(++position, event.eventId(), stream.streamId(), stream.aggregateType(),
                    event.eventType(), event.eventVersion(), ++version, event.data(), event.metadata(), createdAt));
            createdAt = StreamTimestamps.next(createdAt, createdAt);
        }
        return recorded;
    }
}
