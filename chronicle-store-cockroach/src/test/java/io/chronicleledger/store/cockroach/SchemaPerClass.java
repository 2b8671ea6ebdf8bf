package io.chronicleledger.store.cockroach;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.SQLException;
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
    private final PositionClaim claim;
    private PostgresDatabase database;
    private Class<?> owner;

    private SchemaPerClass(Supplier<PostgresDatabase> opener, PositionClaim claim) {
        this.opener = opener;
        this.claim = claim;
    }

    /**
     * A schema on the test PostgreSQL ({@link PostgresDatabase#create()}), whose stores claim positions as they do
     * on PostgreSQL by default.
     *
     * @return the extension
     */
    static SchemaPerClass onTestPostgres() {
        return new SchemaPerClass(PostgresDatabase::create, null);
    }

    /**
     * A schema on the test PostgreSQL whose stores claim positions in the given way, such as CockroachDB's.
     *
     * @param claim the claim of every store of the schema
     * @return the extension
     */
    static SchemaPerClass onTestPostgres(PositionClaim claim) {
        return new SchemaPerClass(PostgresDatabase::create, claim);
    }

    /**
     * A schema on the shared CockroachDB container ({@link CockroachDatabase#freshSchema()}).
     *
     * @return the extension
     */
    static SchemaPerClass onCockroach() {
        return new SchemaPerClass(CockroachDatabase::freshSchema, null);
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

    /** How the stores of the schema claim positions. */
    PositionClaim claim() {
        if (claim != null) {
            return claim;
        }
        try (Connection connection = dataSource().getConnection()) {
            return PositionClaim.of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read which database the schema is on", e);
        }
    }

    /** The statements of the event store on the schema, with its claim. */
    EventTables tables() {
        return new EventTables(schema(), claim());
    }

    /** A new event store object on the schema. */
    CockroachEventStore eventStore() {
        return withClaim(CockroachEventStore.builder()).dataSource(dataSource()).schema(schema()).build();
    }

    /** A new snapshot store object on the schema. */
    CockroachSnapshotStore snapshotStore() {
        return withClaim(CockroachSnapshotStore.builder()).dataSource(dataSource()).schema(schema()).build();
    }

    private <B extends StoreBuilder<B>> B withClaim(B builder) {
        return claim == null ? builder : builder.positionClaim(claim);
    }
}
