package io.chronicleledger.core.bus;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the outbox relay publishes what the outbox holds, then marks it published")
class OutboxRelayTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @Test
    @DisplayName("publishes the outbox in position order and empties it")
    void relaysInOrder() throws Exception {
        ListOutbox outbox = new ListOutbox();
        outbox.add(event(1), event(2), event(3));
        RecordingBus bus = new RecordingBus(0);

        OutboxRelay relay = OutboxRelay.start(outbox, bus, NEVER);
        try {
            assertThat(bus.next()).extracting(RecordedEvent::position).containsExactly(1L, 2L, 3L);
            awaitEmpty(outbox);
        } finally {
            relay.close();
        }
    }

    @Test
    @DisplayName("wake() makes it look at once, without waiting for the poll interval")
    void wakesUp() throws Exception {
        ListOutbox outbox = new ListOutbox();
        RecordingBus bus = new RecordingBus(0);
        try (OutboxRelay relay = OutboxRelay.start(outbox, bus, NEVER)) {
            awaitReads(outbox, 1); // the first look found nothing; the next one only comes from wake()
            outbox.add(event(7));
            relay.wake();

            assertThat(bus.next()).extracting(RecordedEvent::position).containsExactly(7L);
        }
    }

    @Test
    @DisplayName("a failing bus leaves the events in the outbox, and they are published when it recovers")
    void retriesAfterFailure() throws Exception {
        ListOutbox outbox = new ListOutbox();
        outbox.add(event(1), event(2));
        RecordingBus bus = new RecordingBus(2);

        OutboxRelay relay = OutboxRelay.start(outbox, bus, NEVER);
        try {
            assertThat(bus.next()).extracting(RecordedEvent::position).containsExactly(1L, 2L);
            assertThat(bus.failures.get()).isEqualTo(2);
            awaitEmpty(outbox);
            assertThat(relay.failingSince()).as("failing since, after a success").isEmpty();
        } finally {
            relay.close();
        }
    }

    @Test
    @DisplayName("reports since when it fails, while the bus stays down")
    void reportsFailure() throws Exception {
        ListOutbox outbox = new ListOutbox();
        outbox.add(event(1));
        RecordingBus bus = new RecordingBus(Integer.MAX_VALUE);

        OutboxRelay relay = OutboxRelay.start(outbox, bus, NEVER);
        try {
            for (int i = 0; i < 1_000 && relay.failingSince().isEmpty(); i++) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertThat(relay.failingSince()).isPresent();
            assertThat(outbox.size()).as("events left in the outbox while the bus is down").isEqualTo(1);
        } finally {
            relay.close();
        }
    }

    @Test
    @DisplayName("of two relays sharing a lease, one publishes; when it dies the other takes over and publishes the rest")
    void leaseHandover() throws Exception {
        ListOutbox outbox = new ListOutbox();
        InMemoryEventStore leases = new InMemoryEventStore();
        SeverableLeases firstLeases = new SeverableLeases(leases);
        RecordingBus firstBus = new RecordingBus(0);
        RecordingBus secondBus = new RecordingBus(0);
        Duration ttl = Duration.ofMillis(300);
        OutboxRelay first = OutboxRelay.builder(outbox, firstBus).pollInterval(Duration.ofMillis(20))
                .lease(firstLeases, "relay", ttl).owner("first").start();
        awaitActive(first);
        OutboxRelay second = OutboxRelay.builder(outbox, secondBus).pollInterval(Duration.ofMillis(20))
                .lease(leases, "relay", ttl).owner("second").start();
        try {
            outbox.add(event(1));
            assertThat(firstBus.next()).extracting(RecordedEvent::position).containsExactly(1L);
            awaitEmpty(outbox);
            assertThat(second.active()).as("the second relay, while the first holds the lease").isFalse();

            firstLeases.sever(); // the first process dies: it neither renews its lease nor gives it up
            firstBus.goDown();
            outbox.add(event(2));

            assertThat(secondBus.next()).extracting(RecordedEvent::position).containsExactly(2L);
            awaitEmpty(outbox);
            assertThat(second.active()).isTrue();
            assertThat(firstBus.published).as("what the dead relay published after it died").isEmpty();
            assertThat(secondBus.published).isEmpty();
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    @DisplayName("a relay that closes gives its lease up, and a standing-by relay takes it at once")
    void closeReleases() throws Exception {
        ListOutbox outbox = new ListOutbox();
        InMemoryEventStore leases = new InMemoryEventStore();
        RecordingBus secondBus = new RecordingBus(0);
        OutboxRelay first = OutboxRelay.builder(outbox, new RecordingBus(0)).lease(leases, "relay", Duration.ofHours(1))
                .owner("first").start();
        awaitActive(first);
        OutboxRelay second = OutboxRelay.builder(outbox, secondBus).pollInterval(Duration.ofMillis(20))
                .lease(leases, "relay", Duration.ofMillis(500)).owner("second").start();
        try {
            first.close();
            outbox.add(event(1));

            assertThat(secondBus.next()).extracting(RecordedEvent::position).containsExactly(1L);
            assertThat(second.active()).isTrue();
        } finally {
            second.close();
        }
    }

    @Test
    @DisplayName("a standing-by relay asks for the lease once per stand-by period, however often its process wakes it")
    void standByIgnoresWakeUps() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Leases heldElsewhere = new Leases() {
            @Override
            public boolean tryAcquire(String name, String owner, Duration ttl) {
                asked.incrementAndGet();
                return false;
            }

            @Override
            public void release(String name, String owner) {
            }
        };
        OutboxRelay relay = OutboxRelay.builder(new ListOutbox(), new RecordingBus(0))
                .lease(heldElsewhere, "relay", Duration.ofSeconds(5)).owner("standby").start();
        try {
            long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            while (System.nanoTime() < until) {
                relay.wake(); // as every append of this process does
                Thread.sleep(1);
            }
            assertThat(relay.active()).isFalse();
            assertThat(asked.get()).as("asks in 1.5 s, a stand-by period being a fifth of the 5 s lease")
                    .isBetween(1, 3);
        } finally {
            relay.close();
        }
    }

    @Test
    @DisplayName("refuses a poll interval that is not positive")
    void refusesBadInterval() {
        assertThatThrownBy(() -> OutboxRelay.start(new ListOutbox(), new RecordingBus(0), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval");
    }

    private static void awaitEmpty(ListOutbox outbox) throws InterruptedException {
        for (int i = 0; i < 1_000 && outbox.size() > 0; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(outbox.size()).as("events left in the outbox").isZero();
    }

    private static void awaitActive(OutboxRelay relay) throws InterruptedException {
        for (int i = 0; i < 1_000 && !relay.active(); i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(relay.active()).as("the relay holds its lease").isTrue();
    }

    private static void awaitReads(ListOutbox outbox, int reads) throws InterruptedException {
        for (int i = 0; i < 1_000 && outbox.reads.get() < reads; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(outbox.reads.get()).isGreaterThanOrEqualTo(reads);
    }

    private static RecordedEvent event(long position) {
        return new RecordedEvent(position, UUID.randomUUID(), "S-" + position, "Test", "Happened", 1, 1, "{}", "{}",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static final class ListOutbox implements Outbox {

        private final TreeMap<Long, RecordedEvent> events = new TreeMap<>();
        private final AtomicInteger reads = new AtomicInteger();

        synchronized void add(RecordedEvent... added) {
            for (RecordedEvent event : added) {
                events.put(event.position(), event);
            }
        }

        synchronized int size() {
            return events.size();
        }

        @Override
        public synchronized List<RecordedEvent> unpublished(int limit) {
            reads.incrementAndGet();
            return events.values().stream().limit(limit).toList();
        }

        @Override
        public synchronized void markPublished(List<RecordedEvent> published) {
            published.forEach(event -> events.remove(event.position()));
        }

        @Override
        public synchronized OutboxBacklog backlog() {
            return events.isEmpty() ? OutboxBacklog.EMPTY
                    : new OutboxBacklog(events.size(), Optional.of(events.firstEntry().getValue().createdAt()));
        }
    }

    private static final class RecordingBus implements EventBus {

        private final BlockingQueue<List<RecordedEvent>> published = new LinkedBlockingQueue<>();
        private final AtomicInteger failures = new AtomicInteger();
        private volatile int failFirst;

        RecordingBus(int failFirst) {
            this.failFirst = failFirst;
        }

        void goDown() {
            failFirst = Integer.MAX_VALUE;
        }

        List<RecordedEvent> next() throws InterruptedException {
            List<RecordedEvent> next = published.poll(20, TimeUnit.SECONDS);
            assertThat(next).as("a publication within 20 s").isNotNull();
            return next;
        }

        @Override
        public void publish(List<RecordedEvent> events) {
            if (failures.get() < failFirst) {
                failures.incrementAndGet();
                throw new IllegalStateException("the bus is down");
            }
            published.add(new ArrayList<>(events));
        }

        @Override
        public Subscription subscribe(String durableName, DeliveryHandler handler) {
            throw new UnsupportedOperationException("the relay only publishes");
        }
    }

    /** Leases that can be cut off, as from a process that died. */
    private static final class SeverableLeases implements Leases {
        private final Leases leases;
        private volatile boolean severed;

        SeverableLeases(Leases leases) {
            this.leases = leases;
        }

        void sever() {
            severed = true;
        }

        @Override
        public boolean tryAcquire(String name, String owner, Duration ttl) {
            if (severed) {
                throw new IllegalStateException("this process is dead");
            }
            return leases.tryAcquire(name, owner, ttl);
        }

        @Override
        public void release(String name, String owner) {
            if (severed) {
                throw new IllegalStateException("this process is dead");
            }
            leases.release(name, owner);
        }
    }
}
