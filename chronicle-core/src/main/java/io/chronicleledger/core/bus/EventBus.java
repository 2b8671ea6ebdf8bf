package io.chronicleledger.core.bus;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.List;

/**
 * Distributes recorded events to durable consumers.
 *
 * <h2>Delivery guarantees</h2>
 * <ul>
 *   <li><b>Deduplicated publishing.</b> Publishing an event whose {@code event_id} the bus has already
 *   accepted does nothing (a real bus may bound this by a duplicate window; the in-memory bus keeps every id),
 *   so a relay may publish again whatever it is unsure of.</li>
 *   <li><b>At least once.</b> A new durable consumer starts with the oldest event the bus holds; every event
 *   from there on is delivered to it until it is acknowledged. An event not acknowledged within the bus's ack wait, or whose handler threw,
 *   is delivered again. Handlers must therefore be idempotent (a projection checks stream versions).</li>
 *   <li><b>Durable.</b> A consumer is identified by its durable name: closing a subscription and subscribing
 *   again under the same name resumes where it stopped, redelivering what was not acknowledged.</li>
 *   <li><b>Order.</b> First deliveries follow publish order; redeliveries may come later than newer events.
 *   Consumers that need per-stream order check {@code stream_version}.</li>
 * </ul>
 * Implementations are safe for use by many threads.
 */
public interface EventBus {

    /**
     * Publishes events, in order. Returns once the bus has accepted them; events it already holds are
     * skipped.
     *
     * @param events recorded events, usually the events of one append
     */
    void publish(List<RecordedEvent> events);

    /**
     * Subscribes a durable consumer. Creates the consumer on first use; resumes it afterwards. A durable
     * consumer may have one active subscription at a time.
     *
     * @param durableName the consumer's name: 1 to 64 letters, digits, {@code -} and {@code _}
     * @param handler     receives the deliveries, one at a time, on a thread of the bus's
     * @return the running subscription; close it to stop
     * @throws IllegalStateException when the consumer already has an active subscription
     */
    Subscription subscribe(String durableName, DeliveryHandler handler);
}
