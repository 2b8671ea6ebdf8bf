package io.chronicleledger.core;

/**
 * A running subscription (a live tail of the event store, or a consumer of the event bus). Closing it stops
 * deliveries; a delivery in progress finishes first. Closing twice is harmless.
 */
public interface Subscription extends AutoCloseable {

    /** Stops deliveries and releases the resources of this subscription. */
    @Override
    void close();
}
