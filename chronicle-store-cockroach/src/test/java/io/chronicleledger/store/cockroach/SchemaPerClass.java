package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * A fresh schema for one test class, opened before its first test and dropped after its last (its
 * {@code @Nested} classes share it). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();
 * }</pre>
 */
final class SchemaPerClass implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<PostgresDatabase> opener;
    private PostgresDatabase database;
    private Class<?> owner;

    private SchemaPerClass(Supplier<PostgresDatabase> opener) {
        this.opener = opener;
    }

    /**
     * A schema on the test PostgreSQL ({@link PostgresDatabase#create()}).
     *
     * @return the extension
     */
    static SchemaPerClass onTestPostgres() {
        return new SchemaPerClass(PostgresDatabase::create);
    }

    /**
     * A schema on the shared CockroachDB container ({@link CockroachDatabase#freshSchema()}).
     *
     * @return the extension
     */
    static SchemaPerClass onCockroach() {
        return new SchemaPerClass(CockroachDatabase::freshSchema);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (database == null) {
            owner = context.getRequiredTestClass();
            database = opener.get();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (database != null && context.getRequiredTestClass() == owner) {
            try {
                database.close();
            } finally {
                database = null;
            }
        }
    }

    PostgresDatabase database() {
        if (database == null) {
            throw new IllegalStateException("the schema is opened before the test class's first test");
        }
        return database;
    }

    HikariDataSource dataSource() {
        return database().dataSource();
    }

    String schema() {
        return database().schema();
    }

    /** A new event store object on the schema. */
    CockroachEventStore eventStore() {
        return CockroachEventStore.builder().dataSource(dataSource()).schema(schema()).build();
    }

    /** A new snapshot store object on the schema. */
    CockroachSnapshotStore snapshotStore() {
        return CockroachSnapshotStore.builder().dataSource(dataSource()).schema(schema()).build();
    }
}
