package io.chronicleledger.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@link AppendBenchmark#appendOne} on PostgreSQL: one row inserted and committed (one round
 * trip and one WAL flush), through the same driver and pool, into a fresh schema dropped after the trial. An
 * event store append costs this plus its other statements; the difference is what the store adds.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class JdbcBaselineBenchmark {

    private RowInserts rows;

    /**
     * Creates the schema and its one table.
     *
     * @throws SQLException when the database refuses
     */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        rows = RowInserts.open();
    }

    /**
     * Drops the schema.
     *
     * @throws SQLException when the schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        rows.close();
    }

    /**
     * Inserts one row in auto-commit mode.
     *
     * @return the rows inserted (1)
     * @throws SQLException when the insert fails
     */
    @Benchmark
    public int insertOneRow() throws SQLException {
        return rows.insertOne();
    }
}
