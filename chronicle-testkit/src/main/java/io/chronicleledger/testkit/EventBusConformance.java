package io.chronicleledger.testkit;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.DeadLetterListener;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite of {@link EventBus}: every adapter extends it and passes it. A test gets a bus from
 * {@link #createEventBus()} and hands it to {@link #cleanUp(EventBus)} afterwards:
 *
 * <pre>{@code
 * class MyEventBusConformanceTest extends EventBusConformance {
 *     @Override
 *     protected EventBus createEventBus() {
 *         return MyEventBus.builder().url(URL)
 *                 .ackWait(ackWait()).maxDeliver(maxDeliver()).deadLetterListener(deadLetterListener())
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * <h2>Ack wait</h2>
 * The redelivery tests wait for the bus to deliver unacknowledged events again, so {@link #createEventBus()}
 * must configure the bus with the short ack wait {@link #ackWait()} returns (one second by default; a
 * subclass may override it, the in-memory test uses a quarter of a second). To check that an acknowledged event
 * does not come again, a test watches its consumer for {@link #quietPeriod()}, by default twice the ack wait.
 * No test asserts a duration.
 *
 * <h2>Dead letters</h2>
 * The bus must also give up on an event after {@link #maxDeliver()} deliveries to one consumer (3 by default)
 * and report it to {@link #deadLetterListener()}, the suite's listener.
 *
 * <h2>Shared brokers</h2>
 * The bus may hold the events and durable consumers of earlier tests and runs: every test names its durable
 * consumers and its stream with a random suffix, and its consumers acknowledge and ignore events of other
 * streams (a new durable consumer starts with the oldest event the bus holds).
 */
public abstract class EventBusConformance {

    private static final Instant EPOCH = Instant.parse("2024-03-01T09:00:00Z");
    private static final DeliveryHandler ACKNOWLEDGE = Delivery::ack;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Inbox<DeadLetter> deadLetters = new Inbox<>(Duration.ofMinutes(1));
    private final AtomicLong positions = new AtomicLong();
    private EventBus bus;
    private String suffix;
    private String streamId;

    /** Creates the suite; called by the subclass of an adapter. */
    protected EventBusConformance() {
    }

    /**
     * Creates the bus under test; called before each test. The bus must use {@link #ackWait()} as its ack
     * wait. It may be a new bus or one on a broker that earlier tests used.
     *
     * @return the bus
     */
    protected abstract EventBus createEventBus();

    /**
     * Releases what {@link #createEventBus()} acquired; called after each test, once the suite has closed the
     * test's subscriptions. Does nothing by default.
     *
     * @param bus the bus of the test
     * @throws Exception when the bus cannot be released
     */
    protected void cleanUp(EventBus bus) throws Exception {
    }

    /**
     * Returns the ack wait that {@link #createEventBus()} must configure: how long a delivery may stay
     * unacknowledged before the bus delivers it again. Keep it short (one second or less), since the
     * redelivery tests wait for it.
     *
     * @return the ack wait, one second by default
     */
    protected Duration ackWait() {
        return Duration.ofSeconds(1);
    }

    /**
     * Returns how many times the bus that {@link #createEventBus()} makes delivers an event to one consumer
     * before it gives up on it.
     *
     * @return the most deliveries, 3 by default
     */
    protected int maxDeliver() {
        return 3;
    }

    /**
     * Returns the listener that {@link #createEventBus()} must give the bus for its dead letters; the suite
     * checks what it hears.
     *
     * @return the suite's dead-letter listener
     */
    protected final DeadLetterListener deadLetterListener() {
        return deadLetters::add;
    }

    /**
     * Returns how long a test waits for an expected delivery before it fails; by default ten seconds plus twice
     * the ack wait. A wait that succeeds returns at once.
     *
     * @return the longest wait for one delivery
     */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(10).plus(ackWait().multipliedBy(2));
    }

    /**
     * Returns how long a test watches a consumer for a delivery that must not come (a duplicate, or the
     * redelivery of an acknowledged event). It must exceed the ack wait; by default it is twice the ack wait.
     *
     * @return the watch period
     */
    protected Duration quietPeriod() {
        return ackWait().multipliedBy(2);
    }

    /**
     * Returns the bus of the running test.
     *
     * @return the bus made by {@link #createEventBus()} for this test
     */
    protected final EventBus bus() {
        return bus;
    }

    /**
     * Returns a durable consumer name that is unique to the running test, for tests a subclass adds.
     *
     * @param name a readable name, such as {@code projector}
     * @return the name with the test's random suffix
     */
    protected final String durableName(String name) {
        return name + "-" + suffix;
    }

    @BeforeEach
    void setUpEventBus() {
        suffix = UniqueNames.suffix();
        streamId = "bus-" + suffix;
        bus = Objects.requireNonNull(createEventBus(), "createEventBus() returned null");
    }

    @AfterEach
    void tearDownEventBus() throws Exception {
        try {
            subscriptions.forEach(Subscription::close);
        } finally {
            subscriptions.clear();
            cleanUp(bus);
        }
    }

    @Nested
    @DisplayName("Publishing and subscribing")
    class PublishAndSubscribe {

        @Test
        @DisplayName("a durable consumer receives the events in publish order, at the first attempt")
        void publishOrder() throws Exception {
            List<RecordedEvent> events = events(5);
            Consumer consumer = subscribe(durableName("ordered"), ACKNOWLEDGE);

            bus.publish(events.subList(0, 2));
            bus.publish(events.subList(2, 3));
            bus.publish(events.subList(3, 5));

            assertThat(seen(consumer.take(5))).containsExactlyElementsOf(firstAttempts(events));
        }

        @Test
        @DisplayName("a new durable consumer also receives the events published before it subscribed")
        void publishedBeforeSubscribe() throws Exception {
            List<RecordedEvent> events = events(3);
            bus.publish(events);

            Consumer consumer = subscribe(durableName("late"), ACKNOWLEDGE);

            assertThat(seen(consumer.take(3))).containsExactlyElementsOf(firstAttempts(events));
        }

        @Test
        @DisplayName("deliveries run asynchronously, on a thread of the bus")
        void asynchronous() throws Exception {
            Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
            Consumer consumer = subscribe(durableName("async"), delivery -> {
                handlerThreads.add(Thread.currentThread());
                delivery.ack();
            });

            bus.publish(events(2));

            consumer.take(2);
            assertThat(handlerThreads).isNotEmpty().doesNotContain(Thread.currentThread());
        }

        @Test
        @DisplayName("a delivery carries the event as published")
        void eventAsPublished() throws Exception {
            RecordedEvent event = new RecordedEvent(positions.incrementAndGet(), UUID.randomUUID(), streamId,
                    "Account", "MoneyDeposited", 3, 7, "{\"amount\":\"12.50\",\"note\":\"💸 שלום\"}",
                    "{\"actor\":\"teller-7\"}", EPOCH.plusNanos(123_456_000));
            Consumer consumer = subscribe(durableName("fields"), ACKNOWLEDGE);

            bus.publish(List.of(event));

            RecordedEvent delivered = consumer.next().event();
            assertThat(delivered).usingRecursiveComparison(EventAssertions.SAME_EVENT).isEqualTo(event);
        }
    }

    @Nested
    @DisplayName("Deduplication by event id")
    class Deduplication {

        @Test
        @DisplayName("an event published twice in one call is delivered once")
        void duplicateInOneCall() throws Exception {
            List<RecordedEvent> events = events(2);
            Consumer consumer = subscribe(durableName("dedupe"), ACKNOWLEDGE);

            bus.publish(List.of(events.get(0), events.get(0), events.get(1), events.get(0)));

            assertThat(seen(consumer.take(2))).containsExactlyElementsOf(firstAttempts(events));
            consumer.assertNothingMore();
        }

        @Test
        @DisplayName("an event published again in a later call is delivered once, even after its ack")
        void duplicateInLaterCall() throws Exception {
            List<RecordedEvent> events = events(3);
            Consumer consumer = subscribe(durableName("dedupe"), ACKNOWLEDGE);
            bus.publish(events.subList(0, 2));
            consumer.take(2);

            bus.publish(events);

            assertThat(seen(consumer.take(1))).containsExactlyElementsOf(firstAttempts(events.subList(2, 3)));
            consumer.assertNothingMore();
        }
    }

    @Nested
    @DisplayName("Redelivery")
    class Redelivery {

        @Test
        @DisplayName("a delivery that is not acknowledged comes again, as attempt 2, after the ack wait")
        void notAcknowledged() throws Exception {
            RecordedEvent event = events(1).get(0);
            Consumer consumer = subscribe(durableName("forgetful"), delivery -> {
                if (delivery.attempt() > 1) {
                    delivery.ack();
                }
            });

            bus.publish(List.of(event));

            assertThat(seen(consumer.take(2))).containsExactly(new Seen(event.eventId(), 1), new Seen(event.eventId(), 2));
            consumer.assertNothingMore();
        }

        @Test
        @DisplayName("an event whose handler threw comes again")
        void handlerThrew() throws Exception {
            RecordedEvent event = events(1).get(0);
            Consumer consumer = subscribe(durableName("failing"), delivery -> {
                if (delivery.attempt() == 1) {
                    throw new IllegalStateException("deliberate failure: the bus must deliver this event again");
                }
                delivery.ack();
            });

            bus.publish(List.of(event));

            assertThat(seen(consumer.take(2))).containsExactly(new Seen(event.eventId(), 1), new Seen(event.eventId(), 2));
            consumer.assertNothingMore();
        }

        @Test
        @DisplayName("a delivery its handler keeps in progress past the ack wait is not delivered again meanwhile, "
                + "not even to another subscription")
        void keptInProgress() throws Exception {
            RecordedEvent event = events(1).get(0);
            String name = durableName("slow");
            Inbox<Delivery> deliveries = new Inbox<>(deliveryTimeout());
            long pauseMillis = ackWait().toMillis() / 2;
            subscribe(name, delivery -> {
                for (int i = 0; i < 5; i++) { // two and a half ack waits in all
                    delivery.inProgress();
                    Thread.sleep(pauseMillis);
                }
                delivery.ack();
            }, deliveries);

            bus.publish(List.of(event));

            assertThat(seen(deliveries.take(1))).containsExactly(new Seen(event.eventId(), 1));
            subscribe(name, ACKNOWLEDGE, deliveries); // free to take a redelivery while the first one works
            deliveries.assertNothingWithin(ackWait().multipliedBy(3).plus(quietPeriod()));
        }

        @Test
        @DisplayName("an acknowledged event is not delivered again")
        void acknowledged() throws Exception {
            List<RecordedEvent> events = events(3);
            Consumer consumer = subscribe(durableName("diligent"), ACKNOWLEDGE);

            bus.publish(events);

            assertThat(seen(consumer.take(3))).containsExactlyElementsOf(firstAttempts(events));
            consumer.assertNothingMore();
        }
    }

    @Nested
    @DisplayName("Durable consumers")
    class DurableConsumers {

        @Test
        @DisplayName("a consumer that subscribes again gets what it did not acknowledge and what was published "
                + "while it was away, never what it acknowledged")
        void resume() throws Exception {
            String name = durableName("resuming");
            List<RecordedEvent> events = events(3);
            RecordedEvent acknowledged = events.get(0);
            RecordedEvent unacknowledged = events.get(1);
            RecordedEvent publishedWhileAway = events.get(2);
            Consumer first = subscribe(name, delivery -> {
                if (delivery.event().eventId().equals(acknowledged.eventId())) {
                    delivery.ack();
                }
            });
            bus.publish(events.subList(0, 2));
            assertThat(seen(first.take(2))).containsExactlyElementsOf(firstAttempts(events.subList(0, 2)));
            first.close();

            bus.publish(List.of(publishedWhileAway));
            Consumer second = subscribe(name, ACKNOWLEDGE);

            // A redelivery may come after newer events; the in-memory bus, like JetStream, redelivers the
            // unacknowledged event only once its ack wait has passed.
            List<Seen> resumed = seen(second.take(2));
            assertThat(resumed).extracting(Seen::eventId)
                    .containsExactlyInAnyOrder(unacknowledged.eventId(), publishedWhileAway.eventId());
            assertThat(resumed).contains(new Seen(publishedWhileAway.eventId(), 1));
            assertThat(resumed).filteredOn(seen -> seen.eventId().equals(unacknowledged.eventId()))
                    .allSatisfy(seen -> assertThat(seen.attempt()).as("attempt of a redelivery").isGreaterThan(1));
            second.assertNothingMore();
        }

        @Test
        @DisplayName("independent durable consumers each receive every event")
        void independentConsumers() throws Exception {
            List<RecordedEvent> events = events(4);
            Consumer projector = subscribe(durableName("projector"), ACKNOWLEDGE);
            Consumer notifier = subscribe(durableName("notifier"), ACKNOWLEDGE);

            bus.publish(events);

            assertThat(seen(projector.take(4))).containsExactlyElementsOf(firstAttempts(events));
            assertThat(seen(notifier.take(4))).containsExactlyElementsOf(firstAttempts(events));
        }

    }

    @Nested
    @DisplayName("Shared work")
    class SharedWork {

        @Test
        @DisplayName("two subscriptions of one durable consumer receive each event once between them")
        void eachEventOnce() throws Exception {
            String name = durableName("shared");
            List<RecordedEvent> events = events(40);
            Inbox<Delivery> both = new Inbox<>(deliveryTimeout());
            Consumer first = subscribe(name, ACKNOWLEDGE, both);
            Consumer second = subscribe(name, ACKNOWLEDGE, both);

            bus.publish(events);

            assertThat(seen(both.take(events.size()))).containsExactlyInAnyOrderElementsOf(firstAttempts(events));
            first.assertNothingMore();
            second.assertNothingMore();
        }

        @Test
        @DisplayName("when one subscription of a consumer closes, the other one receives what is published next")
        void survivorTakesOver() throws Exception {
            String name = durableName("survivor");
            List<RecordedEvent> events = events(6);
            Inbox<Delivery> both = new Inbox<>(deliveryTimeout());
            Consumer leaving = subscribe(name, ACKNOWLEDGE, both);
            Consumer staying = subscribe(name, ACKNOWLEDGE, both);
            bus.publish(events.subList(0, 3));
            assertThat(seen(both.take(3))).containsExactlyInAnyOrderElementsOf(firstAttempts(events.subList(0, 3)));

            leaving.close();
            bus.publish(events.subList(3, 6));

            assertThat(seen(both.take(3))).containsExactlyInAnyOrderElementsOf(firstAttempts(events.subList(3, 6)));
            staying.assertNothingMore();
        }
    }

    @Nested
    @DisplayName("Dead letters")
    class DeadLetters {

        @Test
        @DisplayName("an event whose handler fails max_deliver times becomes a dead letter, and the events behind it "
                + "still arrive")
        void poisonMessage() throws Exception {
            List<RecordedEvent> events = events(3);
            RecordedEvent poison = events.get(1);
            String name = durableName("poisoned");
            Consumer consumer = subscribe(name, delivery -> {
                if (delivery.event().eventId().equals(poison.eventId())) {
                    throw new IllegalStateException("deliberate failure: this event is poison");
                }
                delivery.ack();
            });

            bus.publish(events);

            DeadLetter letter = nextDeadLetter(name);
            assertThat(letter.event().eventId()).isEqualTo(poison.eventId());
            assertThat(letter.attempts()).isEqualTo(maxDeliver());
            assertThat(letter.reason()).contains("this event is poison");
            List<Seen> seen = seen(consumer.take(2 + maxDeliver()));
            assertThat(seen).filteredOn(s -> s.eventId().equals(poison.eventId())).extracting(Seen::attempt)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, maxDeliver()).boxed().toList());
            assertThat(seen).contains(new Seen(events.get(0).eventId(), 1), new Seen(events.get(2).eventId(), 1));
            consumer.assertNothingMore();
        }

        @Test
        @DisplayName("an event never acknowledged becomes a dead letter after max_deliver deliveries")
        void neverAcknowledged() throws Exception {
            RecordedEvent event = events(1).get(0);
            String name = durableName("silent");
            Consumer consumer = subscribe(name, delivery -> { });

            bus.publish(List.of(event));

            DeadLetter letter = nextDeadLetter(name);
            assertThat(letter.event()).usingRecursiveComparison(EventAssertions.SAME_EVENT).isEqualTo(event);
            assertThat(letter.attempts()).isEqualTo(maxDeliver());
            assertThat(seen(consumer.take(maxDeliver()))).extracting(Seen::attempt)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, maxDeliver()).boxed().toList());
            consumer.assertNothingMore();
        }

        @Test
        @DisplayName("a dead letter of one consumer is still delivered to the others")
        void otherConsumersUnaffected() throws Exception {
            RecordedEvent event = events(1).get(0);
            String failing = durableName("failing");
            subscribe(failing, delivery -> {
                throw new IllegalStateException("deliberate failure");
            });
            Consumer healthy = subscribe(durableName("healthy"), ACKNOWLEDGE);

            bus.publish(List.of(event));

            assertThat(nextDeadLetter(failing).event().eventId()).isEqualTo(event.eventId());
            assertThat(seen(healthy.take(1))).containsExactly(new Seen(event.eventId(), 1));
        }
    }

    @Nested
    @DisplayName("Batches (subscribeBatches)")
    class Batches {

        @Test
        @DisplayName("a backlog arrives in batches of more than one and at most the batch size, each event once, in "
                + "publish order")
        void backlogInBatches() throws Exception {
            List<RecordedEvent> events = events(60);
            bus.publish(events);
            Inbox<Delivery> deliveries = new Inbox<>(deliveryTimeout());
            List<Integer> sizes = new CopyOnWriteArrayList<>();

            track(bus.subscribeBatches(durableName("batched"), 16, batch -> {
                if (sizes.isEmpty()) {
                    Thread.sleep(100); // lets the rest of the backlog reach the subscription
                }
                sizes.add(batch.size());
                for (Delivery delivery : batch) {
                    if (delivery.event().aggregateId().equals(streamId)) {
                        deliveries.add(delivery);
                    }
                    delivery.ack();
                }
            }));

            assertThat(seen(deliveries.take(events.size()))).containsExactlyElementsOf(firstAttempts(events));
            deliveries.assertNothingWithin(quietPeriod());
            assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 16));
            assertThat(sizes).as("batch sizes").anySatisfy(size -> assertThat(size).isGreaterThan(1));
        }

        @Test
        @DisplayName("when a batch fails, its events are handed over again one at a time: the one that fails alone "
                + "is delivered again until it is a dead letter, the others are acknowledged at their first attempt")
        void failingBatch() throws Exception {
            List<RecordedEvent> events = events(5);
            RecordedEvent poison = events.get(2);
            String name = durableName("batch-poisoned");
            Inbox<Delivery> deliveries = new Inbox<>(deliveryTimeout());
            bus.publish(events);

            track(bus.subscribeBatches(name, 10, batch -> {
                boolean poisoned = false;
                for (Delivery delivery : batch) {
                    if (delivery.event().aggregateId().equals(streamId)) {
                        deliveries.add(delivery);
                        poisoned |= delivery.event().eventId().equals(poison.eventId());
                    }
                }
                if (poisoned) {
                    throw new IllegalStateException("deliberate failure: this batch holds poison");
                }
                batch.forEach(Delivery::ack);
            }));

            DeadLetter letter = nextDeadLetter(name);
            assertThat(letter.event().eventId()).isEqualTo(poison.eventId());
            assertThat(letter.attempts()).isEqualTo(maxDeliver());
            List<Seen> seen = new ArrayList<>();
            Delivery delivery;
            while ((delivery = deliveries.poll()) != null) {
                seen.add(new Seen(delivery.event().eventId(), delivery.attempt()));
            }
            assertThat(seen).filteredOn(s -> s.eventId().equals(poison.eventId())).extracting(Seen::attempt)
                    .containsAll(IntStream.rangeClosed(1, maxDeliver()).boxed().toList());
            assertThat(seen).filteredOn(s -> !s.eventId().equals(poison.eventId()))
                    .as("the events beside the poison, never delivered again")
                    .extracting(Seen::attempt).containsOnly(1);
            assertThat(seen).extracting(Seen::eventId).containsAll(events.stream().map(RecordedEvent::eventId)
                    .toList());
            deliveries.assertNothingWithin(quietPeriod());
        }
    }

    /** Returns the next dead letter of this test's stream, failing the test when it does not come. */
    private DeadLetter nextDeadLetter(String durableName) throws InterruptedException {
        while (true) {
            DeadLetter letter = deadLetters.next();
            if (letter.event().aggregateId().equals(streamId)) {
                assertThat(letter.durableName()).isEqualTo(durableName);
                return letter;
            }
        }
    }

    /** An event and the attempt at which a consumer received it. */
    private record Seen(UUID eventId, int attempt) {
    }

    /** A subscribed durable consumer and the deliveries of this test's events it received. */
    private final class Consumer {
        private final Inbox<Delivery> deliveries;
        private final Subscription subscription;

        Consumer(String durableName, DeliveryHandler reaction, Inbox<Delivery> deliveries) {
            this.deliveries = deliveries;
            subscription = track(bus.subscribe(durableName, delivery -> {
                if (!delivery.event().aggregateId().equals(streamId)) {
                    delivery.ack(); // left on a shared broker by another test
                    return;
                }
                deliveries.add(delivery);
                reaction.handle(delivery);
            }));
        }

        Delivery next() throws InterruptedException {
            return deliveries.next();
        }

        List<Delivery> take(int count) throws InterruptedException {
            return deliveries.take(count);
        }

        void assertNothingMore() throws InterruptedException {
            deliveries.assertNothingWithin(quietPeriod());
        }

        void close() {
            subscription.close();
        }
    }

    private Consumer subscribe(String durableName, DeliveryHandler reaction) {
        return subscribe(durableName, reaction, new Inbox<>(deliveryTimeout()));
    }

    private Consumer subscribe(String durableName, DeliveryHandler reaction, Inbox<Delivery> deliveries) {
        return new Consumer(durableName, reaction, deliveries);
    }

    private Subscription track(Subscription subscription) {
        subscriptions.add(subscription);
        return subscription;
    }

    /** Returns new events of the test's stream, with increasing positions and versions. */
    private List<RecordedEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            long position = positions.incrementAndGet();
            return new RecordedEvent(position, UUID.randomUUID(), streamId, "Account", "MoneyDeposited", 1, position,
                    "{\"amount\":" + position + "}", NewEvent.NO_METADATA, EPOCH.plusSeconds(position));
        }).toList();
    }

    private static List<Seen> seen(List<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> new Seen(delivery.event().eventId(), delivery.attempt())).toList();
    }

    private static List<Seen> firstAttempts(List<RecordedEvent> events) {
        return events.stream().map(event -> new Seen(event.eventId(), 1)).toList();
    }
}
