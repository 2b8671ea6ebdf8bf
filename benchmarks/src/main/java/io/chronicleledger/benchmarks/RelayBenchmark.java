package io.chronicleledger.benchmarks;

import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.StreamAppend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The outbox relay's throughput from the outbox to JetStream's acks: before each invocation (not measured)
 * {@value #EVENTS} deposits are appended to an {@link InMemoryEventStore} (its outbox) while the relay sleeps;
 * the invocation wakes the {@link OutboxRelay}, which publishes them through {@link NatsEventBus} in batches of
 * {@value OutboxRelay#BATCH_SIZE}, and returns once the outbox is empty (every event acknowledged by JetStream
 * and marked published). One operation is one event, so the score is events per second. The caller looks at
 * the backlog every {@value #POLL_MICROS} µs. The store and the relay are new every iteration; NATS is the
 * NATS server of {@link NatsPublishBenchmark}. Between invocations the relay gets 20 ms to go idle.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RelayBenchmark {

    /** The events in the outbox at the start of each invocation. */
    public static final int EVENTS = 10_000;
    /** The streams they are appended to, {@value #EVENTS} / {@value #STREAMS} events per append. */
    public static final int STREAMS = 100;
    /** How long the caller parks between two looks at the backlog. */
    public static final long POLL_MICROS = 1_000;

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private NatsEventBus bus;
    private InMemoryEventStore store;
    private OutboxRelay relay;

    /** Connects the bus. */
    @Setup(Level.Trial)
    public void connect() {
        bus = NatsEventBus.connect(NatsPublishBenchmark.config());
    }

    /** Disconnects the bus. */
    @TearDown(Level.Trial)
    public void disconnect() {
        bus.close();
    }

    /**
     * A new store, and a relay that reads its outbox only when woken (its poll interval is an hour), given
     * 50 ms for its first read of the empty outbox, so that it does not read the first fill.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Setup(Level.Iteration)
    public void startRelay() throws InterruptedException {
        store = new InMemoryEventStore();
        relay = OutboxRelay.builder(store, bus).pollInterval(Duration.ofHours(1)).start();
        Thread.sleep(50);
    }

    /** Stops the relay. */
    @TearDown(Level.Iteration)
    public void stopRelay() {
        relay.close();
    }

    /**
     * How the outbox's events are laid out: {@code 1}, one event per append, round robin over the streams (the
     * ledger's shape: deposits on many accounts), or {@code 100}, one append of 100 events per stream (the worst
     * case for the bus, which keeps one unacknowledged event per stream).
     */
    @Param({"1", "100"})
    public int eventsPerAppend;

    /** Fills the outbox: {@value #EVENTS} new deposits on {@value #STREAMS} new streams. */
    @Setup(Level.Invocation)
    public void fillOutbox() {
        String prefix = "bench-relay-" + UUID.randomUUID() + "-";
        long[] versions = new long[STREAMS];
        for (int appended = 0, s = 0; appended < EVENTS; appended += eventsPerAppend, s = (s + 1) % STREAMS) {
            List<NewEvent> events = new ArrayList<>(eventsPerAppend);
            for (int i = 0; i < eventsPerAppend; i++) {
                events.add(new NewEvent(UUID.randomUUID(), WriterStreams.EVENT_TYPE, 1, WriterStreams.DATA,
                        WriterStreams.METADATA));
            }
            AppendResult result = store.append(AppendRequest.of(
                    new StreamAppend(prefix + s, WriterStreams.AGGREGATE_TYPE, versions[s], events)));
            if (!(result instanceof AppendResult.Appended)) {
                throw new IllegalStateException("the append was not recorded: " + result);
            }
            versions[s] += eventsPerAppend;
        }
        if (store.backlog().events() != EVENTS) {
            throw new IllegalStateException("the outbox holds " + store.backlog().events() + " events, not "
                    + EVENTS + " (did the relay run early?)");
        }
    }

    /**
     * Gives the relay 20 ms to go idle (not measured): after a full batch it reads the outbox once more, and
     * that read must not take events of the next invocation's fill.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @TearDown(Level.Invocation)
    public void letRelayIdle() throws InterruptedException {
        Thread.sleep(20);
    }

    /**
     * Wakes the relay and waits until it has emptied the outbox.
     *
     * @return the backlog at the end (0)
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long relay() {
        relay.wake();
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        long backlog;
        while ((backlog = store.backlog().events()) != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay left " + backlog + " events in the outbox after 60 s"
                        + relay.failingSince().map(since -> ", failing since " + since).orElse(""));
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
        }
        return backlog;
    }
}
