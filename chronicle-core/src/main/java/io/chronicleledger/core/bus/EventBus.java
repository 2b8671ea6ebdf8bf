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
 *   <li><b>Order.</b> First deliveries follow publish order within each stream (aggregate); a bus may
 *   interleave the streams of one {@link #publish} call differently (the JetStream bus sends the n-th event of
 *   every stream before the (n+1)-th of any, to keep each stream in order across reconnects). Redeliveries may
 *   come later than newer events. Consumers that need per-stream order check {@code stream_version}.</li>
 *   <li><b>Shared work.</b> Several subscriptions of one durable consumer, in one process or in several,
 *   share its events: each event goes to one of them at a time, and to another after the ack wait when it is not
 *   acknowledged. This is how projectors scale out. With more than one subscription, first deliveries no longer
 *   follow publish order across the subscriptions.</li>
 *   <li><b>Dead letters.</b> An event that a consumer fails to handle {@code max_deliver} times (its handler
 *   threw, or did not acknowledge it within the ack wait) is set aside for that consumer: it is kept where an
 *   operator can find it, reported to the bus's {@link DeadLetterListener}, and not delivered to that consumer
 *   again, so that it never blocks the events behind it.</li>
 * </ul>
 * Implementations are safe for use by many threads.
 */
public interface EventBus {

    /**
     * Publishes events, in order within each stream. Returns once the bus has accepted them; events it already
     * holds are skipped.
     *
     * @param events recorded events, usually the events of one append
     */
    void publish(List<RecordedEvent> events);

    /**
     * Subscribes to a durable consumer. Creates the consumer on first use; resumes it afterwards. Every
     * subscription of one consumer, here or in another process, takes a share of its events.
     *
     * @param durableName the consumer's name: 1 to 64 letters, digits, {@code -} and {@code _}
     * @param handler     receives this subscription's deliveries, one at a time, on a thread of the bus's
     * @return the running subscription; close it to stop
     * @throws IllegalArgumentException when the name is not valid
     */
    Subscription subscribe(String durableName, DeliveryHandler handler);

    /**
     * Subscribes to a durable consumer like {@link #subscribe}, handing the deliveries over in batches: the
     * deliveries that are there when the handler is free, up to {@code maxBatchSize}, without waiting to fill a
     * batch. A batch is never empty. Every guarantee of the class holds for each delivery of a batch.
     *
     * <p>This default hands over batches of one; both buses of this project override it.
     *
     * @param durableName  the consumer's name: 1 to 64 letters, digits, {@code -} and {@code _}
     * @param maxBatchSize the most deliveries in one batch, 1 or more
     * @param handler      receives this subscription's batches, one at a time, on a thread of the bus's
     * @return the running subscription; close it to stop
     * @throws IllegalArgumentException when the name or the batch size is not valid
     */
    default Subscription subscribeBatches(String durableName, int maxBatchSize, BatchHandler handler) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one delivery: " + maxBatchSize);
        }
        return subscribe(durableName, delivery -> handler.handle(List.of(delivery)));
    }
}
