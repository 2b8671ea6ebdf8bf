package io.chronicleledger.core.memory;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.BatchHandler;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.DeadLetterListener;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.BatchDispatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An {@link EventBus} in the heap, with the delivery rules of a JetStream consumer: each durable consumer gets
 * every event from the first one the bus holds, asynchronously; its subscriptions (each on its own thread)
 * share its events; a delivery not acknowledged within the ack wait (including one whose handler threw) is
 * delivered again, and one that failed {@code maxDeliver} times becomes a {@link DeadLetter}; at most
 * {@value #MAX_ACK_PENDING} deliveries per consumer wait for their ack at a time. Publishing deduplicates by
 * {@code event_id} for the life of the bus.
 *
 * <pre>{@code
 * InMemoryEventBus bus = InMemoryEventBus.builder()
 *         .ackWait(Duration.ofSeconds(5))
 *         .maxDeliver(5)
 *         .deadLetterListener(letter -> log.warn("dead letter {}", letter))
 *         .build();
 * }</pre>
 */
public final class InMemoryEventBus implements EventBus {

    /** The largest number of unacknowledged deliveries per consumer. */
    public static final int MAX_ACK_PENDING = 1_000;

    /** The ack wait when none is given. */
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

    /** The most deliveries of one event to one consumer when none is given. */
    public static final int DEFAULT_MAX_DELIVER = 5;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);
    private static final Pattern DURABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final long IDLE_WAIT_MILLIS = 1_000;

    private final long ackWaitNanos;
    private final int maxDeliver;
    private final DeadLetterListener deadLetterListener;
    private final Object lock = new Object();
    private final List<RecordedEvent> log = new ArrayList<>();
    private final Set<UUID> published = new HashSet<>();
    private final Map<String, Consumer> consumers = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    /** Creates a bus with the default ack wait and most deliveries, and no dead-letter listener. */
    public InMemoryEventBus() {
        this(builder());
    }

    /**
     * Creates a bus with the default most deliveries and no dead-letter listener.
     *
     * @param ackWait how long a delivery may stay unacknowledged before it is delivered again
     */
    public InMemoryEventBus(Duration ackWait) {
        this(builder().ackWait(ackWait));
    }

    private InMemoryEventBus(Builder builder) {
        this.ackWaitNanos = builder.ackWait.toNanos();
        this.maxDeliver = builder.maxDeliver;
        this.deadLetterListener = builder.deadLetterListener;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the dead letters so far, oldest first.
     *
     * @return a copy of the dead letters
     */
    public List<DeadLetter> deadLetters() {
        synchronized (lock) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public void publish(List<RecordedEvent> events) {
        synchronized (lock) {
            boolean added = false;
            for (RecordedEvent event : events) {
                if (published.add(event.eventId())) {
                    log.add(event);
                    added = true;
                }
            }
            if (added) {
                lock.notifyAll();
            }
        }
    }

    @Override
    public Subscription subscribe(String durableName, DeliveryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return subscribeBatches(durableName, 1, deliveries -> handler.handle(deliveries.get(0)));
    }

    @Override
    public Subscription subscribeBatches(String durableName, int maxBatchSize, BatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (durableName == null || !DURABLE_NAME.matcher(durableName).matches()) {
            throw new IllegalArgumentException("a durable name is 1 to 64 letters, digits, '-' or '_'");
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one delivery: " + maxBatchSize);
        }
        ActiveSubscription subscription;
        synchronized (lock) {
            Consumer consumer = consumers.computeIfAbsent(durableName, Consumer::new);
            subscription = new ActiveSubscription(consumer, handler, maxBatchSize);
        }
        subscription.thread.start();
        return subscription;
    }

    private void deadLetter(Consumer consumer, int index, int attempts, Throwable failure) {
        DeadLetter letter = new DeadLetter(consumer.name, log.get(index), attempts, DeadLetter.reasonOf(failure));
        deadLetters.add(letter);
        LOG.error("consumer {} gave up on event {} (position {}) after {} deliveries: {}", consumer.name,
                letter.event().eventId(), letter.event().position(), attempts, letter.reason());
        try {
            deadLetterListener.onDeadLetter(letter);
        } catch (RuntimeException e) {
            LOG.warn("the dead-letter listener failed on event {}", letter.event().eventId(), e);
        }
    }

    /** The state of a durable consumer, shared by its subscriptions; guarded by {@link #lock}. */
    private static final class Consumer {
        final String name;
        /** The log index of the next event never delivered to this consumer. */
        int next;
        /** Unacknowledged deliveries by log index, in deadline order. */
        final LinkedHashMap<Integer, Pending> pending = new LinkedHashMap<>();

        Consumer(String name) {
            this.name = name;
        }
    }

    private record Pending(int attempt, long deadlineNanos) {
    }

    private final class ActiveSubscription implements Subscription {
        private final Consumer consumer;
        private final BatchHandler handler;
        private final int maxBatchSize;
        private final Thread thread;
        private volatile boolean running = true;

        ActiveSubscription(Consumer consumer, BatchHandler handler, int maxBatchSize) {
            this.consumer = consumer;
            this.handler = handler;
            this.maxBatchSize = maxBatchSize;
            this.thread = new Thread(this::run, "chronicle-bus-" + consumer.name);
            this.thread.setDaemon(true);
        }

        private void run() {
            try {
                while (running) {
                    InMemoryDelivery first = nextDelivery(true);
                    if (first != null) {
                        List<InMemoryDelivery> batch = new ArrayList<>();
                        batch.add(first);
                        InMemoryDelivery next;
                        while (batch.size() < maxBatchSize && (next = nextDelivery(false)) != null) {
                            batch.add(next);
                        }
                        BatchDispatch.dispatch(batch, handler, this::failed);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void failed(InMemoryDelivery delivery, Throwable failure) {
            if (delivery.attempt() >= maxDeliver) {
                synchronized (lock) {
                    if (consumer.pending.remove(delivery.index) != null) {
                        deadLetter(consumer, delivery.index, delivery.attempt(), failure);
                    }
                }
            } else {
                LOG.warn("handler failed on position {} (attempt {}); it is delivered again after the ack wait",
                        delivery.event().position(), delivery.attempt(), failure);
            }
        }

        /** Returns the next delivery, or {@code null} (after waiting a while, when asked to) when there is none yet. */
        private InMemoryDelivery nextDelivery(boolean wait) throws InterruptedException {
            synchronized (lock) {
                if (!running) {
                    return null;
                }
                long now = System.nanoTime();
                Iterator<Map.Entry<Integer, Pending>> oldest = consumer.pending.entrySet().iterator();
                while (oldest.hasNext()) {
                    Map.Entry<Integer, Pending> entry = oldest.next();
                    if (entry.getValue().deadlineNanos() - now > 0) {
                        break;
                    }
                    oldest.remove();
                    if (entry.getValue().attempt() < maxDeliver) {
                        return deliver(entry.getKey(), entry.getValue().attempt() + 1, now);
                    }
                    deadLetter(consumer, entry.getKey(), entry.getValue().attempt(), null);
                }
                if (consumer.next < log.size() && consumer.pending.size() < MAX_ACK_PENDING) {
                    return deliver(consumer.next++, 1, now);
                }
                long waitNanos = consumer.pending.isEmpty()
                        ? TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS)
                        : consumer.pending.values().iterator().next().deadlineNanos() - now;
                if (wait && running && waitNanos > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                }
                return null;
            }
        }

        private InMemoryDelivery deliver(int index, int attempt, long now) {
            consumer.pending.put(index, new Pending(attempt, now + ackWaitNanos));
            return new InMemoryDelivery(consumer, index, log.get(index), attempt);
        }

        @Override
        public void close() {
            running = false;
            synchronized (lock) {
                lock.notifyAll();
            }
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final class InMemoryDelivery implements Delivery {
        private final Consumer consumer;
        private final int index;
        private final RecordedEvent event;
        private final int attempt;

        InMemoryDelivery(Consumer consumer, int index, RecordedEvent event, int attempt) {
            this.consumer = consumer;
            this.index = index;
            this.event = event;
            this.attempt = attempt;
        }

        @Override
        public RecordedEvent event() {
            return event;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public void ack() {
            synchronized (lock) {
                if (consumer.pending.remove(index) != null) {
                    lock.notifyAll();
                }
            }
        }

        /** Starts the ack wait over, and moves the delivery to the end of the deadline order, where it now is. */
        @Override
        public void inProgress() {
            synchronized (lock) {
                Pending pending = consumer.pending.get(index);
                if (pending != null && pending.attempt() == attempt) { // not since delivered again
                    consumer.pending.remove(index);
                    consumer.pending.put(index, new Pending(attempt, System.nanoTime() + ackWaitNanos));
                }
            }
        }
    }

    /** Builds an {@link InMemoryEventBus}. */
    public static final class Builder {
        private Duration ackWait = DEFAULT_ACK_WAIT;
        private int maxDeliver = DEFAULT_MAX_DELIVER;
        private DeadLetterListener deadLetterListener = DeadLetterListener.NONE;

        private Builder() {
        }

        /**
         * Sets how long a delivery may stay unacknowledged before it is delivered again (default 30 s).
         *
         * @param wait a positive duration
         * @return this builder
         * @throws IllegalArgumentException when the wait is not positive
         */
        public Builder ackWait(Duration wait) {
            if (wait == null || wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("ackWait must be positive, was " + wait);
            }
            this.ackWait = wait;
            return this;
        }

        /**
         * Sets how many times an event is delivered to one consumer before it becomes a dead letter (default
         * {@value InMemoryEventBus#DEFAULT_MAX_DELIVER}).
         *
         * @param deliveries 1 or more
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxDeliver(int deliveries) {
            if (deliveries < 1) {
                throw new IllegalArgumentException("maxDeliver must be at least 1, was " + deliveries);
            }
            this.maxDeliver = deliveries;
            return this;
        }

        /**
         * Sets who hears of dead letters (default nobody; they are logged and kept either way).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder deadLetterListener(DeadLetterListener listener) {
            this.deadLetterListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the bus.
         *
         * @return the bus
         */
        public InMemoryEventBus build() {
            return new InMemoryEventBus(this);
        }
    }
}
