package io.chronicleledger.core.memory;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.bus.DeliveryHandler;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.RecordedEvent;
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
 * An {@link EventBus} in the heap, with the delivery rules of a JetStream work queue: each durable consumer
 * gets every event from the first one the bus holds, on its own thread, asynchronously; a delivery not
 * acknowledged within the ack wait (including one whose handler threw) is delivered again; at most
 * {@value #MAX_ACK_PENDING} deliveries per consumer wait for their ack at a time. Publishing deduplicates by
 * {@code event_id} for the life of the bus.
 */
public final class InMemoryEventBus implements EventBus {

    /** The largest number of unacknowledged deliveries per consumer. */
    public static final int MAX_ACK_PENDING = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);
    private static final Pattern DURABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final long IDLE_WAIT_MILLIS = 1_000;

    private final long ackWaitNanos;
    private final Object lock = new Object();
    private final List<RecordedEvent> log = new ArrayList<>();
    private final Set<UUID> published = new HashSet<>();
    private final Map<String, Consumer> consumers = new HashMap<>();

    /** Creates a bus with an ack wait of 30 seconds. */
    public InMemoryEventBus() {
        this(Duration.ofSeconds(30));
    }

    /**
     * Creates a bus.
     *
     * @param ackWait how long a delivery may stay unacknowledged before it is delivered again
     */
    public InMemoryEventBus(Duration ackWait) {
        if (ackWait.isNegative() || ackWait.isZero()) {
            throw new IllegalArgumentException("ackWait must be positive");
        }
        this.ackWaitNanos = ackWait.toNanos();
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
        if (durableName == null || !DURABLE_NAME.matcher(durableName).matches()) {
            throw new IllegalArgumentException("a durable name is 1 to 64 letters, digits, '-' or '_'");
        }
        ActiveSubscription subscription;
        synchronized (lock) {
            Consumer consumer = consumers.computeIfAbsent(durableName, name -> new Consumer());
            if (consumer.active != null) {
                throw new IllegalStateException("durable consumer " + durableName + " is already subscribed");
            }
            subscription = new ActiveSubscription(durableName, consumer, handler);
            consumer.active = subscription;
        }
        subscription.thread.start();
        return subscription;
    }

    /** The state of a durable consumer; guarded by {@link #lock}. */
    private static final class Consumer {
        /** The log index of the next event never delivered to this consumer. */
        int next;
        /** Unacknowledged deliveries by log index, in deadline order. */
        final LinkedHashMap<Integer, Pending> pending = new LinkedHashMap<>();
        ActiveSubscription active;
    }

    private record Pending(int attempt, long deadlineNanos) {
    }

    private final class ActiveSubscription implements Subscription {
        private final Consumer consumer;
        private final DeliveryHandler handler;
        private final Thread thread;
        private volatile boolean running = true;

        ActiveSubscription(String durableName, Consumer consumer, DeliveryHandler handler) {
            this.consumer = consumer;
            this.handler = handler;
            this.thread = new Thread(this::run, "chronicle-bus-" + durableName);
            this.thread.setDaemon(true);
        }

        private void run() {
            try {
                while (running) {
                    Delivery delivery = nextDelivery();
                    if (delivery != null) {
                        handle(delivery);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (lock) {
                    consumer.active = null;
                }
            }
        }

        private void handle(Delivery delivery) {
            try {
                handler.handle(delivery);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) {
                LOG.warn("handler failed on position {} (attempt {}); it is delivered again after the ack wait",
                        delivery.event().position(), delivery.attempt(), e);
            }
        }

        /** Returns the next delivery, or {@code null} after waiting when there is none yet. */
        private Delivery nextDelivery() throws InterruptedException {
            synchronized (lock) {
                if (!running) {
                    return null;
                }
                long now = System.nanoTime();
                Iterator<Map.Entry<Integer, Pending>> oldest = consumer.pending.entrySet().iterator();
                if (oldest.hasNext()) {
                    Map.Entry<Integer, Pending> entry = oldest.next();
                    if (entry.getValue().deadlineNanos() - now <= 0) {
                        oldest.remove();
                        return deliver(entry.getKey(), entry.getValue().attempt() + 1, now);
                    }
                }
                if (consumer.next < log.size() && consumer.pending.size() < MAX_ACK_PENDING) {
                    return deliver(consumer.next++, 1, now);
                }
                long waitNanos = consumer.pending.isEmpty()
                        ? TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS)
                        : consumer.pending.values().iterator().next().deadlineNanos() - now;
                if (running && waitNanos > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                }
                return null;
            }
        }

        private Delivery deliver(int index, int attempt, long now) {
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
    }
}
