package io.chronicleledger.core.aggregate;

import io.chronicleledger.core.aggregate.Stock.Level;
import io.chronicleledger.core.aggregate.Stock.Receive;
import io.chronicleledger.core.aggregate.Stock.Received;
import io.chronicleledger.core.aggregate.Stock.Refusal;
import io.chronicleledger.core.aggregate.Stock.Reserve;
import io.chronicleledger.core.aggregate.Stock.Reserved;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.ForwardingEventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the command path of any aggregate (a warehouse's stock, not the ledger)")
class AggregateRepositoryTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

    private AggregateRepository.Builder<Level, Stock.Command, Stock.Event, Refusal> builder() {
        return AggregateRepository.builder("Stock", Stock.INSTANCE, Stock.EVENTS, Stock.REFUSALS).eventStore(store);
    }

    private final AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> repository = builder().build();

    @Test
    @DisplayName("a command is decided on the stream's state and its events appended after the version loaded")
    void recordsAndLoads() {
        CommandOutcome<Refusal> received = repository.execute("sku-1", new Receive(10));
        CommandOutcome<Refusal> reserved = repository.execute("sku-1", new Reserve("order-1", 4));

        assertThat(received).isInstanceOf(CommandOutcome.Recorded.class);
        List<RecordedEvent> events = store.readStream("sku-1", StreamRange.all());
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L);
        assertThat(events).extracting(RecordedEvent::aggregateType).containsOnly("Stock");
        assertThat(events).extracting(Stock.EVENTS::decode)
                .containsExactly(new Received(10), new Reserved("order-1", 4));
        assertThat(reserved).isEqualTo(new CommandOutcome.Recorded<>(events.subList(1, 2), "{}", false));
        AggregateState<Level> current = repository.current("sku-1");
        assertThat(current.state()).isEqualTo(new Level(6));
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.lastChangedAt()).contains(events.get(1).createdAt());
        assertThat(repository.current("sku-unknown").exists()).isFalse();
    }

    @Test
    @DisplayName("a refusal records nothing")
    void refusalRecordsNothing() {
        repository.execute("sku-1", new Receive(2));

        assertThat(repository.execute("sku-1", new Reserve("order-1", 3)))
                .isEqualTo(new CommandOutcome.Refused<>(Refusal.outOfStock(3, 2), false));
        assertThat(store.headPosition()).isEqualTo(1);
    }

    @Test
    @DisplayName("an idempotency key: a retry gets the original outcome, another request with it is refused")
    void idempotency() {
        Idempotency key = new Idempotency("key-1", "hash-1", "{\"order\":\"order-1\"}");
        repository.execute("sku-1", new Receive(5));

        CommandOutcome<Refusal> first = repository.execute("sku-1", new Reserve("order-1", 5), Optional.of(key));
        CommandOutcome<Refusal> retry = repository.execute("sku-1", new Reserve("order-1", 5), Optional.of(key));

        List<RecordedEvent> events = store.readStream("sku-1", StreamRange.all());
        assertThat(events).hasSize(2);
        assertThat(first).isEqualTo(new CommandOutcome.Recorded<>(events.subList(1, 2), key.response(), false));
        assertThat(retry).isEqualTo(new CommandOutcome.Recorded<>(events.subList(1, 2), key.response(), true));
        assertThat(repository.execute("sku-1", new Reserve("order-2", 1),
                Optional.of(new Idempotency("key-1", "hash-2", "{}"))))
                .isEqualTo(new CommandOutcome.KeyReused<>("key-1"));
        assertThat(events.get(1).metadata()).contains("\"idempotency_key\":\"key-1\"").contains("correlation_id");
        assertThat(store.headPosition()).isEqualTo(2);
    }

    @Test
    @DisplayName("a refused command's key remembers the refusal, even once the command would pass")
    void refusalsAreRemembered() {
        Idempotency key = new Idempotency("key-1", "hash-1", "{}");
        assertThat(repository.execute("sku-1", new Reserve("order-1", 5), Optional.of(key)))
                .isEqualTo(new CommandOutcome.Refused<>(Refusal.outOfStock(5, 0), false));
        repository.execute("sku-1", new Receive(10));

        assertThat(repository.execute("sku-1", new Reserve("order-1", 5), Optional.of(key)))
                .isEqualTo(new CommandOutcome.Refused<>(Refusal.outOfStock(5, 0), true));
        assertThat(repository.current("sku-1").state()).isEqualTo(new Level(10));
    }

    @Test
    @DisplayName("another writer moved the stream: the command is decided again on the new state")
    void conflictIsRetried() {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> other = builder().build();
        repository.execute("sku-1", new Receive(3));
        other.execute("sku-1", new Reserve("order-other", 3));

        assertThat(repository.execute("sku-1", new Reserve("order-1", 1)))
                .as("decided on the cached 3, appended on a stream at version 2, decided again on 0")
                .isEqualTo(new CommandOutcome.Refused<>(Refusal.outOfStock(1, 0), false));
        assertThat(repository.execute("sku-1", new Receive(1))).isInstanceOf(CommandOutcome.Recorded.class);
        assertThat(repository.current("sku-1")).extracting(AggregateState::version).isEqualTo(3L);
    }

    @Test
    @DisplayName("a refusal decided on a cached state is decided again on a fresh one")
    void staleCacheNeverRefuses() {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> other = builder().build();
        repository.execute("sku-1", new Receive(1));
        other.execute("sku-1", new Receive(9));

        assertThat(repository.execute("sku-1", new Reserve("order-1", 10))).isInstanceOf(CommandOutcome.Recorded.class);
        assertThat(repository.current("sku-1").state()).isEqualTo(new Level(0));
    }

    @Test
    @DisplayName("a stream that keeps moving: after maxAttempts the command gives up and records nothing")
    void contention() {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> once = builder().maxAttempts(1).build();
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> other = builder().build();
        once.execute("sku-1", new Receive(1));
        other.execute("sku-1", new Receive(1));

        assertThatThrownBy(() -> once.execute("sku-1", new Receive(1))).isInstanceOf(ContentionException.class)
                .hasMessageContaining("sku-1");
        assertThat(store.headPosition()).isEqualTo(2);
    }

    @Test
    @DisplayName("a stream that keeps moving through many attempts (70) still ends in ContentionException")
    void manyAttempts() {
        ForwardingEventStore alwaysMoved = new ForwardingEventStore(store) {
            @Override
            public AppendResult append(AppendRequest request) {
                return new AppendResult.VersionConflict(request.streams().get(0).streamId(), 0, 1);
            }
        };
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> patient = AggregateRepository
                .builder("Stock", Stock.INSTANCE, Stock.EVENTS, Stock.REFUSALS).eventStore(alwaysMoved)
                .maxAttempts(70).build();

        assertThatThrownBy(() -> patient.execute("sku-1", new Receive(1))).isInstanceOf(ContentionException.class);
    }

    @Test
    @DisplayName("a retry gets the original outcome whatever the caller's response: plain text, or JSON naming "
            + "a rejection")
    void opaqueResponses() {
        for (String response : List.of("receipt 42", "{\"rejection\":{\"code\":\"NONE\"},\"id\":7}",
                "{\"rejection\":\"none\"}")) {
            String sku = "sku-" + UUID.randomUUID();
            Optional<Idempotency> key = Optional.of(new Idempotency("key-" + sku, "hash", response));
            assertThat(repository.execute(sku, new Receive(1), key)).isInstanceOf(CommandOutcome.Recorded.class);

            CommandOutcome<Refusal> again = repository.execute(sku, new Receive(1), key);

            assertThat(again).as("the retry of a command whose response is %s", response)
                    .isInstanceOfSatisfying(CommandOutcome.Recorded.class, recorded -> {
                        assertThat(recorded.replayed()).isTrue();
                        assertThat(recorded.response()).isEqualTo(response);
                    });
            assertThat(repository.current(sku).state()).isEqualTo(new Level(1));
        }
    }

    @Test
    @DisplayName("a decision that reads a stream without recording to it reads that stream afresh, not from a cache "
            + "another process made stale")
    void readOnlyStreamReadAfresh() {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> first = builder().build();
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> second = builder().build();
        first.execute("sku-a", new Receive(1));
        first.execute("sku-b", new Receive(1)); // first caches both streams
        assertThat(second.execute(List.of("sku-b", "sku-a"), takeOneKeepingOne("sku-b", "sku-a"), Optional.empty()))
                .isInstanceOf(CommandOutcome.Recorded.class);

        CommandOutcome<Refusal> outcome = first.execute(List.of("sku-a", "sku-b"), takeOneKeepingOne("sku-a", "sku-b"),
                Optional.empty());

        assertThat(outcome).as("decided on sku-b as the store holds it").isInstanceOf(CommandOutcome.Refused.class);
        assertThat(first.current("sku-a").state().onHand() + first.current("sku-b").state().onHand()).isEqualTo(1);
    }

    /** Takes one unit from {@code from}, reading {@code other}: only while the two together keep at least one. */
    private static StreamsDecider<Level, Stock.Event, Refusal> takeOneKeepingOne(String from, String other) {
        return states -> states.get(from).onHand() + states.get(other).onHand() >= 2
                ? Decision.accept(List.of(new StreamEvent<>(from, new Reserved("order", 1))))
                : Decision.reject(new Refusal("LAST_UNIT", "the last unit stays"));
    }

    @Test
    @DisplayName("a decision over two streams is one append: both streams' events or none")
    void severalStreams() {
        repository.execute("sku-1@north", new Receive(5));

        assertThat(move("sku-1@north", "sku-1@south", 8))
                .isEqualTo(new CommandOutcome.Refused<>(Refusal.outOfStock(8, 5), false));
        assertThat(store.headPosition()).isEqualTo(1);
        CommandOutcome<Refusal> moved = move("sku-1@north", "sku-1@south", 3);

        assertThat(moved).isInstanceOf(CommandOutcome.Recorded.class);
        List<RecordedEvent> events = ((CommandOutcome.Recorded<Refusal>) moved).events();
        assertThat(events).extracting(RecordedEvent::aggregateId).containsExactly("sku-1@north", "sku-1@south");
        assertThat(events).extracting(RecordedEvent::position).containsExactly(2L, 3L);
        assertThat(repository.current("sku-1@north").state()).isEqualTo(new Level(2));
        assertThat(repository.current("sku-1@south").state()).isEqualTo(new Level(3));
    }

    @Test
    @DisplayName("a decision that records to a stream it did not name, or names one twice, is a mistake")
    void streamsOfADecision() {
        assertThatThrownBy(() -> repository.execute(List.of("a"),
                states -> Decision.accept(new StreamEvent<>("b", new Received(1))), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b");
        assertThatThrownBy(() -> repository.execute(List.of("a", "a"), states -> Decision.accept(List.of()),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.headPosition()).isZero();
    }

    @Test
    @Timeout(60)
    @DisplayName("moves both ways between two streams from 8 threads and 2 repositories: no deadlock, nothing lost")
    void concurrentMovesConserveStock() throws Exception {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> other = builder().build();
        repository.execute("north", new Receive(1_000));
        repository.execute("south", new Receive(1_000));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> used = t % 2 == 0 ? repository : other;
            done.add(threads.submit(() -> {
                int recorded = 0;
                for (int i = 0; i < 100; i++) {
                    boolean north = ThreadLocalRandom.current().nextBoolean();
                    CommandOutcome<Refusal> outcome = move(used, north ? "north" : "south",
                            north ? "south" : "north", 1 + ThreadLocalRandom.current().nextInt(5));
                    recorded += outcome instanceof CommandOutcome.Recorded ? 1 : 0;
                }
                return recorded;
            }));
        }
        int recorded = 0;
        for (Future<Integer> future : done) {
            recorded += future.get();
        }
        threads.shutdown();

        int north = repository.current("north").state().onHand();
        int south = repository.current("south").state().onHand();
        assertThat(north + south).isEqualTo(2_000);
        assertThat(north).isNotNegative();
        assertThat(south).isNotNegative();
        assertThat(store.readAll(GlobalLogQuery.after(2, 10_000)).items()).hasSize(2 * recorded);
    }

    @Test
    @DisplayName("snapshots every N events; states at a version or a moment replay from the newest one before")
    void snapshotsAndTimeTravel() {
        AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> snapshotting = builder()
                .snapshots(snapshots, Stock.LEVELS).snapshotEvery(2).build();
        for (int i = 1; i <= 5; i++) {
            snapshotting.execute("sku-1", new Receive(i));
        }

        assertThat(snapshots.latest("sku-1")).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.version()).isEqualTo(4);
            assertThat(Stock.LEVELS.read(snapshot.state())).isEqualTo(new Level(10));
        });
        assertThat(snapshots.latestAtOrBefore("sku-1", 3)).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(2));
        assertThat(snapshotting.stateAtVersion("sku-1", 3).state()).isEqualTo(new Level(6));
        assertThat(snapshotting.stateAtVersion("sku-1", 99).version()).isEqualTo(5);
        RecordedEvent third = store.readStream("sku-1", StreamRange.all()).get(2);
        AggregateState<Level> then = snapshotting.stateAt("sku-1", third.createdAt());
        assertThat(then.state()).isEqualTo(new Level(6));
        assertThat(then.version()).isEqualTo(3);
        assertThat(snapshotting.current("sku-1").state()).isEqualTo(new Level(15));
    }

    private CommandOutcome<Refusal> move(String from, String to, int quantity) {
        return move(repository, from, to, quantity);
    }

    private static CommandOutcome<Refusal> move(AggregateRepository<Level, Stock.Command, Stock.Event, Refusal> used,
                                                String from, String to, int quantity) {
        String moveId = "move-" + UUID.randomUUID();
        return used.execute(List.of(from, to), states -> {
            int onHand = states.get(from).onHand();
            if (onHand < quantity) {
                return Decision.reject(Refusal.outOfStock(quantity, onHand));
            }
            return Decision.accept(List.of(new StreamEvent<>(from, new Reserved(moveId, quantity)),
                    new StreamEvent<>(to, new Received(quantity))));
        }, Optional.empty());
    }
}
