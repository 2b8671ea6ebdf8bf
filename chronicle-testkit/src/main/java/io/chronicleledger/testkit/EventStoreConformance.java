package io.chronicleledger.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.AppendResult.Appended;
import io.chronicleledger.core.store.AppendResult.IdempotencyKeyReused;
import io.chronicleledger.core.store.AppendResult.Replayed;
import io.chronicleledger.core.store.AppendResult.VersionConflict;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.store.TailListener;
import io.chronicleledger.core.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.chronicleledger.testkit.EventAssertions.SAME_EVENT;
import static io.chronicleledger.testkit.EventAssertions.assertSameJson;
import static io.chronicleledger.testkit.EventAssertions.assertStrictlyIncreasing;
import static io.chronicleledger.testkit.EventAssertions.ids;
import static io.chronicleledger.testkit.EventAssertions.positions;
import static io.chronicleledger.testkit.EventAssertions.versions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance suite of {@link EventStore}: every adapter extends it and passes it. A test gets a fresh store
 * from {@link #createEventStore()} and hands it to {@link #cleanUp(EventStore)} afterwards:
 *
 * <pre>{@code
 * class PostgresEventStoreConformanceTest extends EventStoreConformance {
 *     @Override
 *     protected EventStore createEventStore() {
 *         return PostgresEventStore.builder().dataSource(DATA_SOURCE).build();
 *     }
 * }
 * }</pre>
 *
 * <h2>Shared databases</h2>
 * The store may hold the data of earlier tests and runs: every test names its streams and idempotency keys
 * with a random suffix ({@link #streamId(String)}) and reads the global log only after the head position it
 * found when it started. The suite does assume that nothing else appends to the store while one of its tests
 * runs (page boundaries and the head position would be off); run the suite's tests one at a time per database.
 *
 * <h2>Asynchronous checks</h2>
 * The live-tail tests wait for deliveries up to {@link #deliveryTimeout()} and watch for unwanted deliveries
 * for {@link #quietPeriod()}; no test sleeps or asserts a duration.
 */
public abstract class EventStoreConformance {

    private static final String AGGREGATE_TYPE = "Account";
    private static final String REMEMBERED_RESPONSE = "{\"status\":201,\"body\":{\"transfer\":\"T-1\"}}";
    private static final int RACING_WRITERS = 12;
    private static final int CONCURRENT_WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 10;
    private static final int ONE_MEGABYTE = 1 << 20;

    private final List<Subscription> tails = new CopyOnWriteArrayList<>();
    private EventStore store;
    private String suffix;
    private long startHead;

    /** Creates the suite; called by the subclass of an adapter. */
    protected EventStoreConformance() {
    }

    /**
     * Creates the store under test; called before each test. It may be a new store or one on a database that
     * earlier tests used.
     *
     * @return the store
     */
    protected abstract EventStore createEventStore();

    /**
     * Releases what {@link #createEventStore()} acquired; called after each test, once the suite has closed
     * the test's tails. Does nothing by default.
     *
     * @param store the store of the test
     * @throws Exception when the store cannot be released
     */
    protected void cleanUp(EventStore store) throws Exception {
    }

    /**
     * Returns how long a test waits for an expected delivery of a live tail before it fails. An adapter whose
     * tail polls slowly may need more than the default of 10 seconds; a wait that succeeds returns at once.
     *
     * @return the longest wait for one delivery
     */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Returns how long a test watches a live tail for a delivery that must not come (a duplicate, or one after
     * the tail was closed). Longer catches more; the default is half a second.
     *
     * @return the watch period
     */
    protected Duration quietPeriod() {
        return Duration.ofMillis(500);
    }

    /**
     * Returns the store of the running test.
     *
     * @return the store made by {@link #createEventStore()} for this test
     */
    protected final EventStore store() {
        return store;
    }

    /**
     * Returns a stream id that is unique to the running test, for tests a subclass adds.
     *
     * @param name a readable name, such as {@code alice}
     * @return the name with the test's random suffix
     */
    protected final String streamId(String name) {
        return name + "-" + suffix;
    }

    /**
     * Returns a new event of schema version 1 with a random id and no metadata.
     *
     * @param type the event type name
     * @param json the payload, a JSON object
     * @return the event
     */
    protected NewEvent event(String type, String json) {
        return new NewEvent(UUID.randomUUID(), type, 1, json, NewEvent.NO_METADATA);
    }

    @BeforeEach
    void setUpEventStore() {
        suffix = UniqueNames.suffix();
        store = Objects.requireNonNull(createEventStore(), "createEventStore() returned null");
        startHead = store.headPosition();
    }

    @AfterEach
    void tearDownEventStore() throws Exception {
        try {
            tails.forEach(Subscription::close);
        } finally {
            tails.clear();
            cleanUp(store);
        }
    }

    @Nested
    @DisplayName("Appending to a stream and reading it")
    class AppendAndRead {

        @Test
        @DisplayName("a single event is recorded at a position, as version 1, with every field as sent")
        void singleEvent() {
            String account = streamId("single");
            NewEvent sent = new NewEvent(UUID.randomUUID(), "AccountOpened", 2,
                    "{\"owner\":\"Ada Lovelace\",\"currency\":\"EUR\"}",
                    "{\"actor\":\"teller-7\",\"correlation\":\"c-1\"}");

            RecordedEvent recorded = single(append(to(account, StreamAppend.NO_STREAM, sent)).events());

            assertThat(recorded.position()).isPositive();
            assertThat(recorded.streamVersion()).isEqualTo(1);
            assertThat(recorded.eventId()).isEqualTo(sent.eventId());
            assertThat(recorded.aggregateId()).isEqualTo(account);
            assertThat(recorded.aggregateType()).isEqualTo(AGGREGATE_TYPE);
            assertThat(recorded.eventType()).isEqualTo("AccountOpened");
            assertThat(recorded.eventVersion()).isEqualTo(2);
            assertSameJson(recorded.data(), sent.data());
            assertSameJson(recorded.metadata(), sent.metadata());
            assertThat(recorded.createdAt()).isNotNull();
            assertThat(recorded.createdAt().getNano() % 1_000).as("created_at in microseconds").isZero();
            assertThat(read(account)).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactly(recorded);
        }

        @Test
        @DisplayName("the events of one append get versions 1 to n and strictly increasing created_at")
        void severalEvents() {
            String account = streamId("several");

            List<RecordedEvent> recorded = append(to(account, StreamAppend.NO_STREAM, events(5))).events();

            assertThat(versions(recorded)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertStrictlyIncreasing("positions", positions(recorded));
            assertStrictlyIncreasing("created_at", recorded.stream().map(RecordedEvent::createdAt).toList());
            assertThat(read(account)).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactlyElementsOf(recorded);
        }

        @Test
        @DisplayName("a later append continues the versions and created_at of the stream")
        void laterAppend() {
            String account = streamId("continued");
            List<RecordedEvent> first = seed(account, 2);

            List<RecordedEvent> second = append(to(account, 2, events(3))).events();

            List<RecordedEvent> stream = read(account);
            assertThat(versions(second)).containsExactly(3L, 4L, 5L);
            assertThat(ids(stream)).containsExactlyElementsOf(concat(ids(first), ids(second)));
            assertStrictlyIncreasing("created_at", stream.stream().map(RecordedEvent::createdAt).toList());
        }

        @Test
        @DisplayName("each stream counts its own versions")
        void independentStreams() {
            seed(streamId("alice"), 2);

            List<RecordedEvent> bob = seed(streamId("bob"), 1);

            assertThat(single(bob).streamVersion()).isEqualTo(1);
            assertThat(read(streamId("alice"))).hasSize(2);
        }

        @Test
        @DisplayName("a stream is read from a version on")
        void fromVersion() {
            String account = streamId("from");
            List<RecordedEvent> recorded = seed(account, 5);

            assertThat(idsIn(account, StreamRange.from(3))).containsExactlyElementsOf(ids(recorded.subList(2, 5)));
            assertThat(idsIn(account, StreamRange.from(6))).isEmpty();
        }

        @Test
        @DisplayName("a stream is read up to a version, alone or after a first version")
        void upToVersion() {
            String account = streamId("upto");
            List<RecordedEvent> recorded = seed(account, 5);

            assertThat(versionsIn(account, StreamRange.all().upToVersion(2))).containsExactly(1L, 2L);
            assertThat(versionsIn(account, StreamRange.from(2).upToVersion(4))).containsExactly(2L, 3L, 4L);
            assertThat(versionsIn(account, StreamRange.from(3).upToVersion(3))).containsExactly(3L);
            assertThat(idsIn(account, StreamRange.all().upToVersion(99))).containsExactlyElementsOf(ids(recorded));
        }

        @Test
        @DisplayName("an unknown stream reads as empty")
        void unknownStream() {
            String account = streamId("never-written");

            assertThat(read(account)).isEmpty();
            assertThat(idsIn(account, StreamRange.from(3).upToVersion(5))).isEmpty();
        }
    }

    @Nested
    @DisplayName("Optimistic concurrency")
    class OptimisticConcurrency {

        @ParameterizedTest(name = "expected version {0}")
        @ValueSource(longs = {0, 1, 3, 10})
        @DisplayName("an append expecting another version than the stream's 2 is refused, and nothing is written")
        void wrongExpectedVersion(long expected) {
            String account = streamId("guarded");
            seed(account, 2);
            Observed before = observe(account);

            AppendResult result = tryAppend(to(account, expected, events(1)));

            assertThat(result).isEqualTo(new VersionConflict(account, expected, 2));
            assertThat(observe(account)).isEqualTo(before);
        }

        @Test
        @DisplayName("an append expecting a version of a stream that does not exist is refused with actual version 0")
        void missingStream() {
            String account = streamId("missing");

            AppendResult result = tryAppend(to(account, 1, events(1)));

            assertThat(result).isEqualTo(new VersionConflict(account, 1, 0));
            assertThat(read(account)).isEmpty();
        }

        @ParameterizedTest(name = "at expected version {0}")
        @ValueSource(longs = {0, 3})
        @DisplayName("of many writers racing for the same expected version exactly one wins, the others conflict")
        void racingWriters(long version) throws Exception {
            String account = streamId("contested");
            if (version > 0) {
                seed(account, (int) version);
            }
            List<NewEvent> candidates = Stream.generate(() -> event("MoneyWithdrawn", "{\"amount\":10}"))
                    .limit(RACING_WRITERS).toList();

            List<AppendResult> results = Race.run(RACING_WRITERS, deliveryTimeout(),
                    writer -> tryAppend(to(account, version, candidates.get(writer))));

            List<Appended> winners = results.stream()
                    .filter(Appended.class::isInstance).map(Appended.class::cast).toList();
            assertThat(winners).as("winners of the race").hasSize(1);
            assertThat(results).filteredOn(result -> !(result instanceof Appended))
                    .hasSize(RACING_WRITERS - 1)
                    .containsOnly(new VersionConflict(account, version, version + 1));
            List<RecordedEvent> stream = read(account);
            assertThat(stream).hasSize((int) version + 1);
            assertThat(stream.get((int) version).eventId()).isEqualTo(single(winners.get(0).events()).eventId());
        }
    }

    @Nested
    @DisplayName("Atomic appends to several streams")
    class MultiStreamAppend {

        @Test
        @DisplayName("a transfer writes both streams, at increasing positions in the order of the request, at one moment")
        void transfer() {
            String payer = streamId("payer");
            String payee = streamId("payee");
            seed(payer, 1);
            NewEvent withdrawn = event("MoneyWithdrawn", "{\"amount\":25}");
            NewEvent deposited = event("MoneyDeposited", "{\"amount\":25}");
            NewEvent noted = event("TransferNoted", "{\"transfer\":\"T-1\"}");

            List<RecordedEvent> recorded = append(to(payer, 1, withdrawn), to(payee, 0, deposited, noted)).events();

            assertThat(ids(recorded)).containsExactly(withdrawn.eventId(), deposited.eventId(), noted.eventId());
            assertThat(positions(recorded)).isSorted().doesNotHaveDuplicates();
            assertThat(recorded.get(1).createdAt()).as("one moment per append: the halves share created_at")
                    .isEqualTo(recorded.get(0).createdAt());
            assertThat(recorded.get(2).createdAt()).as("a later event of the same stream, one microsecond later")
                    .isEqualTo(recorded.get(1).createdAt().plusNanos(1_000));
            assertThat(recorded).extracting(RecordedEvent::aggregateId).containsExactly(payer, payee, payee);
            assertThat(versions(recorded)).containsExactly(2L, 1L, 2L);
            assertThat(ids(read(payer))).endsWith(withdrawn.eventId());
            assertThat(ids(read(payee))).containsExactly(deposited.eventId(), noted.eventId());
            assertThat(ids(logOfThisTest())).endsWith(ids(recorded).toArray(UUID[]::new));
        }

        @Test
        @DisplayName("when the second stream conflicts, nothing of the first is written")
        void conflictInSecondStream() {
            String payer = streamId("payer");
            String payee = streamId("payee");
            seed(payer, 1);
            seed(payee, 1);
            Observed before = observe(payer, payee);

            AppendResult result = tryAppend(
                    to(payer, 1, event("MoneyWithdrawn", "{\"amount\":25}")),
                    to(payee, StreamAppend.NO_STREAM, event("MoneyDeposited", "{\"amount\":25}")));

            assertThat(result).isEqualTo(new VersionConflict(payee, StreamAppend.NO_STREAM, 1));
            assertThat(observe(payer, payee)).isEqualTo(before);
        }

        @Test
        @DisplayName("an event id that is already recorded fails the whole append, and nothing is written")
        void duplicateEventId() {
            String first = streamId("first");
            String second = streamId("second");
            UUID taken = single(seed(streamId("earlier"), 1)).eventId();
            Observed before = observe(first, second);

            assertThatThrownBy(() -> store.append(AppendRequest.of(
                    to(first, StreamAppend.NO_STREAM, events(2)),
                    to(second, StreamAppend.NO_STREAM, new NewEvent(taken, "MoneyDeposited", 1, "{}", NewEvent.NO_METADATA)))))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(observe(first, second)).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("The global log")
    class GlobalLog {

        @Test
        @DisplayName("is read in strictly increasing position order, in the order of the appends")
        void positionOrder() {
            List<RecordedEvent> written = interleavedHistory();

            List<RecordedEvent> log = logOfThisTest();

            assertThat(ids(log)).containsExactlyElementsOf(ids(written));
            assertStrictlyIncreasing("positions", positions(log));
            assertThat(log).usingRecursiveFieldByFieldElementComparator(SAME_EVENT).containsExactlyElementsOf(written);
        }

        @ParameterizedTest(name = "pages of {0}")
        @ValueSource(ints = {1, 2, 4, 6, 7, GlobalLogQuery.MAX_LIMIT})
        @DisplayName("keyset paging visits every event once, and hasMore tells whether another page follows")
        void keysetPaging(int limit) {
            List<RecordedEvent> written = interleavedHistory();

            List<Page<RecordedEvent>> pages = pages(GlobalLogQuery.after(startHead, limit));

            assertThat(pages).extracting(page -> page.items().size())
                    .containsExactlyElementsOf(pageSizes(written.size(), limit));
            assertThat(pages.subList(0, pages.size() - 1)).allMatch(Page::hasMore);
            assertThat(pages.get(pages.size() - 1).hasMore()).as("hasMore of the last page").isFalse();
            assertThat(ids(items(pages))).containsExactlyElementsOf(ids(written));
        }

        @Test
        @DisplayName("is filtered by stream")
        void streamFilter() {
            List<RecordedEvent> written = interleavedHistory();
            String alpha = streamId("alpha");

            List<RecordedEvent> read = items(pages(GlobalLogQuery.after(startHead, 2).stream(alpha)));

            assertThat(ids(read)).containsExactlyElementsOf(idsWhere(written, event -> event.aggregateId().equals(alpha)));
            assertThat(versions(read)).containsExactly(1L, 2L, 3L);
        }

        @Test
        @DisplayName("is filtered by event types, alone or with a stream")
        void typeFilter() {
            List<RecordedEvent> written = interleavedHistory();
            Set<String> types = Set.of("MoneyWithdrawn", "AccountNoted");
            String beta = streamId("beta");

            GlobalLogQuery ofTypes = GlobalLogQuery.after(startHead, 2).types(types);

            List<RecordedEvent> read = items(pages(ofTypes));
            List<RecordedEvent> readInBeta = items(pages(ofTypes.stream(beta)));

            assertThat(ids(read)).containsExactlyElementsOf(idsWhere(written, event -> types.contains(event.eventType())));
            assertThat(ids(readInBeta)).hasSize(1).containsExactlyElementsOf(idsWhere(written,
                    event -> types.contains(event.eventType()) && event.aggregateId().equals(beta)));
        }

        @Test
        @DisplayName("has its head at the position of the last event")
        void headPosition() {
            String account = streamId("head");
            for (long version = 0; version < 6; version += 2) {
                Appended appended = append(to(account, version, events(2)));
                assertThat(store.headPosition()).isEqualTo(appended.lastPosition());
            }
            assertThat(store.headPosition()).isEqualTo(last(logOfThisTest()).position());
        }

        @Test
        @DisplayName("gives concurrent appends unique positions, and holds each of their events once")
        void concurrentAppends() throws Exception {
            List<List<RecordedEvent>> perWriter = Race.run(CONCURRENT_WRITERS, deliveryTimeout(), writer -> {
                String account = streamId("writer-" + writer);
                List<RecordedEvent> written = new ArrayList<>();
                for (long version = 0; version < APPENDS_PER_WRITER; version++) {
                    written.addAll(append(to(account, version, events(1))).events());
                }
                return written;
            });
            List<RecordedEvent> written = perWriter.stream().flatMap(List::stream).toList();

            List<RecordedEvent> log = logOfThisTest();

            assertThat(positions(written)).doesNotHaveDuplicates();
            assertStrictlyIncreasing("positions", positions(log));
            assertThat(log).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactlyInAnyOrderElementsOf(written);
            for (int writer = 0; writer < CONCURRENT_WRITERS; writer++) {
                assertThat(versions(read(streamId("writer-" + writer)))).hasSize(APPENDS_PER_WRITER)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, APPENDS_PER_WRITER).boxed().toList());
            }
        }
    }

    @Nested
    @DisplayName("Time travel")
    class TimeTravel {

        @Test
        @DisplayName("reading until an event's created_at includes that event")
        void untilIsInclusive() {
            String account = streamId("travel");
            List<RecordedEvent> history = history(account, 4);

            for (int k = 0; k < history.size(); k++) {
                assertThat(idsUntil(account, history.get(k).createdAt()))
                        .as("until the created_at of version %d", k + 1)
                        .containsExactlyElementsOf(ids(history.subList(0, k + 1)));
            }
        }

        @Test
        @DisplayName("reading until a microsecond, or a nanosecond, before an event's created_at excludes that event")
        void untilExcludesLaterEvents() {
            String account = streamId("travel");
            List<RecordedEvent> history = history(account, 4);

            for (int k = 0; k < history.size(); k++) {
                for (Duration before : List.of(Duration.ofNanos(1_000), Duration.ofNanos(1))) {
                    assertThat(idsUntil(account, history.get(k).createdAt().minus(before)))
                            .as("until %s before the created_at of version %d", before, k + 1)
                            .containsExactlyElementsOf(ids(history.subList(0, k)));
                }
            }
        }

        @Test
        @DisplayName("reading until before the first event finds nothing")
        void untilBeforeFirstEvent() {
            String account = streamId("travel");
            Instant first = history(account, 2).get(0).createdAt();

            assertThat(idsUntil(account, first.minus(1, ChronoUnit.HOURS))).isEmpty();
            assertThat(idsUntil(account, Instant.EPOCH)).isEmpty();
        }

        @Test
        @DisplayName("reading until either end of time (Instant.MIN, Instant.MAX), past what a database's timestamp "
                + "holds, finds nothing, or every event")
        void untilEndsOfTime() {
            String account = streamId("travel");
            List<RecordedEvent> history = history(account, 3);

            assertThat(idsUntil(account, Instant.MIN)).isEmpty();
            assertThat(idsUntil(account, Instant.parse("-4714-01-01T00:00:00Z"))).isEmpty();
            assertThat(idsUntil(account, Instant.MAX)).containsExactlyElementsOf(ids(history));
            assertThat(idsUntil(account, Instant.parse("+294277-01-01T00:00:00Z"))).containsExactlyElementsOf(ids(history));
        }

        @Test
        @DisplayName("until combines with a first and a last version")
        void untilWithVersions() {
            String account = streamId("travel");
            List<RecordedEvent> history = history(account, 5);
            Instant atVersion4 = history.get(3).createdAt();

            Instant atVersion2 = history.get(1).createdAt();

            assertThat(versionsIn(account, StreamRange.from(2).until(atVersion4))).containsExactly(2L, 3L, 4L);
            assertThat(versionsIn(account, StreamRange.from(2).upToVersion(3).until(atVersion4))).containsExactly(2L, 3L);
            assertThat(versionsIn(account, StreamRange.all().upToVersion(5).until(atVersion2))).containsExactly(1L, 2L);
            assertThat(versionsIn(account, StreamRange.from(5).until(atVersion4))).isEmpty();
        }

        private List<UUID> idsUntil(String account, Instant time) {
            return idsIn(account, StreamRange.all().until(time));
        }
    }

    @Nested
    @DisplayName("Idempotency records")
    class IdempotencyRecords {

        @Test
        @DisplayName("an append with an idempotency record is recorded and found by its key")
        void recordedAndFound() {
            String account = streamId("idem");
            Idempotency idempotency = idempotency("hash-1");

            List<RecordedEvent> recorded = appended(tryAppend(idempotency, to(account, 0, events(2)))).events();

            IdempotentAppend found = store.findIdempotentAppend(key()).orElseThrow();
            assertThat(found.idempotency().key()).isEqualTo(key());
            assertThat(found.idempotency().requestHash()).isEqualTo(idempotency.requestHash());
            assertSameJson(found.idempotency().response(), idempotency.response());
            assertThat(found.createdAt()).isNotNull();
            assertThat(found.events()).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactlyElementsOf(recorded);
        }

        @Test
        @DisplayName("the same key and request hash again replays the original append and records nothing")
        void retryIsReplayed() {
            String account = streamId("idem");
            List<RecordedEvent> original =
                    appended(tryAppend(idempotency("hash-1"), to(account, 0, events(2)))).events();
            Observed before = observe(account);

            // The retry carries new event ids and a stale expected version: only the key may answer it.
            AppendResult retry = tryAppend(idempotency("hash-1"), to(account, 0, events(2)));

            assertThat(retry).isInstanceOf(Replayed.class);
            IdempotentAppend replayed = ((Replayed) retry).original();
            assertThat(replayed.events()).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactlyElementsOf(original);
            assertSameJson(replayed.idempotency().response(), REMEMBERED_RESPONSE);
            assertThat(observe(account)).isEqualTo(before);
        }

        @Test
        @DisplayName("the same key with another request hash is refused as reused, and nothing is written")
        void keyReusedForAnotherRequest() {
            String account = streamId("idem");
            appended(tryAppend(idempotency("hash-1"), to(account, 0, events(1))));
            Observed before = observe(account);

            AppendResult reuse = tryAppend(idempotency("hash-2"), to(account, 1, events(1)));

            assertThat(reuse).isEqualTo(new IdempotencyKeyReused(key()));
            assertThat(observe(account)).isEqualTo(before);
            assertThat(store.findIdempotentAppend(key()).orElseThrow().idempotency().requestHash()).isEqualTo("hash-1");
        }

        @Test
        @DisplayName("an idempotency record alone (an answer that recorded nothing) is remembered and replayed")
        void recordAlone() {
            long head = store.headPosition();

            Appended remembered = appended(store.append(AppendRequest.rememberOnly(idempotency("hash-1"))));

            assertThat(remembered.events()).isEmpty();
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(store.findIdempotentAppend(key())).hasValueSatisfying(
                    found -> assertThat(found.events()).isEmpty());
            AppendResult retry = store.append(AppendRequest.rememberOnly(idempotency("hash-1")));
            assertThat(retry).isInstanceOf(Replayed.class);
            assertSameJson(((Replayed) retry).original().idempotency().response(), REMEMBERED_RESPONSE);
            assertThat(store.append(AppendRequest.rememberOnly(idempotency("hash-2"))))
                    .isEqualTo(new IdempotencyKeyReused(key()));
            assertThat(tryAppend(idempotency("hash-1"), to(streamId("idem"), 0, events(1))))
                    .as("a later append with the key is a retry of the remembered answer").isInstanceOf(Replayed.class);
            assertThat(store.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("an unknown key is not found")
        void unknownKey() {
            assertThat(store.findIdempotentAppend("unknown-" + suffix)).isEmpty();
        }

        @Test
        @DisplayName("an append that conflicts does not store its key, so a retry at the right version is recorded")
        void conflictDoesNotStoreKey() {
            String account = streamId("idem");
            seed(account, 1);

            AppendResult conflict = tryAppend(idempotency("hash-1"), to(account, 0, events(1)));

            assertThat(conflict).isEqualTo(new VersionConflict(account, 0, 1));
            assertThat(store.findIdempotentAppend(key())).isEmpty();
            Appended retry = appended(tryAppend(idempotency("hash-1"), to(account, 1, events(1))));
            assertThat(single(retry.events()).streamVersion()).isEqualTo(2);
            assertThat(store.findIdempotentAppend(key())).isPresent();
        }

        private String key() {
            return "key-" + suffix;
        }

        private Idempotency idempotency(String requestHash) {
            return new Idempotency(key(), requestHash, REMEMBERED_RESPONSE);
        }

        private AppendResult tryAppend(Idempotency idempotency, StreamAppend... streams) {
            return store.append(AppendRequest.idempotent(idempotency, streams));
        }
    }

    @Nested
    @DisplayName("Unicode and large payloads")
    class Payloads {

        // Payloads are compared by JSON meaning (see EventAssertions.SAME_JSON): a database may keep JSON in a
        // binary form such as jsonb and give back other whitespace or key order, but never other strings or
        // numbers. In the samples, an escape with one backslash puts the character itself in the JSON text; one
        // with two backslashes stays a JSON escape.
        static Stream<Named<String>> unusualText() {
            return Stream.of(
                    Named.of("emoji and other characters outside the BMP", """
                            {"note": "Rent 💸 for 👩‍👩‍👧‍👦, with 𝄞 and 𠜎", "flag": "🇪🇺"}"""),
                    Named.of("combining marks, which must not be normalized", """
                            {"decomposed": "Zoe\u0308 e\u0301", "precomposed": "Zoë é", "stacked": "a\u0300\u0301\u0302"}"""),
                    Named.of("right-to-left text with direction marks", """
                            {"ar": "تحويل إلى حساب التوفير", "he": "העברה לחיסכון", "mixed": "ACC-1 \u200Fמ\u200E ACC-2"}"""),
                    Named.of("escaped quotes, backslashes and control characters", """
                            {"path": "C:\\\\temp\\\\new", "quote": "she said \\"hi\\"", "controls": "tab\\tline\\nend\\r",
                             "slash": "a\\/b", "escaped": "\\u00e9\\ud83d\\ude00", "bell": "\\u0007"}"""),
                    Named.of("exact decimals, nesting and every JSON type", """
                            {"amount": 1234.50, "tiny": 0.000001, "big": 123456789012345678901234567890.123456789,
                             "count": -42, "nested": {"list": [1, "two", {"three": [true, false, null]}], "empty": {}}}"""));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unusualText")
        @DisplayName("data and metadata with unusual text round-trip exactly")
        void unusualTextRoundTrips(String json) {
            assertRoundTrips(new NewEvent(UUID.randomUUID(), "NoteAdded", 1, json, json));
        }

        @Test
        @DisplayName("a payload of about one megabyte round-trips exactly")
        void largePayload() {
            String json = largeJson();
            assertThat(json.length()).isGreaterThanOrEqualTo(ONE_MEGABYTE);

            assertRoundTrips(event("StatementImported", json));
        }

        /** Appends the event and checks it in the append's answer, the stream and the global log. */
        private void assertRoundTrips(NewEvent sent) {
            String account = streamId("payload");
            RecordedEvent appended = single(append(to(account, 0, sent)).events());
            RecordedEvent fromStream = single(read(account));
            RecordedEvent fromLog = single(store.readAll(GlobalLogQuery.after(startHead, 10).stream(account)).items());
            for (RecordedEvent recorded : List.of(appended, fromStream, fromLog)) {
                assertThat(recorded.eventId()).isEqualTo(sent.eventId());
                assertSameJson(recorded.data(), sent.data());
                assertSameJson(recorded.metadata(), sent.metadata());
            }
        }

        private static String largeJson() {
            ObjectNode root = Json.shared().createObjectNode();
            ArrayNode lines = root.putArray("lines");
            int size = 0;
            for (int line = 0; size < ONE_MEGABYTE; line++) {
                String text = "Zahlung Nr. " + line + " – Ünïcödé 💸 \"quoted\" \\ back\\slash, שלום";
                lines.addObject().put("line", line).put("amount", "12.3" + line % 10).put("text", text);
                size += text.length() + 40;
            }
            return root.toString();
        }
    }

    @Nested
    @DisplayName("Live tail")
    class LiveTail {

        @Test
        @DisplayName("delivers the existing events, then new ones as they are appended, in position order, each once")
        void existingThenNew() throws Exception {
            String account = streamId("tailed");
            List<RecordedEvent> existing = seed(account, 3);
            Inbox<RecordedEvent> inbox = inbox();

            tail(startHead, inbox::add);
            List<RecordedEvent> firstDeliveries = inbox.take(3);
            List<RecordedEvent> appended = concat(
                    append(to(account, 3, events(2))).events(),
                    seed(streamId("other"), 1));
            List<RecordedEvent> laterDeliveries = inbox.take(3);

            assertThat(ids(firstDeliveries)).containsExactlyElementsOf(ids(existing));
            assertThat(ids(laterDeliveries)).containsExactlyElementsOf(ids(appended));
            assertStrictlyIncreasing("positions", positions(concat(firstDeliveries, laterDeliveries)));
            inbox.assertNothingWithin(quietPeriod());
        }

        @Test
        @DisplayName("starts after the given position")
        void startsAfterPosition() throws Exception {
            List<RecordedEvent> existing = seed(streamId("tailed"), 4);
            Inbox<RecordedEvent> inbox = inbox();

            tail(existing.get(1).position(), inbox::add);

            assertThat(ids(inbox.take(2))).containsExactlyElementsOf(ids(existing.subList(2, 4)));
            inbox.assertNothingWithin(quietPeriod());
        }

        @Test
        @DisplayName("offers an event again to a listener that threw, skipping nothing")
        void retriesFailedEvent() throws Exception {
            List<RecordedEvent> existing = seed(streamId("tailed"), 3);
            UUID failing = existing.get(1).eventId();
            AtomicBoolean failed = new AtomicBoolean();
            Inbox<RecordedEvent> offered = inbox();

            tail(startHead, event -> {
                offered.add(event);
                if (event.eventId().equals(failing) && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("deliberate failure: the tail must offer this event again");
                }
            });

            assertThat(ids(offered.take(4))).containsExactly(
                    existing.get(0).eventId(), failing, failing, existing.get(2).eventId());
            offered.assertNothingWithin(quietPeriod());
        }

        @Test
        @DisplayName("stops delivering once closed")
        void closeStops() throws Exception {
            String account = streamId("tailed");
            Inbox<RecordedEvent> inbox = inbox();
            Subscription tail = tail(startHead, inbox::add);
            RecordedEvent first = single(seed(account, 1));
            assertThat(inbox.next().eventId()).isEqualTo(first.eventId());

            tail.close();
            append(to(account, 1, events(1)));

            inbox.assertNothingWithin(quietPeriod());
        }

        private Inbox<RecordedEvent> inbox() {
            return new Inbox<>(deliveryTimeout());
        }

        private Subscription tail(long afterPosition, TailListener listener) {
            Subscription tail = store.tail(afterPosition, listener);
            tails.add(tail);
            return tail;
        }
    }

    /** What a failed append must leave untouched: the head, the log of the test and some streams. */
    private record Observed(long head, List<UUID> log, Map<String, List<UUID>> streams) {
    }

    private Observed observe(String... streamIds) {
        Map<String, List<UUID>> streams = new LinkedHashMap<>();
        for (String streamId : streamIds) {
            streams.put(streamId, ids(read(streamId)));
        }
        return new Observed(store.headPosition(), ids(logOfThisTest()), streams);
    }

    private NewEvent[] events(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> event("MoneyDeposited", "{\"amount\":" + n + "}"))
                .toArray(NewEvent[]::new);
    }

    private static StreamAppend to(String streamId, long expectedVersion, NewEvent... events) {
        return new StreamAppend(streamId, AGGREGATE_TYPE, expectedVersion, List.of(events));
    }

    private AppendResult tryAppend(StreamAppend... streams) {
        return store.append(AppendRequest.of(streams));
    }

    private Appended append(StreamAppend... streams) {
        return appended(tryAppend(streams));
    }

    private static Appended appended(AppendResult result) {
        assertThat(result).as("the outcome of an append that should succeed").isInstanceOf(Appended.class);
        return (Appended) result;
    }

    /** Writes a new stream of {@code count} events in one append. */
    private List<RecordedEvent> seed(String streamId, int count) {
        return append(to(streamId, StreamAppend.NO_STREAM, events(count))).events();
    }

    /** Writes a new stream of {@code count} events, one append each. */
    private List<RecordedEvent> history(String streamId, int count) {
        List<RecordedEvent> history = new ArrayList<>();
        for (long version = 0; version < count; version++) {
            history.add(single(append(to(streamId, version, events(1))).events()));
        }
        return history;
    }

    /** Writes six events of three types to three streams, in five appends; returns them in append order. */
    private List<RecordedEvent> interleavedHistory() {
        String alpha = streamId("alpha");
        String beta = streamId("beta");
        return concat(
                append(to(alpha, 0, events(2))).events(),
                append(to(beta, 0, event("MoneyDeposited", "{\"amount\":5}"))).events(),
                append(to(streamId("gamma"), 0, event("AccountNoted", "{\"note\":\"vip\"}"))).events(),
                append(to(alpha, 2, event("MoneyWithdrawn", "{\"amount\":1}"))).events(),
                append(to(beta, 1, event("MoneyWithdrawn", "{\"amount\":2}"))).events());
    }

    private List<RecordedEvent> read(String streamId) {
        return store.readStream(streamId, StreamRange.all());
    }

    private List<UUID> idsIn(String streamId, StreamRange range) {
        return ids(store.readStream(streamId, range));
    }

    private List<Long> versionsIn(String streamId, StreamRange range) {
        return versions(store.readStream(streamId, range));
    }

    /** Reads every page of a query, each after the last position of the one before. */
    private List<Page<RecordedEvent>> pages(GlobalLogQuery query) {
        List<Page<RecordedEvent>> pages = new ArrayList<>();
        GlobalLogQuery next = query;
        while (true) {
            Page<RecordedEvent> page = store.readAll(next);
            pages.add(page);
            if (!page.hasMore()) {
                return pages;
            }
            assertThat(page.items()).as("a page that says more follow").isNotEmpty();
            next = new GlobalLogQuery(last(page.items()).position(), query.limit(), query.streamId(), query.eventTypes());
        }
    }

    /** Returns the events appended since the test began (assuming no other writer). */
    private List<RecordedEvent> logOfThisTest() {
        return items(pages(GlobalLogQuery.after(startHead, 100)));
    }

    private static List<RecordedEvent> items(List<Page<RecordedEvent>> pages) {
        return pages.stream().flatMap(page -> page.items().stream()).toList();
    }

    private static List<Integer> pageSizes(int total, int limit) {
        List<Integer> sizes = new ArrayList<>();
        for (int remaining = total; remaining > 0; remaining -= limit) {
            sizes.add(Math.min(remaining, limit));
        }
        return sizes;
    }

    private static List<UUID> idsWhere(List<RecordedEvent> events, Predicate<RecordedEvent> which) {
        return ids(events.stream().filter(which).toList());
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static <T> T last(List<T> items) {
        assertThat(items).isNotEmpty();
        return items.get(items.size() - 1);
    }
}
