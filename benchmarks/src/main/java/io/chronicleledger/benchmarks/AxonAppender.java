package io.chronicleledger.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Axon Framework 4's {@link JdbcEventStorageEngine} in {@link PeerAppendBenchmark}, set up as Axon's own
 * configuration does without Spring: connections from the pool through a {@link DataSourceConnectionProvider}
 * wrapped by {@link UnitOfWorkAwareConnectionProviderWrapper}, {@link NoTransactionManager} (Axon's default
 * outside Spring, so each append's insert commits by itself), events serialized to JSON by the
 * {@link JacksonSerializer}, and the tables of {@link PostgresEventTableFactory} in a fresh schema dropped on
 * {@link #close()}. Each append is one {@code appendEvents} of one domain event (the aggregate's sequence number
 * is the stream's version; a duplicate one fails on the table's unique key) in its own unit of work, with the
 * payload and metadata of {@link WriterStreams} as a typed event and Axon's {@link MetaData}.
 */
final class AxonAppender implements EventAppender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MoneyDeposited PAYLOAD = read(WriterStreams.DATA, new TypeReference<>() { });
    private static final MetaData METADATA = MetaData.from(read(WriterStreams.METADATA,
            new TypeReference<Map<String, Object>>() { }));

    private final HikariDataSource dataSource;
    private final String schema;
    private final JdbcEventStorageEngine engine;

    private AxonAppender(HikariDataSource dataSource, String schema, JdbcEventStorageEngine engine) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.engine = engine;
    }

    /**
     * Creates a schema and Axon's tables in it.
     *
     * @param connections the pool's size
     * @return the store
     * @throws SQLException when the schema cannot be created
     */
    static AxonAppender open(int connections) throws SQLException {
        String schema = StoreUnderTest.newSchemaName();
        HikariDataSource dataSource = CockroachStoreConfig.of(StoreUnderTest.postgresUrl()).withSchema(schema)
                .withPoolSize(connections).createDataSource();
        try {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                            new DataSourceConnectionProvider(dataSource)))
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .schema(EventSchema.builder().eventTable(schema + ".domain_event_entry")
                            .snapshotTable(schema + ".snapshot_event_entry").build())
                    .build();
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
            return new AxonAppender(dataSource, schema, engine);
        } catch (Throwable e) {
            // an Error too (a class missing from the jar, say): drop what was made, then rethrow it as it is
            try {
                StoreUnderTest.dropSchema(dataSource, schema);
            } catch (SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    @Override
    public void append(String stream, long version) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> engine.appendEvents(new GenericDomainEventMessage<>(
                WriterStreams.AGGREGATE_TYPE, stream, version, PAYLOAD, METADATA)));
    }

    @Override
    public void close() throws SQLException {
        StoreUnderTest.dropSchema(dataSource, schema);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + json, e);
        }
    }

    /** The event's payload, the JSON of {@link WriterStreams#DATA} as Axon users write events: a typed class. */
    record MoneyDeposited(String amount, String description) {
    }
}
