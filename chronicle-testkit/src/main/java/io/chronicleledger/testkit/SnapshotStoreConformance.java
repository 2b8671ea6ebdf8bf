package io.chronicleledger.testkit;

import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import static io.chronicleledger.testkit.EventAssertions.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite of {@link SnapshotStore}: every adapter extends it and passes it. A test gets a store
 * from {@link #createSnapshotStore()} and hands it to {@link #cleanUp(SnapshotStore)} afterwards:
 *
 * <pre>{@code
 * class PostgresSnapshotStoreConformanceTest extends SnapshotStoreConformance {
 *     @Override
 *     protected SnapshotStore createSnapshotStore() {
 *         return new PostgresSnapshotStore(DATA_SOURCE);
 *     }
 * }
 * }</pre>
 *
 * The store may hold the snapshots of earlier tests and runs: every test names its streams with a random
 * suffix ({@link #streamId(String)}). Snapshot states are compared as JSON documents, by meaning.
 */
public abstract class SnapshotStoreConformance {

    /** A microsecond-precise moment, as a database keeps it; the snapshots of the tests are taken after it. */
    private static final Instant EPOCH = Instant.parse("2024-03-01T09:00:00.123456Z");

    private SnapshotStore store;
    private String suffix;

    /** Creates the suite; called by the subclass of an adapter. */
    protected SnapshotStoreConformance() {
    }

    /**
     * Creates the store under test; called before each test. It may be a new store or one on a database that
     * earlier tests used.
     *
     * @return the store
     */
    protected abstract SnapshotStore createSnapshotStore();

    /**
     * Releases what {@link #createSnapshotStore()} acquired; called after each test. Does nothing by default.
     *
     * @param store the store of the test
     * @throws Exception when the store cannot be released
     */
    protected void cleanUp(SnapshotStore store) throws Exception {
    }

    /**
     * Returns the store of the running test.
     *
     * @return the store made by {@link #createSnapshotStore()} for this test
     */
    protected final SnapshotStore store() {
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

    @BeforeEach
    void setUpSnapshotStore() {
        suffix = UniqueNames.suffix();
        store = Objects.requireNonNull(createSnapshotStore(), "createSnapshotStore() returned null");
    }

    @AfterEach
    void tearDownSnapshotStore() throws Exception {
        cleanUp(store);
    }

    @Nested
    @DisplayName("Saving and loading")
    class SaveAndLoad {

        @Test
        @DisplayName("the latest snapshot is the one of the highest version")
        void latest() {
            String account = streamId("saved");
            save(account, 3);
            Snapshot highest = save(account, 10);
            save(account, 7);

            assertSnapshot(store.latest(account), highest);
        }

        @Test
        @DisplayName("a stream without snapshots has none, by version or by time")
        void unknownStream() {
            String account = streamId("never-saved");

            assertThat(store.latest(account)).isEmpty();
            assertThat(store.latestAtOrBefore(account, Long.MAX_VALUE)).isEmpty();
            assertThat(store.latestAtOrBefore(account, Instant.now())).isEmpty();
        }

        @Test
        @DisplayName("saving the same stream and version again replaces the snapshot")
        void replace() {
            String account = streamId("replaced");
            save(account, 4);
            Snapshot again = new Snapshot(account, 4, at(4), "{\"balance\":\"40.00\",\"rebuilt\":true}");

            store.save(again);

            assertSnapshot(store.latest(account), again);
            assertSnapshot(store.latestAtOrBefore(account, 4), again);
        }

        @Test
        @DisplayName("each stream keeps its own snapshots")
        void independentStreams() {
            Snapshot alice = save(streamId("alice"), 2);
            Snapshot bob = save(streamId("bob"), 5);

            assertSnapshot(store.latest(streamId("alice")), alice);
            assertSnapshot(store.latest(streamId("bob")), bob);
        }

        @Test
        @DisplayName("a state with unusual text and exact decimals is kept as saved")
        void unusualState() {
            String account = streamId("unusual");
            Snapshot saved = new Snapshot(account, 1, at(1),
                    "{\"owner\":\"Zoe\u0308 💸 שלום \\\"q\\\" \\\\\",\"balance\":1234.50,\"history\":[1,2,{\"x\":null}]}");

            store.save(saved);

            assertSnapshot(store.latest(account), saved);
        }
    }

    @Nested
    @DisplayName("Loading at or before a version")
    class ByVersion {

        @Test
        @DisplayName("picks the highest version at or below the one asked for")
        void highestAtOrBelow() {
            String account = streamId("versions");
            Snapshot v2 = save(account, 2);
            Snapshot v5 = save(account, 5);
            Snapshot v9 = save(account, 9);

            assertSnapshot(store.latestAtOrBefore(account, 2), v2);
            assertSnapshot(store.latestAtOrBefore(account, 4), v2);
            assertSnapshot(store.latestAtOrBefore(account, 5), v5);
            assertSnapshot(store.latestAtOrBefore(account, 8), v5);
            assertSnapshot(store.latestAtOrBefore(account, 100), v9);
        }

        @Test
        @DisplayName("finds nothing before the first snapshot")
        void beforeFirst() {
            String account = streamId("versions");
            save(account, 3);

            assertThat(store.latestAtOrBefore(account, 2)).isEmpty();
            assertThat(store.latestAtOrBefore(account, 0)).isEmpty();
        }
    }

    @Nested
    @DisplayName("Loading at or before a moment")
    class ByTime {

        @Test
        @DisplayName("picks the latest snapshot whose asOf is at or before the moment, inclusive")
        void latestAtOrBeforeMoment() {
            String account = streamId("moments");
            Snapshot v2 = save(account, 2);
            Snapshot v5 = save(account, 5);
            Snapshot v9 = save(account, 9);

            assertSnapshot(store.latestAtOrBefore(account, v2.asOf()), v2);
            assertSnapshot(store.latestAtOrBefore(account, v5.asOf().minus(1, ChronoUnit.MICROS)), v2);
            assertSnapshot(store.latestAtOrBefore(account, v5.asOf()), v5);
            assertSnapshot(store.latestAtOrBefore(account, v9.asOf().minus(1, ChronoUnit.MICROS)), v5);
            assertSnapshot(store.latestAtOrBefore(account, v9.asOf().plus(1, ChronoUnit.DAYS)), v9);
        }

        @Test
        @DisplayName("finds nothing before the first snapshot")
        void beforeFirst() {
            String account = streamId("moments");
            Snapshot first = save(account, 3);

            assertThat(store.latestAtOrBefore(account, first.asOf().minus(1, ChronoUnit.MICROS))).isEmpty();
            assertThat(store.latestAtOrBefore(account, Instant.EPOCH)).isEmpty();
        }

        @Test
        @DisplayName("a moment at either end of time (Instant.MIN, Instant.MAX), past what a database's timestamp "
                + "holds, finds nothing, or the latest snapshot")
        void endsOfTime() {
            String account = streamId("moments");
            save(account, 3);
            Snapshot latest = save(account, 4);

            assertThat(store.latestAtOrBefore(account, Instant.MIN)).isEmpty();
            assertSnapshot(store.latestAtOrBefore(account, Instant.MAX), latest);
            assertSnapshot(store.latestAtOrBefore(account, Instant.parse("+294277-01-01T00:00:00Z")), latest);
        }
    }

    /** Saves the snapshot of a version, taken {@code version} seconds after the suite's epoch. */
    private Snapshot save(String streamId, long version) {
        Snapshot snapshot = new Snapshot(streamId, version, at(version), "{\"balance\":\"" + version * 10 + ".00\"}");
        store.save(snapshot);
        return snapshot;
    }

    private static Instant at(long version) {
        return EPOCH.plusSeconds(version);
    }

    private static void assertSnapshot(Optional<Snapshot> actual, Snapshot expected) {
        assertThat(actual).as("snapshot of version %d", expected.version()).isPresent();
        assertThat(actual.get()).usingRecursiveComparison().ignoringFields("state").isEqualTo(expected);
        assertSameJson(actual.get().state(), expected.state());
    }
}
