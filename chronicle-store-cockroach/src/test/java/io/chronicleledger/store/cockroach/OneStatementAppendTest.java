package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.store.cockroach.internal.Appender;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.store.cockroach.internal.Transactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.chronicleledger.store.cockroach.TestAppends.append;
import static io.chronicleledger.store.cockroach.TestAppends.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("an append in one statement, decided without reading first, on PostgreSQL")
class OneStatementAppendTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    private CockroachEventStore store;
    private Appender appender;

    @BeforeEach
    void openStore() {
        store = DATABASE.eventStore();
        appender = new Appender(new EventTables(DATABASE.schema()), Clock.systemUTC());
    }

    @Test
    @DisplayName("new streams and remembered heads: decided without a read, recorded after the head, with the key")
    void recordsOnRememberedHeads() {
        String stream = newStream();
        Idempotency key = new Idempotency("key-" + stream, "hash", "{\"ok\":true}");
        List<AppendRequest> first = List.of(AppendRequest.of(append(stream, 0, 2)));
        recordInOneStatement(first);
        long head = store.headPosition();

        List<AppendRequest> second = List.of(AppendRequest.idempotent(key, append(stream, 2, 2)),
                AppendRequest.of(append(stream, 4, 1)));
        List<AppendResult> answers = recordInOneStatement(second);

        List<RecordedEvent> events = store.readStream(stream, StreamRange.all());
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(RecordedEvent::createdAt).isSorted().doesNotHaveDuplicates();
        assertThat(events.subList(2, 5)).extracting(RecordedEvent::position)
                .containsExactly(head + 1, head + 2, head + 3);
        assertThat(answers).containsExactly(new AppendResult.Appended(events.subList(2, 4)),
                new AppendResult.Appended(events.subList(4, 5)));
        assertThat(store.headPosition()).isEqualTo(head + 3);
        assertThat(store.findIdempotentAppend(key.key())).map(IdempotentAppend::events)
                .contains(events.subList(2, 4));
        assertThat(store.unpublished(100)).containsAll(events);
    }

    @Test
    @DisplayName("a stream not remembered is assumed at the expected version, checked by the statement")
    void unknownHeadsAreAssumedAndChecked() {
        String stream = newStream();
        assertThat(store.append(AppendRequest.of(append(stream, 0, 3)))).isInstanceOf(AppendResult.Appended.class);

        List<AppendResult> answers = recordInOneStatement(List.of(AppendRequest.of(append(stream, 3, 1)),
                AppendRequest.of(append(stream, 4, 1))));

        List<RecordedEvent> events = store.readStream(stream, StreamRange.all());
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(RecordedEvent::createdAt).isSorted().doesNotHaveDuplicates();
        assertThat(answers).containsExactly(new AppendResult.Appended(events.subList(3, 4)),
                new AppendResult.Appended(events.subList(4, 5)));
        assertThat(appender.decideWithoutReading(List.of(AppendRequest.of(append(stream, 4, 1)))))
                .as("an append expecting an earlier version than the remembered one").isEmpty();
    }

    @Test
    @DisplayName("an assumed head that is not there: the statement writes nothing; the store answers the conflict")
    void missingAssumedHeadWritesNothing() {
        String stream = newStream();
        assertThat(store.append(AppendRequest.of(append(stream, 0, 3)))).isInstanceOf(AppendResult.Appended.class);
        long head = store.headPosition();

        Appender.Decided wrong = appender.decideWithoutReading(List.of(AppendRequest.of(append(newStream(), 0, 1)),
                AppendRequest.of(append(stream, 5, 1)))).orElseThrow();
        assertThatThrownBy(() -> Transactions.autoCommitted(DATABASE.dataSource(), "test",
                connection -> appender.record(connection, wrong)))
                .isInstanceOf(EventStoreException.class).hasCauseInstanceOf(EventTables.AssumedHeadMissing.class);
        assertThat(store.headPosition()).isEqualTo(head);

        CockroachEventStore other = DATABASE.eventStore();
        assertThat(other.append(AppendRequest.of(append(stream, 5, 1))))
                .isEqualTo(new AppendResult.VersionConflict(stream, 5, 3));
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(store.readStream(stream, StreamRange.all())).hasSize(3);
    }

    @Test
    @DisplayName("an assumed head recorded at a later moment than the append's: checked, then recorded after it")
    void clockBehindTheAssumedHead() {
        String stream = newStream();
        Instant ahead = Instant.now().plusSeconds(3_600);
        CockroachEventStore aheadStore = CockroachEventStore.builder().dataSource(DATABASE.dataSource())
                .schema(DATABASE.schema()).clock(Clock.fixed(ahead, ZoneOffset.UTC)).build();
        assertThat(aheadStore.append(AppendRequest.of(append(stream, 0, 1)))).isInstanceOf(AppendResult.Appended.class);

        Appender.Decided behind = appender.decideWithoutReading(List.of(AppendRequest.of(append(stream, 1, 1))))
                .orElseThrow();
        assertThatThrownBy(() -> Transactions.autoCommitted(DATABASE.dataSource(), "test",
                connection -> appender.record(connection, behind)))
                .hasCauseInstanceOf(EventTables.AssumedHeadMissing.class);

        assertThat(store.append(AppendRequest.of(append(stream, 1, 1)))).isInstanceOf(AppendResult.Appended.class);
        List<RecordedEvent> events = store.readStream(stream, StreamRange.all());
        assertThat(events).extracting(RecordedEvent::createdAt).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(1).createdAt()).isAfter(ahead);
    }

    @Test
    @DisplayName("a batch that would refuse or replay a request is not decided without reading")
    void onlyBatchesThatRecordEverything() {
        String stream = newStream();
        Idempotency key = new Idempotency("key-" + stream, "hash", "{}");

        assertThat(appender.decideWithoutReading(List.of(AppendRequest.of(append(stream, 0, 1)),
                AppendRequest.of(append(stream, 0, 1))))).as("two appends expecting the same version").isEmpty();
        assertThat(appender.decideWithoutReading(List.of(AppendRequest.idempotent(key, append(stream, 0, 1)),
                AppendRequest.idempotent(key, append(newStream(), 0, 1))))).as("a key twice").isEmpty();
    }

    @Test
    @DisplayName("a remembered head made stale by another writer: the statement fails on the unique key, writes nothing")
    void staleHeadFailsTheStatement() {
        String stream = newStream();
        recordInOneStatement(List.of(AppendRequest.of(append(stream, 0, 1))));
        assertThat(store.append(AppendRequest.of(append(stream, 1, 1)))).isInstanceOf(AppendResult.Appended.class);
        long head = store.headPosition();
        int unpublished = store.unpublished(10_000).size();

        Appender.Decided stale = appender.decideWithoutReading(List.of(
                AppendRequest.of(append(stream, 1, 1)), AppendRequest.of(append(newStream(), 0, 1)))).orElseThrow();
        assertThatThrownBy(() -> Transactions.autoCommitted(DATABASE.dataSource(), "test",
                connection -> appender.record(connection, stale)))
                .isInstanceOf(EventStoreException.class).hasMessageContaining(Sql.EVENTS_STREAM_VERSION_UNIQUE)
                .hasCauseInstanceOf(SQLException.class);

        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(store.unpublished(10_000)).hasSize(unpublished);
    }

    @Test
    @DisplayName("through the store: a stream created elsewhere, and a known key, get the answers of a read")
    void storeFallsBackToReadingFirst() {
        String stream = newStream();
        CockroachEventStore other = DATABASE.eventStore();
        assertThat(other.append(AppendRequest.of(append(stream, 0, 1)))).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.append(AppendRequest.of(append(stream, 0, 1))))
                .isEqualTo(new AppendResult.VersionConflict(stream, 0, 1));

        Idempotency key = new Idempotency("key-" + stream, "hash", "{}");
        AppendResult first = store.append(AppendRequest.idempotent(key, append(stream, 1, 1)));
        assertThat(first).isInstanceOf(AppendResult.Appended.class);
        long head = store.headPosition();

        assertThat(store.append(AppendRequest.idempotent(key, append(stream, 2, 1))))
                .as("the same key and request on the current head").isInstanceOf(AppendResult.Replayed.class);
        assertThat(store.append(AppendRequest.idempotent(new Idempotency(key.key(), "another", "{}"),
                append(stream, 2, 1)))).isEqualTo(new AppendResult.IdempotencyKeyReused(key.key()));
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(store.readStream(stream, StreamRange.all())).hasSize(2);
    }

    private List<AppendResult> recordInOneStatement(List<AppendRequest> requests) {
        Optional<Appender.Decided> decided = appender.decideWithoutReading(requests);
        assertThat(decided).as("decided without reading").isPresent();
        Appender.Outcome outcome = Transactions.autoCommitted(DATABASE.dataSource(), "test",
                connection -> appender.record(connection, decided.get()));
        appender.committed(requests, outcome);
        return outcome.answers();
    }
}
