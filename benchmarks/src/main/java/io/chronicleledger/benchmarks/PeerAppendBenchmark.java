package io.chronicleledger.benchmarks;

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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Event stores side by side in one JMH run, on the same PostgreSQL, through the same driver and connection pool
 * ({@link EventAppender}): {@code -p store=floor} (one plain row inserted per autocommit transaction),
 * {@code floor-event-row} (Chronicle's event row alone, one plain INSERT into the store's {@code events} table: the
 * floor as DESIGN.md defines it), {@code axon} (Axon Framework's {@code JdbcEventStorageEngine}), {@code messagedb}
 * (message-db's {@code write_message}; its SQL is fetched by {@code benchmarks/fetch-message-db.sh}, and the store fails with a
 * message saying so when it was not), {@code chronicle} ({@code CockroachEventStore} with its defaults, each append
 * with an idempotency key) and {@code chronicle-no-key} (the same without keys, writing what the peers write). One
 * event per append, each writer round robin over {@value Writer#STREAMS} streams of its own (so an append never
 * conflicts), each store in a fresh schema or database per trial, dropped after it, with as many connections as
 * the trial has writers:
 * <ul>
 *   <li>{@link #appendOne}: one writer, the time of each append (sample time: p50, p99);</li>
 *   <li>{@link #appendConcurrent}: {@value #WRITERS} writers ({@code -t N} for more, e.g. 64, in a run of this
 *   benchmark alone: {@code -t} sets the writers of every benchmark of a run), appends (= events) per second.</li>
 * </ul>
 * {@code benchmarks/run}'s report ({@code report.ResultsReport}) puts each figure beside the floor's of the same
 * run.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class PeerAppendBenchmark {

    /** The concurrent writers of {@link #appendConcurrent} unless {@code -t} says otherwise. */
    public static final int WRITERS = 16;

    /**
     * The store: {@code floor}, {@code floor-event-row}, {@code axon}, {@code messagedb}, {@code chronicle},
     * {@code chronicle-no-key}, and the floor again last ({@code floor-again}), in the order JMH runs them.
     */
    @Param({EventAppender.FLOOR, EventAppender.FLOOR_EVENT_ROW, EventAppender.AXON, EventAppender.MESSAGE_DB,
            EventAppender.CHRONICLE, EventAppender.CHRONICLE_NO_KEY, EventAppender.FLOOR_AGAIN})
    public String store;

    private EventAppender target;

    /**
     * Opens the store for the trial, with a connection per writer.
     *
     * @param params the trial's settings, its writers among them
     * @throws SQLException when the store cannot be set up
     */
    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws SQLException {
        target = EventAppender.open(store, params.getThreads());
    }

    /**
     * Drops the trial's schema or database.
     *
     * @throws SQLException when it cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        target.close();
    }

    /** One writer's streams, for the trial (the store keeps its events for the trial too). */
    @State(Scope.Thread)
    public static class Writer {

        /** The streams of each writer. */
        public static final int STREAMS = 1_000;

        WriterStreams streams;

        /** Names new streams for this writer. */
        @Setup(Level.Trial)
        public void newStreams() {
            streams = new WriterStreams(STREAMS);
        }
    }

    /**
     * One writer appends one event.
     *
     * @param writer the writer's streams
     * @throws SQLException when the store refuses the append
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void appendOne(Writer writer) throws SQLException {
        writer.streams.appendNext(target);
    }

    /**
     * Each of {@value #WRITERS} writers appends one event to its own streams.
     *
     * @param writer the writer's streams
     * @throws SQLException when the store refuses the append
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(WRITERS)
    public void appendConcurrent(Writer writer) throws SQLException {
        writer.streams.appendNext(target);
    }
}
