package io.chronicleledger.server;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The connection pool of the event store's database, when {@code CHRONICLE_STORE_URL} is set; closed with the
 * server.
 */
@Singleton
public final class StoreDatabase implements AutoCloseable {

    private final Optional<HikariDataSource> dataSource;

    /**
     * Opens the pool, when a store is configured; an unreachable database stops the server here.
     *
     * @param config the server's configuration
     */
    public StoreDatabase(ServerConfig config) {
        this.dataSource = config.storeConfig().map(store -> store.createDataSource());
    }

    /**
     * Returns the pool.
     *
     * @return the pool, or empty on the in-memory event store
     */
    public Optional<HikariDataSource> dataSource() {
        return dataSource;
    }

    @Override
    @PreDestroy
    public void close() {
        dataSource.ifPresent(HikariDataSource::close);
    }
}
