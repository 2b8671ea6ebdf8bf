package io.chronicleledger.testkit;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance suite of {@link Outbox}: a store that keeps an outbox extends it with a store that implements
 * both {@link EventStore} and {@link Outbox}. Every recorded event enters the outbox in its append's
 * transaction, a refused append adds nothing, and the events leave it only when marked published.
 *
 * <p>Each test starts by marking everything already in the outbox published, so the store may be one that
 * earlier tests used; nothing else may append to it while a test runs.
 */
public abstract class OutboxConformance {

    private static final int WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 10;
    private static final int ALL = 10_000;

    private EventStore store;
    private Outbox outbox;

    /** Creates the suite; called by the subclass of an adapter. */
    protected OutboxConformance() {
    }

    /**
     * Creates the store under test, which implements {@link Outbox} too; called before each test.
     *
     * @return the store
     */
    protected abstract EventStore createStore();

    /** Opens the store and empties its outbox. */
    @BeforeEach
    void openStore() {
        store = createStore();
        assertThat(store).as("the store under test keeps an outbox").isInstanceOf(Outbox.class);
        outbox = (Outbox) store;
        outbox.markPublished(outbox.unpublished(ALL));
        assertThat(outbox.unpublished(ALL)).as("the outbox after marking everything published").isEmpty();
    }

    @Test
    @DisplayName("every recorded event enters the outbox, as recorded, in position order")
    void recordedEventsEnter() {
        String alice = stream("alice");
        String bob = stream("bob");
        List<RecordedEvent> recorded = new ArrayList<>(appended(AppendRequest.of(append(alice, 0, 2))));
        recorded.addAll(appended(AppendRequest.of(append(alice, 2, 1), append(bob, 0, 1))));

        assertThat(outbox.unpublished(ALL)).containsExactlyElementsOf(recorded);
    }

    @Test
    @DisplayName("a refused or replayed append adds nothing to the outbox")
    void refusalsAddNothing() {
        String alice = stream("alice");
        Idempotency key = new Idempotency("key-" + alice, "hash", "{}");
        List<RecordedEvent> recorded = appended(AppendRequest.idempotent(key, append(alice, 0, 1)));

        assertThat(store.append(AppendRequest.of(append(alice, 0, 1))))
                .isInstanceOf(AppendResult.VersionConflict.class);
        assertThat(store.append(AppendRequest.idempotent(key, append(alice, 0, 1))))
                .isInstanceOf(AppendResult.Replayed.class);
        assertThat(store.append(AppendRequest.idempotent(new Idempotency(key.key(), "other", "{}"),
                append(alice, 1, 1)))).isInstanceOf(AppendResult.IdempotencyKeyReused.class);
        assertThat(store.append(AppendRequest.rememberOnly(new Idempotency("refusal-" + alice, "h", "{}"))))
                .isInstanceOf(AppendResult.Appended.class);

        assertThat(outbox.unpublished(ALL)).containsExactlyElementsOf(recorded);
    }

    @Test
    @DisplayName("events marked published leave the outbox; the others stay; marking again is harmless")
    void markPublished() {
        List<RecordedEvent> recorded = appended(AppendRequest.of(append(stream("alice"), 0, 4)));

        outbox.markPublished(recorded.subList(0, 2));
        outbox.markPublished(recorded.subList(0, 2));

        assertThat(outbox.unpublished(ALL)).containsExactlyElementsOf(recorded.subList(2, 4));
        outbox.markPublished(recorded);
        assertThat(outbox.unpublished(ALL)).isEmpty();
        outbox.markPublished(List.of());
    }

