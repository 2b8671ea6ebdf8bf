package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.store.cockroach.internal.Appender;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.Transactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.chronicleledger.store.cockroach.TestAppends.append;
import static io.chronicleledger.store.cockroach.TestAppends.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("group commit on PostgreSQL: several appends in one transaction, each with its own answer")
class GroupCommitAppendTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    private CockroachEventStore store;
    private Appender appender;

    @BeforeEach
    void openStore() {
        store = DATABASE.eventStore();
        appender = new Appender(DATABASE.tables(), Clock.systemUTC());
    }

    @Test
    @DisplayName("a later append of a batch builds on the events of an earlier one to the same stream")
    void laterAppendsSeeEarlierOnes() {
        String stream = newStream();
        List<AppendResult> answers = inOneTransaction(
                AppendRequest.of(append(stream, 0, 2)),
                AppendRequest.of(append(stream, 2, 1)));

        assertThat(answers).allMatch(AppendResult.Appended.class::isInstance);
        List<RecordedEvent> events = store.readStream(stream, StreamRange.all());
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(RecordedEvent::createdAt).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(2).position()).isEqualTo(events.get(1).position() + 1);
    }

    @Test
    @DisplayName("a stale append of a batch is refused alone; positions stay without gaps")
    void staleAppendRefusedAlone() {
        String stream = newStream();
        String other = newStream();
        long head = store.headPosition();
        List<AppendResult> answers = inOneTransaction(
                AppendRequest.of(append(stream, 0, 1)),
                AppendRequest.of(append(stream, 0, 3)),
                AppendRequest.of(append(other, 0, 1)));

        assertThat(answers.get(0)).isInstanceOf(AppendResult.Appended.class);
        assertThat(answers.get(1)).isEqualTo(new AppendResult.VersionConflict(stream, 0, 1));
        assertThat(answers.get(2)).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.headPosition()).isEqualTo(head + 2);
        assertThat(store.readAll(GlobalLogQuery.after(head, 10)).items())
                .extracting(RecordedEvent::position).containsExactly(head + 1, head + 2);
    }

    @Test
    @DisplayName("a key used twice in a batch: the same request replays the first, another request is refused")
    void keyTwiceInOneBatch() {
        String stream = newStream();
        Idempotency first = new Idempotency("key-" + stream, "hash-1", "{\"first\":true}");
        List<AppendResult> answers = inOneTransaction(
                AppendRequest.idempotent(first, append(stream, 0, 1)),
                AppendRequest.idempotent(new Idempotency(first.key(), "hash-1", "{}"), append(stream, 1, 1)),
                AppendRequest.idempotent(new Idempotency(first.key(), "hash-2", "{}"), append(stream, 1, 1)));

        AppendResult.Appended recorded = (AppendResult.Appended) answers.get(0);
        assertThat(answers.get(1)).isInstanceOfSatisfying(AppendResult.Replayed.class, replay -> {
            assertThat(replay.original().idempotency()).isEqualTo(first);
            assertThat(replay.original().events()).isEqualTo(recorded.events());
        });
        assertThat(answers.get(2)).isEqualTo(new AppendResult.IdempotencyKeyReused(first.key()));
        assertThat(store.readStream(stream, StreamRange.all())).hasSize(1);
        assertThat(store.findIdempotentAppend(first.key())).hasValueSatisfying(remembered -> {
            assertThat(remembered.idempotency()).isEqualTo(first);
            assertThat(remembered.events()).isEqualTo(recorded.events());
        });
    }

    @Test
    @DisplayName("a batch that records nothing leaves the store as it was")
    void allRefused() {
        String stream = newStream();
        store.append(AppendRequest.of(append(stream, 0, 1)));
        long head = store.headPosition();

        List<AppendResult> answers = inOneTransaction(
                AppendRequest.of(append(stream, 0, 1)),
                AppendRequest.of(append(stream, 5, 1)));

        assertThat(answers).allMatch(AppendResult.VersionConflict.class::isInstance);
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(store.readStream(stream, StreamRange.all())).hasSize(1);
    }

    @Test
    @DisplayName("16 concurrent writers: every append answered, one reused event id refused alone, every event recorded once")
    void concurrentWriters() throws Exception {
        int writers = 16;
        int perWriter = 40;
        AtomicInteger transactions = new AtomicInteger();
        CockroachEventStore counted = CockroachEventStore.builder().schema(DATABASE.schema())
                .dataSource(counting(DATABASE.dataSource(), transactions)).build();
        long head = counted.headPosition();
        UUID reused = UUID.randomUUID();
        counted.append(AppendRequest.of(new StreamAppend(newStream(), "Test", 0,
                List.of(new NewEvent(reused, "Happened", 1, "{}", "{}")))));

        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<String>>> outcomes = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                boolean reusesId = w == writers - 1;
                outcomes.add(pool.submit(() -> {
                    String stream = newStream();
                    start.await();
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        UUID id = reusesId && i == perWriter / 2 ? reused : UUID.randomUUID();
                        try {
                            AppendResult result = counted.append(AppendRequest.of(new StreamAppend(stream, "Test", i,
                                    List.of(new NewEvent(id, "Happened", 1, "{}", "{}")))));
                            seen.add(result.getClass().getSimpleName());
                        } catch (IllegalArgumentException e) {
                            seen.add("refused: " + e.getMessage());
                            break; // the stream's version did not move: the writer stops here
                        }
                    }
                    return seen;
                }));
            }
            int appended = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<List<String>> outcome : outcomes) {
                for (String seen : outcome.get(120, TimeUnit.SECONDS)) {
                    if (seen.equals("Appended")) {
                        appended++;
                    } else {
                        refusals.add(seen);
                    }
                }
            }
            assertThat(refusals).singleElement().asString().contains("already recorded");
            assertThat(appended).isEqualTo((writers - 1) * perWriter + perWriter / 2);

            int total = appended + 1;
            assertThat(transactions.get()).as("connections taken: appends shared transactions")
                    .isLessThan(writers * perWriter);
            List<Long> positions = counted.readAll(GlobalLogQuery.after(head, total + 1)).items().stream()
                    .map(RecordedEvent::position).toList();
            // the transactions that failed on the reused id claimed positions from the sequence: holes, in between
            assertThat(positions).hasSize(total).isSorted().doesNotHaveDuplicates();
            assertThat(counted.headPosition()).isEqualTo(positions.get(total - 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a head remembered by one store goes stale when another appends; the stale append is a conflict")
    void staleRememberedHead() {
        String stream = newStream();
        CockroachEventStore other = DATABASE.eventStore();
        assertThat(store.append(AppendRequest.of(append(stream, 0, 1)))).isInstanceOf(AppendResult.Appended.class);
        assertThat(other.append(AppendRequest.of(append(stream, 1, 1)))).isInstanceOf(AppendResult.Appended.class);

        assertThat(store.append(AppendRequest.of(append(stream, 1, 1))))
                .isEqualTo(new AppendResult.VersionConflict(stream, 1, 2));
        assertThat(store.append(AppendRequest.of(append(stream, 2, 1)))).isInstanceOf(AppendResult.Appended.class);

        List<RecordedEvent> events = store.readStream(stream, StreamRange.all());
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(RecordedEvent::createdAt).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a batch on a stale remembered head fails whole, so that its appends can run again alone")
    void staleHeadFailsBatch() {
        String stream = newStream();
        List<AppendRequest> first = List.of(AppendRequest.of(append(stream, 0, 1)));
        appender.committed(first, Transactions.inTransaction(DATABASE.dataSource(), "test batch",
                connection -> appender.append(connection, first)));
        assertThat(store.append(AppendRequest.of(append(stream, 1, 1)))).isInstanceOf(AppendResult.Appended.class);
        long head = store.headPosition();

        assertThatThrownBy(() -> inOneTransaction(AppendRequest.of(append(stream, 1, 1)),
                AppendRequest.of(append(newStream(), 0, 1))))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("events_stream_version_uq");
        assertThat(store.headPosition()).isEqualTo(head);
    }

    @Test
    @DisplayName("a stale remembered head never refuses: the batch reads the head and decides again")
    void staleHeadNeverRefuses() {
        String stream = newStream();
        List<AppendRequest> first = List.of(AppendRequest.of(append(stream, 0, 1)));
        appender.committed(first, Transactions.inTransaction(DATABASE.dataSource(), "test batch",
                connection -> appender.append(connection, first)));
        Idempotency key = new Idempotency("key-" + stream, "hash", "{}");
        assertThat(store.append(AppendRequest.idempotent(key, append(stream, 1, 1))))
                .isInstanceOf(AppendResult.Appended.class);

        List<AppendResult> answers = inOneTransaction(
                AppendRequest.idempotent(key, append(stream, 1, 1)),
                AppendRequest.of(append(stream, 2, 1)));

        assertThat(answers.get(0)).isInstanceOf(AppendResult.Replayed.class);
        assertThat(answers.get(1)).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.readStream(stream, StreamRange.all())).extracting(RecordedEvent::streamVersion)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("refuses a maximum below one append per transaction")
    void refusesNoBatch() {
        assertThatThrownBy(() -> CockroachEventStore.builder().maxAppendsPerTransaction(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    /** A data source that counts the connections taken from it (one per transaction or read). */
    private static DataSource counting(DataSource dataSource, AtomicInteger taken) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection")) {
                        taken.incrementAndGet();
                    }
                    return Forwarding.call(dataSource, method, arguments);
                });
    }

    private List<AppendResult> inOneTransaction(AppendRequest... requests) {
        return Transactions.inTransaction(DATABASE.dataSource(), "test batch",
                connection -> appender.append(connection, List.of(requests)).answers());
    }
}
