package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.chronicleledger.store.cockroach.TestAppends.append;
import static io.chronicleledger.store.cockroach.TestAppends.newStream;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("positions claimed on PostgreSQL: from the sequence (with holes) or the counter row (without)")
class PositionClaimTest {

    @RegisterExtension
    static final SchemaPerClass SEQUENCE = SchemaPerClass.onTestPostgres(PositionClaim.SEQUENCE);

    @RegisterExtension
    static final SchemaPerClass COUNTER_ROW = SchemaPerClass.onTestPostgres(PositionClaim.COUNTER_ROW);

    @Test
    @DisplayName("PostgreSQL's default claim is the sequence")
    void sequenceByDefault() throws SQLException {
        try (Connection connection = SEQUENCE.dataSource().getConnection()) {
            assertThat(PositionClaim.of(connection)).isEqualTo(PositionClaim.SEQUENCE);
        }
    }

    @Test
    @DisplayName("the sequence: an append refused after its claim leaves a hole, which the log, the head and the outbox pass over")
    void sequenceLeavesHoles() {
        CockroachEventStore store = sequenceStoreWithEmptyOutbox();
        List<RecordedEvent> events = eventsAroundRefusedAppend(store, SEQUENCE.eventStore());

        assertThat(events.get(2).position()).as("the position after the hole").isEqualTo(events.get(1).position() + 2);
        assertThat(store.headPosition()).isEqualTo(events.get(2).position());

        List<RecordedEvent> unpublished = store.unpublished(10);
        assertThat(unpublished).isEqualTo(events);
        assertThat(store.backlog()).as("events counted, not positions")
                .isEqualTo(new OutboxBacklog(3, Optional.of(events.get(0).createdAt())));
        assertThat(store.markPublishedAndReadNext(unpublished, 10)).as("the cursor moved over the hole").isEmpty();
        assertThat(store.backlog()).isEqualTo(OutboxBacklog.EMPTY);
    }

    @Test
    @DisplayName("the sequence: an event marked after the hole and an unmarked event stays in the outbox")
    void unmarkedEventStopsTheCursor() {
        CockroachEventStore store = sequenceStoreWithEmptyOutbox();
        List<RecordedEvent> events = eventsAroundRefusedAppend(store, SEQUENCE.eventStore());

        store.markPublished(List.of(events.get(0), events.get(2)));

        assertThat(store.unpublished(10)).containsExactly(events.get(1), events.get(2));
        store.markPublished(List.of(events.get(1), events.get(2)));
        assertThat(store.unpublished(10)).isEmpty();
    }

    @Test
    @DisplayName("the counter row: the same refused append leaves no hole")
    void counterRowHasNoHoles() {
        CockroachEventStore store = COUNTER_ROW.eventStore();
        List<RecordedEvent> events = eventsAroundRefusedAppend(store, COUNTER_ROW.eventStore());

        assertThat(events).extracting(RecordedEvent::position).containsExactly(events.get(0).position(),
                events.get(0).position() + 1, events.get(0).position() + 2);
        assertThat(store.headPosition()).isEqualTo(events.get(2).position());
    }

    /** A store on the sequence's schema, its outbox emptied of the events of the other tests. */
    private static CockroachEventStore sequenceStoreWithEmptyOutbox() {
        CockroachEventStore store = SEQUENCE.eventStore();
        store.markPublished(store.unpublished(1_000));
        return store;
    }

    /**
     * Appends an event through {@code store}, one through {@code other} on the same stream, then one through
     * {@code store} that expects the stream where it remembers it: decided without reading, its statement claims
     * positions and fails on the stream's version, and the store answers a conflict. Then one more event.
     *
     * @return the three events recorded, from the global log
     */
    private static List<RecordedEvent> eventsAroundRefusedAppend(CockroachEventStore store, CockroachEventStore other) {
        long head = store.headPosition();
        String stream = newStream();
        assertThat(store.append(AppendRequest.of(append(stream, 0, 1)))).isInstanceOf(AppendResult.Appended.class);
        assertThat(other.append(AppendRequest.of(append(stream, 1, 1)))).isInstanceOf(AppendResult.Appended.class);

        assertThat(store.append(AppendRequest.of(append(stream, 1, 1))))
                .isEqualTo(new AppendResult.VersionConflict(stream, 1, 2));

        assertThat(store.append(AppendRequest.of(append(newStream(), 0, 1)))).isInstanceOf(AppendResult.Appended.class);
        List<RecordedEvent> events = store.readAll(GlobalLogQuery.after(head, 10)).items();
        assertThat(events).hasSize(3);
        return events;
    }
}
