package io.chronicleledger.benchmarks;

import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.store.cockroach.internal.Appender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Appends of one event straight to the {@link io.chronicleledger.core.store.EventStore}, each writer to its own
 * streams (so there is never a version conflict), each with a new idempotency key ({@code -p idempotencyKey=false}
 * for none):
 * <ul>
 *   <li>{@link #appendOne}: one writer, the latency of each append (sample time, with percentiles);</li>
 *   <li>{@link #transfer}: one writer, one event on each of two streams per append (a transfer's shape);</li>
 *   <li>{@link #appendConcurrent}: {@value #WRITERS} writers at once (or {@code -t N}), appends (= events) per
 *   second; with group commit ({@code -p maxAppendsPerTransaction=64}, the store's default) or without
 *   ({@code =1}).</li>
 * </ul>
 * PostgreSQL gets a fresh schema per trial. The in-memory store is replaced by an empty one before every
 * iteration, so that millions of retained events do not turn the figure into a measure of the heap.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AppendBenchmark {

    /** The concurrent writers of {@link #appendConcurrent}, and the connections PostgreSQL gets. */
    public static final int WRITERS = 16;

    /** {@code memory} or {@code postgres}. */
    @Param({StoreUnderTest.MEMORY, StoreUnderTest.POSTGRES})
    public String store;

    /** PostgreSQL's group commit: the most appends one transaction carries; 1 turns it off. */
    @Param({"64"})
    public int maxAppendsPerTransaction;

    /** Whether each append carries a new idempotency key (and the store keeps its record), as keyed commands do. */
    @Param({"true"})
    public boolean idempotencyKey;

    /**
     * The streams of each writer, appended to round robin. At the default every head stays in the store's memory;
     * past {@value Appender#REMEMBERED_HEADS} streams in all (for
     * example {@code -p streamsPerWriter=20000}) none does, as with many accounts or several writing processes,
     * and the append checks the head it assumes. Past that many, each stream gets one event before an iteration
     * starts, so that the appends measured find streams with a history.
     */
    @Param({"100"})
    public int streamsPerWriter;

    private StoreUnderTest target;

    /** Opens the store for the trial. */
    @Setup(Level.Trial)
    public void open() {
        target = StoreUnderTest.open(store, WRITERS, maxAppendsPerTransaction);
    }

    /** Starts every iteration on an empty in-memory store; PostgreSQL keeps its schema for the trial. */
    @Setup(Level.Iteration)
    public void emptyMemoryStore() {
        if (target.inMemory()) {
            target = StoreUnderTest.open(StoreUnderTest.MEMORY, WRITERS);
        }
    }

    /**
     * Drops the trial's schema.
     *
     * @throws SQLException when the schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        target.close();
    }

    /** One writer's streams, new ones every iteration (the in-memory store is new too). */
    @State(Scope.Thread)
    public static class Writer {

        WriterStreams streams;

        /**
         * Names new streams for this writer.
         *
         * @param benchmark the benchmark, which says how many
         */
        @Setup(Level.Iteration)
        public void newStreams(AppendBenchmark benchmark) {
            streams = new WriterStreams(benchmark.streamsPerWriter);
            if (benchmark.streamsPerWriter > Appender.REMEMBERED_HEADS) {
                streams.prefill(benchmark.target.events());
            }
        }
    }

    /**
     * One writer appends one event.
     *
     * @param writer the writer's streams
     * @return the recorded event
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public AppendResult appendOne(Writer writer) {
        return writer.streams.appendNext(target.events(), idempotencyKey);
    }

    /**
     * One writer appends one event to each of two streams in one append, as a transfer records its halves.
     *
     * @param writer the writer's streams
     * @return the recorded events
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public AppendResult transfer(Writer writer) {
        return writer.streams.transferNext(target.events(), idempotencyKey);
    }

    /**
     * Each of {@value #WRITERS} writers appends one event to its own streams.
     *
     * @param writer the writer's streams
     * @return the recorded event
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(WRITERS)
    public AppendResult appendConcurrent(Writer writer) {
        return writer.streams.appendNext(target.events(), idempotencyKey);
    }
}
