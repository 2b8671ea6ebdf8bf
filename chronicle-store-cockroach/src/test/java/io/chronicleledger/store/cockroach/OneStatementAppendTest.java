package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.store.cockroach.internal.Appender;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.store.cockroach.internal.Transactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        appender = new Appender(DATABASE.tables(), Clock.systemUTC());
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
        assertThat(store.unpublished(10_000)).containsAll(events);
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

    @Test
    @DisplayName("batches of 1 to 6 appends, each with a key, on assumed heads: the same record in either form")
    void bothFormsOfTheStatementRecordAlike() {
        // up to 4 rows of each kind the values are parameters of their own, from 5 on arrays (RecordStatement)
        for (int size = 1; size <= 6; size++) {
            List<AppendRequest> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String stream = newStream();
                assertThat(store.append(AppendRequest.of(append(stream, 0, 1)))).isInstanceOf(AppendResult.Appended.class);
                batch.add(AppendRequest.idempotent(new Idempotency("key-" + stream, "hash-" + i, "{\"n\":" + i + "}"),
                        append(stream, 1, 1)));
            }
            long head = store.headPosition();

            List<AppendResult> answers = recordInOneStatement(batch);

            for (int i = 0; i < size; i++) {
                StreamAppend appended = batch.get(i).streams().get(0);
                List<RecordedEvent> events = store.readStream(appended.streamId(), StreamRange.all());
                assertThat(events).as("batch of %d, append %d", size, i).hasSize(2);
                RecordedEvent event = events.get(1);
                assertThat(event.position()).isEqualTo(head + 1 + i);
                assertThat(event.eventId()).isEqualTo(appended.events().get(0).eventId());
                assertThat(event.createdAt()).isAfter(events.get(0).createdAt());
                assertThat(answers.get(i)).isEqualTo(new AppendResult.Appended(List.of(event)));
                Idempotency key = batch.get(i).idempotency().orElseThrow();
                assertThat(store.findIdempotentAppend(key.key())).contains(
                        new IdempotentAppend(key, event.createdAt(), List.of(event)));
            }
            assertThat(store.headPosition()).isEqualTo(head + size);
        }
    }

    @Test
    @DisplayName("a transfer under one key, keys without events, an append without a key: one batch, either form")
    void everyShapeOfBatch() {
        for (int keysAlone : new int[] {1, 5}) { // 5 idempotency records of their own: more than the values form takes
            String from = newStream();
            String to = newStream();
            String plain = newStream();
            Idempotency transferKey = new Idempotency("transfer-" + from, "hash", "{\"transfer\":true}");
            List<AppendRequest> batch = new ArrayList<>();
            batch.add(AppendRequest.idempotent(transferKey, append(from, 0, 1), append(to, 0, 2)));
            List<Idempotency> remembered = new ArrayList<>();
            for (int i = 0; i < keysAlone; i++) {
                remembered.add(new Idempotency("alone-" + i + "-" + from, "hash", "{}"));
                batch.add(AppendRequest.rememberOnly(remembered.get(i)));
            }
            batch.add(AppendRequest.of(append(plain, 0, 1)));
            long head = store.headPosition();

            List<AppendResult> answers = recordInOneStatement(batch);

            List<RecordedEvent> transfer = new ArrayList<>(store.readStream(from, StreamRange.all()));
            transfer.addAll(store.readStream(to, StreamRange.all()));
            List<RecordedEvent> plainEvents = store.readStream(plain, StreamRange.all());
            assertThat(transfer).extracting(RecordedEvent::position).containsExactly(head + 1, head + 2, head + 3);
            assertThat(plainEvents).extracting(RecordedEvent::position).containsExactly(head + 4);
            assertThat(answers.get(0)).isEqualTo(new AppendResult.Appended(transfer));
            assertThat(answers.subList(1, 1 + keysAlone)).containsOnly(new AppendResult.Appended(List.of()));
            assertThat(answers.get(1 + keysAlone)).isEqualTo(new AppendResult.Appended(plainEvents));
            assertThat(store.findIdempotentAppend(transferKey.key())).map(IdempotentAppend::events).contains(transfer);
            for (Idempotency key : remembered) {
                assertThat(store.findIdempotentAppend(key.key())).map(IdempotentAppend::events).contains(List.of());
            }
            assertThat(store.headPosition()).isEqualTo(head + 4);

            List<AppendRequest> keysOnly = new ArrayList<>();
            for (int i = 0; i < keysAlone; i++) {
                keysOnly.add(AppendRequest.rememberOnly(new Idempotency("only-" + i + "-" + from, "hash", "{}")));
            }
            assertThat(recordInOneStatement(keysOnly)).as("a batch without events")
                    .containsOnly(new AppendResult.Appended(List.of())).hasSize(keysAlone);
            assertThat(store.findIdempotentAppend("only-0-" + from)).map(IdempotentAppend::events).contains(List.of());
            assertThat(store.headPosition()).isEqualTo(head + 4);
        }
    }

    @Test
    @DisplayName("the append's statement keeps a generic plan, in either form")
    void genericPlans() throws SQLException {
        EventTables tables = DATABASE.tables();
        try (Connection connection = DATABASE.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            for (int size : new int[] {1, 5}) {
                for (int run = 0; run < 12; run++) {
                    List<RecordedEvent> events = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        events.add(new RecordedEvent(1, UUID.randomUUID(), newStream(), "Test", "Happened", 1, 1,
                                "{}", "{}", Instant.now()));
                    }
                    List<EventTables.KeyToKeep> keys = List.of(new EventTables.KeyToKeep(
                            new Idempotency(UUID.randomUUID().toString(), "hash", "{}"), 0, size, Instant.now()));
                    tables.record(connection, events, keys, List.of());
                }
            }
            Map<Boolean, Long> genericPlans = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT statement LIKE '%unnest(%', generic_plans "
                         + "FROM pg_prepared_statements WHERE statement LIKE 'WITH %claimed AS (%'")) {
                while (rows.next()) {
                    genericPlans.merge(rows.getBoolean(1), rows.getLong(2), Long::sum);
                }
            }
            assertThat(genericPlans).as("generic plans of the values form (false) and the arrays form (true)")
                    .containsOnlyKeys(false, true).allSatisfy((arrays, plans) -> assertThat(plans).isPositive());
        }
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
