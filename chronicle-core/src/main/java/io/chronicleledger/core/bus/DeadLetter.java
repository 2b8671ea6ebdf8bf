package io.chronicleledger.core.bus;

import io.chronicleledger.core.store.RecordedEvent;

import java.util.Objects;

/**
 * An event that a durable consumer failed to handle as many times as the bus allows ({@code max_deliver}): the
 * bus sets it aside, so that it never blocks the events behind it, and stops delivering it to that consumer.
 *
 * @param durableName the consumer that gave up on it
 * @param event       the event
 * @param attempts    how many deliveries were made
 * @param reason      why the last one failed: the handler's exception, or that it was not acknowledged in time
 */
public record DeadLetter(String durableName, RecordedEvent event, int attempts, String reason) {

    /**
     * Creates a dead letter.
     *
     * @param durableName the consumer
     * @param event       the event
     * @param attempts    the deliveries made
     * @param reason      why the last failed
     */
    public DeadLetter {
        Objects.requireNonNull(durableName, "durableName");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Describes why a handler failed, for {@link #reason()}.
     *
     * @param failure what the handler threw, or {@code null} when it returned without acknowledging
     * @return the exception's class and message, or a sentence saying the delivery was not acknowledged
     */
    public static String reasonOf(Throwable failure) {
        if (failure == null) {
            return "not acknowledged within the ack wait";
        }
        return failure.getMessage() == null ? failure.getClass().getName()
                : failure.getClass().getName() + ": " + failure.getMessage();
    }
}
