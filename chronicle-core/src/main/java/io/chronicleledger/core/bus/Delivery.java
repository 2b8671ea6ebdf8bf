package io.chronicleledger.core.bus;

import io.chronicleledger.core.store.RecordedEvent;

/**
 * One delivery of an event to a durable consumer. Acknowledge it once handled; an unacknowledged delivery is
 * made again after the bus's ack wait.
 */
public interface Delivery {

    /**
     * Returns the delivered event.
     *
     * @return the event
     */
    RecordedEvent event();

    /**
     * Returns which delivery of this event to this consumer this is: 1 for the first, more for redeliveries.
     *
     * @return the delivery attempt, 1 or more
     */
    int attempt();

    /** Acknowledges the event: the consumer is done with it, and it is not delivered again. */
    void ack();

    /**
     * Tells the bus that the consumer is still working on the event: its ack wait starts over, so it is not
     * delivered again (nor counted as a failed attempt) meanwhile. A consumer waiting for its own storage to come
     * back calls it more often than the ack wait. This default does nothing, for a bus without an ack wait.
     */
    default void inProgress() {
    }
}
