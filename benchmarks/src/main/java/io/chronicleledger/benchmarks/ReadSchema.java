package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.util.UUID;

/**
 * The PostgreSQL read model a benchmark projects into: a new schema {@code chronicle_bench_read_…} with a pool of
 * its own, dropped on {@link #close()}.
 */
final class ReadSchema implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final PostgresLedgerReadModel model;

    private ReadSchema(HikariDataSource dataSource, PostgresLedgerReadModel model) {
        this.dataSource = dataSource;
        this.model = model;
    }

    /**
     * Creates the read model's tables in a new schema.
     *
     * @param poolSize the connections the read model may use at most
     * @return the read model's schema
     */
    static ReadSchema create(int poolSize) {
        String schema = "chronicle_bench_read_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariDataSource dataSource = CockroachStoreConfig.of(StoreUnderTest.postgresUrl()).withSchema(schema)
                .withPoolSize(poolSize).createDataSource();
        try {
            return new ReadSchema(dataSource,
                    PostgresLedgerReadModel.builder().dataSource(dataSource).schema(schema).build());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    PostgresLedgerReadModel model() {
        return model;
    }

    /** Drops the schema and closes the pool. */
    @Override
    public void close() {
        try {
            model.dropSchema();
        } finally {
            dataSource.close();
        }
    }
}
