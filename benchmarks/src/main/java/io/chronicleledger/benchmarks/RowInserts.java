package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL floor of the benchmarks: one row inserted and committed in auto-commit mode (one round trip and
 * one WAL flush), through the driver and pool the stores use, into a table of a fresh schema dropped on
 * {@link #close()}. {@link JdbcBaselineBenchmark} measures it under JMH; {@link LagAtRate} in the same run as
 * its figures; {@link PeerAppendBenchmark} as the {@value EventAppender#FLOOR} beside the event stores, one row
 * per event (the stream and its version are not written). Safe for concurrent inserts.
 */
final class RowInserts implements EventAppender {

    private final HikariDataSource dataSource;
    private final String schema;
    private final AtomicLong lastId = new AtomicLong();

    private RowInserts(HikariDataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Creates the schema and its one table, for one inserter at a time.
     *
     * @return the inserter
     * @throws SQLException when the database refuses
     */
    static RowInserts open() throws SQLException {
        return open(2);
    }

    /**
     * Creates the schema and its one table.
     *
     * @param connections the pool's size (one per concurrent inserter)
     * @return the inserter
     * @throws SQLException when the database refuses
     */
    static RowInserts open(int connections) throws SQLException {
        String schema = StoreUnderTest.newSchemaName();
        HikariDataSource dataSource = CockroachStoreConfig.of(StoreUnderTest.postgresUrl()).withSchema(schema)
                .withPoolSize(connections).createDataSource();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".rows (id BIGINT PRIMARY KEY, data JSONB NOT NULL)");
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new RowInserts(dataSource, schema);
    }

    /**
     * Inserts one row in auto-commit mode.
     *
     * @return the rows inserted (1)
     * @throws SQLException when the insert fails
     */
    int insertOne() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + schema + ".rows (id, data) VALUES (?, CAST(? AS JSONB))")) {
            insert.setLong(1, lastId.incrementAndGet());
            insert.setString(2, WriterStreams.DATA);
            return insert.executeUpdate();
        }
    }

    /**
     * Inserts one row in auto-commit mode: the floor under an append of one event.
     *
     * @param stream  not written
     * @param version not written
     * @throws SQLException when the insert fails
     */
    @Override
    public void append(String stream, long version) throws SQLException {
        insertOne();
    }

    /**
     * Inserts rows one after the other, timing each.
     *
     * @param count the rows
     * @return the time of each insert, in nanoseconds
     * @throws SQLException when an insert fails
     */
    Histogram measure(int count) throws SQLException {
        Histogram histogram = Latencies.histogram();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            insertOne();
            Latencies.record(histogram, System.nanoTime() - start);
        }
        return histogram;
    }

    /**
     * Drops the schema and closes the pool.
     *
     * @throws SQLException when the schema cannot be dropped
     */
    @Override
    public void close() throws SQLException {
        StoreUnderTest.dropSchema(dataSource, schema);
    }
}
