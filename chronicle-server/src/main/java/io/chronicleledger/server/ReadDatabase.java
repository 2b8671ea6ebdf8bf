package io.chronicleledger.server;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The connection pool of the read model's PostgreSQL, when {@code CHRONICLE_READ_URL} is set; closed with the
 * server. It connects at once, so an unreachable database stops the server at start, naming the variable.
 */
@Singleton
public final class ReadDatabase implements AutoCloseable {

    private final Optional<HikariDataSource> dataSource;

    /**
     * Opens the pool, when a read model database is configured.
     *
     * @param config the server's configuration
     */
    public ReadDatabase(ServerConfig config) {
        this.dataSource = config.readUrl().map(url -> open(url, config.readSchema(), config.readPoolSize(),
                CockroachStoreConfig.DEFAULT_SOCKET_TIMEOUT));
    }

    /**
     * Opens a pool on the read model's database, with the store's timeouts ({@link CockroachStoreConfig}); it
     * connects at once.
     *
     * @param url           the JDBC URL
     * @param schema        the read model's schema, for the pool's name
     * @param poolSize      the most connections
     * @param socketTimeout the longest a statement's answer may take; zero for none
     * @return the pool
     * @throws ConfigException naming {@code CHRONICLE_READ_URL} when the database cannot be reached
     */
    static HikariDataSource open(String url, String schema, int poolSize, Duration socketTimeout) {
        try {
            return CockroachStoreConfig.of(url).withSchema(schema).withPoolSize(poolSize)
                    .withSocketTimeout(socketTimeout).createDataSource("chronicle-read-" + schema);
        } catch (RuntimeException e) {
            throw new ConfigException("CHRONICLE_READ_URL", "cannot connect to the read model's PostgreSQL at "
                    + url.split("\\?")[0] + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the pool.
     *
     * @return the pool, or empty on the in-memory read model
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
