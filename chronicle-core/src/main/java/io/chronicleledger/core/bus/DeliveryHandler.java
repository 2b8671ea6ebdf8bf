package io.chronicleledger.core.bus;

/**
 * Handles the deliveries of a durable consumer ({@link EventBus#subscribe}).
 */
@FunctionalInterface
public interface DeliveryHandler {

    /**
     * Handles one delivery, then acknowledges it with {@link Delivery#ack()}. Throwing (or never acknowledging)
     * makes the bus deliver the event again later.
     *
     * @param delivery the delivery
     * @throws Exception when the event could not be handled
     */
    void handle(Delivery delivery) throws Exception;
}
