package io.chronicleledger.bus.nats;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.testkit.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The bus and the outbox relay against NATS failures, each test on a private nats-server it stops and kills. */
@DisplayName("NatsEventBus under NATS failures (private nats-server)")
class NatsFaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String STREAM = NatsBusConfig.DEFAULT_STREAM;
    private static final int STREAMS = 20;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Map<String, Long> versions = new HashMap<>();
    private NatsServerProcess nats;

    @BeforeEach
    void startNats() {
        nats = NatsServerProcess.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                closeables.get(i).close();
            }
        } finally {
            nats.close();
        }
    }

    private NatsBusConfig config() {
        return NatsBusConfig.of(nats.url()).withPublishTimeout(Duration.ofSeconds(1))
                .withConnectTimeout(Duration.ofSeconds(2));
    }

    private NatsEventBus bus() {
        NatsEventBus bus = NatsEventBus.connect(config());
        closeables.add(bus);
        return bus;
    }

    private OutboxRelay relay(OutboxRelay.Builder builder) {
        OutboxRelay relay = builder.start();
        closeables.add(relay);
        return relay;
    }

    /** Appends one deposit to a stream of this test; only the writer's thread calls it. */
    private RecordedEvent append(String streamId) {
        long expected = versions.getOrDefault(streamId, 0L);
        AppendResult result = store.append(AppendRequest.of(new StreamAppend(streamId, "Account", expected,
                List.of(new NewEvent(UUID.randomUUID(), "MoneyDeposited", 1, "{\"amount\":\"1.00\"}",
                        NewEvent.NO_METADATA)))));
        assertThat(result).as("append to %s at version %d", streamId, expected)
                .isInstanceOf(AppendResult.Appended.class);
        versions.put(streamId, expected + 1);
        return ((AppendResult.Appended) result).events().get(0);
    }

    private List<RecordedEvent> appendRoundRobin(int count) {
        List<RecordedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(append("ACC-" + (i % STREAMS)));
        }
        return events;
    }

    private void awaitOutboxEmpty() {
        Await.until("the outbox is empty (backlog " + store.backlog() + ")", Duration.ofSeconds(60),
                () -> store.backlog().events() == 0);
    }

    /**
     * Reads the whole stream with a new durable consumer that records every delivery, duplicates included, and
     * acknowledges each, until it has at least {@code expected} and the consumer has nothing left to give.
     */
    private List<RecordedEvent> readStream(NatsEventBus bus, int expected) throws Exception {
        String durable = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        List<RecordedEvent> deliveries = new CopyOnWriteArrayList<>();
        Subscription subscription = bus.subscribe(durable, delivery -> {
            deliveries.add(delivery.event());
            delivery.ack();
        });
        Connection admin = Nats.connect(nats.url());
        try {
            JetStreamManagement jsm = admin.jetStreamManagement();
            Await.until(expected + " deliveries and nothing pending", TIMEOUT,
                    () -> deliveries.size() >= expected && drained(jsm, durable));
        } finally {
            subscription.close();
            admin.close();
        }
        return List.copyOf(deliveries);
    }

    private static boolean drained(JetStreamManagement jsm, String durable) {
        try {
            ConsumerInfo info = jsm.getConsumerInfo(STREAM, durable);
            return info.getNumPending() == 0 && info.getNumAckPending() == 0;
        } catch (IOException | JetStreamApiException e) {
            return false;
        }
    }

    private long storedMessages() throws Exception {
        Connection admin = Nats.connect(nats.url());
        try {
            return admin.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        } finally {
            admin.close();
        }
    }

    /** Each event exactly once, every one of {@code appended}, and within each stream in version order. */
    private static void assertExactlyOnceInOrder(List<RecordedEvent> delivered, List<RecordedEvent> appended) {
        assertThat(delivered).extracting(RecordedEvent::eventId).as("delivered event ids").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(appended.stream().map(RecordedEvent::eventId).toList());
        Map<String, Long> last = new HashMap<>();
        for (RecordedEvent event : delivered) {
            long previous = last.getOrDefault(event.aggregateId(), 0L);
            assertThat(event.streamVersion()).as("version of %s after version %d (event %s)", event.aggregateId(),
                    previous, event.eventId()).isGreaterThan(previous);
            last.put(event.aggregateId(), event.streamVersion());
        }
    }

    @Test
    @DisplayName("NATS stopped during appends, then started: every committed event reaches the stream exactly once, "
            + "in order per stream")
    void outageDuringAppends() throws Exception {
        NatsEventBus bus = bus();
        OutboxRelay relay = relay(OutboxRelay.builder(store, bus).pollInterval(Duration.ofMillis(20)));
        List<RecordedEvent> appended = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; writing.get(); i++) {
                    appended.add(append("ACC-" + (i % STREAMS)));
                    relay.wake();
                    TimeUnit.MILLISECONDS.sleep(1); // a steady stream of appends, not a flood
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "writer");
        writer.start();
        try {
            Await.until("events published before the outage", TIMEOUT, () -> appended.size() >= 200);

            nats.stop();
            AtomicBoolean sawBacklog = new AtomicBoolean();
            Await.until("a backlog while NATS is down", TIMEOUT, () -> {
                sawBacklog.compareAndSet(false, store.backlog().events() > 0);
                return sawBacklog.get() && relay.failingSince().isPresent();
            });
            int beforeRestart = appended.size();
            TimeUnit.SECONDS.sleep(2); // the outage lasts a while; appends go on
            assertThat(appended.size()).as("appends during the outage").isGreaterThan(beforeRestart);
            nats.restart();

            int afterRestart = appended.size();
            Await.until("appends after the restart", TIMEOUT, () -> appended.size() >= afterRestart + 200);
        } finally {
            writing.set(false);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(writerFailure.get()).as("a failed append").isNull();
        assertThat(store.allEvents()).hasSameSizeAs(appended);

        awaitOutboxEmpty();
        List<RecordedEvent> delivered = readStream(bus, appended.size());

        assertExactlyOnceInOrder(delivered, appended);
        assertThat(storedMessages()).as("messages in the stream").isEqualTo(appended.size());
    }

    /**
     * When NATS goes away while a batch is being published, an event lost in the dying connection is published
     * again; jnats may meanwhile send what it had queued once reconnected. Had a later event of the same stream
     * been in flight, the stream would hold it first: before the publisher kept one unacknowledged event per
     * stream, this test failed in most runs.
     */
    @Test
    @DisplayName("NATS killed in the middle of publishing a backlog: the stream still holds each stream's events in "
            + "order")
    void killedWhilePublishingBacklog() throws Exception {
        NatsEventBus bus = bus();
        List<RecordedEvent> appended = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<RecordedEvent> backlog = appendRoundRobin(10_000);
            appended.addAll(backlog);
            OutboxRelay relay = OutboxRelay.builder(store, bus).pollInterval(Duration.ofMillis(20)).start();
            try {
                Await.until("publishing has begun", TIMEOUT, () -> store.backlog().events() < 9_000);
                nats.kill();
                TimeUnit.MILLISECONDS.sleep(300); // a short outage, well within the publish timeout
                nats.restart();
                awaitOutboxEmpty();
            } finally {
                relay.close();
            }
        }
        assertExactlyOnceInOrder(readStream(bus, appended.size()), appended);
    }

    @Nested
    @DisplayName("a crash between commit and publish")
    class CrashBetweenCommitAndPublish {

        @Test
        @DisplayName("events committed while no relay ran are published by the relay started afterwards")
        void noRelayRunning() throws Exception {
            NatsEventBus bus = bus();
            List<RecordedEvent> appended = appendRoundRobin(300);
            assertThat(store.backlog().events()).isEqualTo(300);

            relay(OutboxRelay.builder(store, bus).pollInterval(Duration.ofMillis(20)));
            awaitOutboxEmpty();

            assertExactlyOnceInOrder(readStream(bus, appended.size()), appended);
            assertThat(storedMessages()).isEqualTo(300);
        }

        @Test
        @DisplayName("events a relay published but did not mark published are stored once when published again")
        void publishedButNotMarked() throws Exception {
            NatsEventBus bus = bus();
            List<RecordedEvent> appended = appendRoundRobin(150);
            bus.publish(store.unpublished(100)); // the relay that crashed before markPublished
            assertThat(storedMessages()).isEqualTo(100);
            assertThat(store.backlog().events()).as("nothing was marked published").isEqualTo(150);

            relay(OutboxRelay.builder(store, bus).pollInterval(Duration.ofMillis(20)));
            awaitOutboxEmpty();

            assertThat(storedMessages()).as("messages in the stream").isEqualTo(150);
            assertExactlyOnceInOrder(readStream(bus, appended.size()), appended);
        }
    }

    @Test
    @DisplayName("relay lease handover: when the active relay dies, the other takes over and every event is stored "
            + "once")
    void leaseHandover() throws Exception {
        RelayProcess a = new RelayProcess("relay-a");
        Await.until("relay A takes the lease", TIMEOUT, a.relay::active);
        RelayProcess b = new RelayProcess("relay-b");
        Await.until("relay B tried the lease and was refused", TIMEOUT, () -> b.leases.refused.get() >= 2);
        Await.until("exactly one relay active", TIMEOUT, () -> a.relay.active() != b.relay.active());

        List<RecordedEvent> appended = new ArrayList<>(appendRoundRobin(100));
        awaitOutboxEmpty();

        // the active relay's process dies: it renews nothing, releases nothing and publishes nothing more
        // (normally relay A; relay B, when A stalled past its lease on a cold start and B took over)
        RelayProcess dead = a.relay.active() ? a : b;
        RelayProcess survivor = dead == a ? b : a;
        dead.leases.sever();
        dead.bus.close();
        appended.addAll(appendRoundRobin(100));

        Await.until(survivor.name + " takes over", Duration.ofSeconds(5), survivor.relay::active);
        assertThat(dead.relay.active()).as(dead.name + " active after its death").isFalse();
        awaitOutboxEmpty();
        appended.addAll(appendRoundRobin(50));
        awaitOutboxEmpty();

        assertThat(storedMessages()).as("messages in the stream").isEqualTo(appended.size());
        assertExactlyOnceInOrder(readStream(survivor.bus, appended.size()), appended);
    }

    /** A relay as one process runs it: its own connection to NATS, and the store's leases as it sees them. */
    private final class RelayProcess {
        private final String name;
        private final NatsEventBus bus;
        private final CountingLeases leases;
        private final OutboxRelay relay;

        RelayProcess(String name) {
            this.name = name;
            this.bus = bus();
            this.leases = new CountingLeases(store);
            this.relay = relay(OutboxRelay.builder(store, bus).owner(name)
                    .lease(leases, "outbox-relay", Duration.ofMillis(500)).pollInterval(Duration.ofMillis(20)));
        }
    }

    @Test
    @DisplayName("the bus reconnects by itself and a subscription resumes after NATS is killed and restarted")
    void reconnectsAndResumes() throws Exception {
        NatsEventBus bus = bus();
        Set<UUID> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Subscription subscription = bus.subscribe("resume", delivery -> {
            received.add(delivery.event().eventId());
            delivery.ack();
        });
        closeables.add(subscription);
        List<RecordedEvent> before = appendRoundRobin(5);
        bus.publish(before);
        Await.until("the first events received", TIMEOUT,
                () -> received.containsAll(ids(before)));

        nats.kill();
        Await.until("the bus sees the connection lost", TIMEOUT, () -> !bus.connected());
        nats.restart();

        List<RecordedEvent> after = appendRoundRobin(5);
        AtomicInteger failedPublishes = new AtomicInteger();
        Await.until("a publish after the restart succeeds", TIMEOUT, () -> {
            try {
                bus.publish(after);
                return true;
            } catch (NatsBusException e) {
                failedPublishes.incrementAndGet();
                return false;
            }
        });
        assertThat(bus.connected()).isTrue();
        Await.until("the later events received by the same subscription", TIMEOUT,
                () -> received.containsAll(ids(after)));
        assertThat(received).containsAll(ids(before));
    }

    private static Set<UUID> ids(List<RecordedEvent> events) {
        Set<UUID> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.eventId()));
        return ids;
    }

    /** The store's leases as one relay's process sees them: counted, and severed when that process dies. */
    private static final class CountingLeases implements Leases {
        private final Leases leases;
        private final AtomicBoolean severed = new AtomicBoolean();
        private final AtomicInteger acquired = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();

        CountingLeases(Leases leases) {
            this.leases = leases;
        }

        void sever() {
            severed.set(true);
        }

        @Override
        public boolean tryAcquire(String name, String owner, Duration ttl) {
            check();
            boolean held = leases.tryAcquire(name, owner, ttl);
            (held ? acquired : refused).incrementAndGet();
            return held;
        }

        @Override
        public void release(String name, String owner) {
            check();
            leases.release(name, owner);
        }

        private void check() {
            if (severed.get()) {
                throw new IllegalStateException("this process is dead (" + Instant.now() + ")");
            }
        }
    }
}
