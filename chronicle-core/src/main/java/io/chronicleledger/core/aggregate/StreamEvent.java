package io.chronicleledger.core.aggregate;

import java.util.Objects;

/**
 * An event a decision over several streams records, and the stream it goes to.
 *
 * @param streamId the stream
 * @param event    the event
 * @param <E>      the event type
 */
public record StreamEvent<E>(String streamId, E event) {

    /**
     * Checks that neither is missing.
     *
     * @param streamId the stream
     * @param event    the event
     */
    public StreamEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(event, "event");
    }
}
