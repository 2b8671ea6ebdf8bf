package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.store.cockroach.internal.GroupCommit.Completion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static io.chronicleledger.store.cockroach.TestAppends.append;
import static io.chronicleledger.store.cockroach.TestAppends.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Appends whose data PostgreSQL refuses, alone and in a batch of group commit. A schema of their own: a refused
 * append leaves a hole in the positions (the sequence does not roll back), which the gapless checks of other
 * classes must not see.
 */
@DisplayName("an append whose data the database refuses fails alone")
class RefusedDataAppendTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    private CockroachEventStore store;

    @BeforeEach
    void openStore() {
        store = DATABASE.eventStore();
    }

    @Test
    @DisplayName("an append whose data the database refuses fails alone; the others of its batch are recorded")
    void refusedDataFailsAlone() {
        String first = newStream();
        String last = newStream();
        String tooLong = "s".repeat(256);
        long head = store.headPosition();

        List<Completion<AppendResult>> answers = store.appendBatch(List.of(
                AppendRequest.of(append(first, 0, 1)),
                AppendRequest.of(withData(newStream(), "this is not JSON")),
                AppendRequest.of(append(tooLong, 0, 1)),
                AppendRequest.of(append(last, 0, 1))));

        assertThat(answers.get(0).value()).isInstanceOf(AppendResult.Appended.class);
        assertThat(answers.get(1).failure()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22P02");
        assertThat(answers.get(2).failure()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22001");
        assertThat(answers.get(3).value()).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.readStream(first, StreamRange.all())).hasSize(1);
        assertThat(store.readStream(last, StreamRange.all())).hasSize(1);
        assertThat(store.readAll(GlobalLogQuery.after(head, 10)).items()).extracting(RecordedEvent::aggregateId)
                .containsExactly(first, last);
    }

    @Test
    @DisplayName("an append alone whose data the database refuses is an IllegalArgumentException, and records nothing")
    void refusedDataAlone() {
        String stream = newStream();
        long head = store.headPosition();

        assertThatThrownBy(() -> store.append(AppendRequest.of(withData(stream, "{\"unclosed\": "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22P02");
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(store.readStream(stream, StreamRange.all())).isEmpty();
    }

    private static StreamAppend withData(String stream, String data) {
        return new StreamAppend(stream, "Test", 0, List.of(new NewEvent(UUID.randomUUID(), "Happened", 1, data, "{}")));
    }
}
