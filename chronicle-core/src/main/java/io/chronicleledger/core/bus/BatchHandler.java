package io.chronicleledger.core.bus;

import java.util.List;

/**
 * Handles the deliveries of a durable consumer a batch at a time ({@link EventBus#subscribeBatches}): what a
 * projector uses to apply a backlog in few database transactions.
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * Handles a batch of deliveries, then acknowledges each with {@link Delivery#ack()}.
     *
     * <p>Throwing does not fail the whole batch: the bus hands each delivery of it that is not acknowledged to
     * this handler again at once, alone in a batch of one, so that an event that cannot be handled fails
     * alone (and is delivered again later, or becomes a dead letter) while the others go through.
     *
     * @param deliveries one or more deliveries, in the order the bus delivered them
     * @throws Exception when the events could not be handled
     */
    void handle(List<Delivery> deliveries) throws Exception;
}