    @Test
    @DisplayName("marking published and reading the next batch: the events left, oldest first, up to the limit")
    void markPublishedAndReadNext() {
        List<RecordedEvent> recorded = appended(AppendRequest.of(append(stream("alice"), 0, 5)));

        assertThatThrownBy(() -> outbox.markPublishedAndReadNext(recorded.subList(0, 2), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(outbox.unpublished(ALL)).as("after a refused limit").containsExactlyElementsOf(recorded);

        assertThat(outbox.markPublishedAndReadNext(recorded.subList(0, 2), 2))
                .containsExactlyElementsOf(recorded.subList(2, 4));
        assertThat(outbox.markPublishedAndReadNext(recorded.subList(0, 4), ALL))
                .as("marking again what is marked already is harmless").containsExactly(recorded.get(4));
        assertThat(outbox.markPublishedAndReadNext(List.of(), ALL)).containsExactly(recorded.get(4));
        assertThat(outbox.markPublishedAndReadNext(recorded.subList(4, 5), ALL)).isEmpty();
        assertThat(outbox.backlog()).isEqualTo(OutboxBacklog.EMPTY);
    }

    @Test
    @DisplayName("the backlog counts the unpublished events and dates the oldest of them")
    void backlog() {
        assertThat(outbox.backlog()).as("the backlog of an emptied outbox").isEqualTo(OutboxBacklog.EMPTY);
        List<RecordedEvent> recorded = new ArrayList<>(appended(AppendRequest.of(append(stream("alice"), 0, 2))));
        recorded.addAll(appended(AppendRequest.of(append(stream("bob"), 0, 1))));

        assertThat(outbox.backlog()).isEqualTo(new OutboxBacklog(3, Optional.of(recorded.get(0).createdAt())));
        outbox.markPublished(recorded.subList(0, 2));
        assertThat(outbox.backlog()).isEqualTo(new OutboxBacklog(1, Optional.of(recorded.get(2).createdAt())));
        outbox.markPublished(recorded);
        assertThat(outbox.backlog()).isEqualTo(OutboxBacklog.EMPTY);
    }

    @Test
    @DisplayName("a read takes the oldest events up to its limit, and refuses a limit below one")
    void limit() {
        List<RecordedEvent> recorded = appended(AppendRequest.of(append(stream("alice"), 0, 3)));

        assertThat(outbox.unpublished(2)).containsExactlyElementsOf(recorded.subList(0, 2));
        assertThatThrownBy(() -> outbox.unpublished(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("concurrent writers: the outbox holds every recorded event once, in position order")
    void concurrentWriters() throws Exception {
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<RecordedEvent> recorded = new ArrayList<>();
        try {
            List<Future<List<RecordedEvent>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String stream = stream("writer-" + w);
                writers.add(pool.submit(() -> {
                    start.await();
                    List<RecordedEvent> mine = new ArrayList<>();
                    for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                        mine.addAll(appended(AppendRequest.of(append(stream, i, 1))));
                    }
                    return mine;
                }));
            }
            for (Future<List<RecordedEvent>> writer : writers) {
                recorded.addAll(writer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        recorded.sort(Comparator.comparingLong(RecordedEvent::position));

        assertThat(outbox.unpublished(ALL)).containsExactlyElementsOf(recorded);
    }

    @Test
    @DisplayName("a relay publishes the outbox to a bus, every event once, and empties it")
    void relay() throws Exception {
        List<RecordedEvent> recorded = appended(AppendRequest.of(append(stream("alice"), 0, 3)));
        InMemoryEventBus bus = new InMemoryEventBus();
        Inbox<RecordedEvent> inbox = new Inbox<>(Duration.ofSeconds(10));
        Subscription consumer = bus.subscribe("outbox-test", delivery -> {
            inbox.add(delivery.event());
            delivery.ack();
        });
        OutboxRelay relay = OutboxRelay.start(outbox, bus, Duration.ofMillis(20));
        try {
            assertThat(inbox.take(3)).containsExactlyElementsOf(recorded);
            for (int i = 0; i < 500 && !outbox.unpublished(1).isEmpty(); i++) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertThat(outbox.unpublished(ALL)).as("the outbox once the relay has published").isEmpty();

            List<RecordedEvent> later = appended(AppendRequest.of(append(stream("bob"), 0, 1)));
            relay.wake();
            assertThat(inbox.next()).isEqualTo(later.get(0));
            inbox.assertNothingWithin(Duration.ofMillis(200));
        } finally {
            relay.close();
            consumer.close();
        }
    }

    private List<RecordedEvent> appended(AppendRequest request) {
        AppendResult result = store.append(request);
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return ((AppendResult.Appended) result).events();
    }

    private static StreamAppend append(String stream, long expectedVersion, int events) {
        List<NewEvent> news = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            news.add(new NewEvent(UUID.randomUUID(), "Happened", 1, "{\"n\": " + (expectedVersion + i) + "}",
                    NewEvent.NO_METADATA));
        }
        return new StreamAppend(stream, "Account", expectedVersion, news);
    }

    private static String stream(String name) {
        return name + "-" + UniqueNames.suffix();
    }
}
