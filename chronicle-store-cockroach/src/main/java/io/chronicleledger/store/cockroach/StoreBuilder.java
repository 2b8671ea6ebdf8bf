package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import io.chronicleledger.store.cockroach.internal.Schema;
import io.chronicleledger.store.cockroach.internal.Transactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * What the builders of the JDBC stores share: the database, the schema of the tables, and whether building
 * creates them.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class StoreBuilder<B extends StoreBuilder<B>> {

    private DataSource dataSource;
    private String schema = CockroachStoreConfig.DEFAULT_SCHEMA;
    private boolean createSchema = true;
    private PositionClaim positionClaim;

    /** Creates a builder with the defaults; for the builders of this package. */
    StoreBuilder() {
    }

    /**
     * Sets the database (required). The store does not close it.
     *
     * @param dataSource a pooled data source, such as {@link CockroachStoreConfig#createDataSource()}
     * @return this builder
     */
    public B dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return self();
    }

    /**
     * Sets the schema of the tables (default {@value CockroachStoreConfig#DEFAULT_SCHEMA}).
     *
     * @param schema a lower-case SQL identifier
     * @return this builder
     * @throws IllegalArgumentException when the name is not a plain lower-case identifier
     */
    public B schema(String schema) {
        this.schema = SqlSchemaNames.check(schema);
        return self();
    }

    /**
     * Sets whether building the store creates the schema and tables when they are missing (default
     * {@code true}).
     *
     * @param create {@code false} to leave the schema to a migration tool
     * @return this builder
     */
    public B createSchema(boolean create) {
        this.createSchema = create;
        return self();
    }

    /**
     * Sets how appends claim positions, for the tests of this package (default: the one the database supports
     * best, {@link PositionClaim#of}). Only on a fresh schema: every process writing to a schema must claim
     * positions the same way, from its first append on.
     *
     * @param claim the claim
     * @return this builder
     */
    B positionClaim(PositionClaim claim) {
        this.positionClaim = Objects.requireNonNull(claim, "claim");
        return self();
    }

    /**
     * Returns the database, after choosing the position claim, checking the connections' isolation level when the
     * store appends, and creating the tables unless told not to; the first step of a build.
     *
     * @param appends whether the store appends events, and so needs the claim's isolation level
     *                ({@link #checkIsolation})
     * @return the database
     * @throws IllegalStateException when no data source was given, or the isolation level does not fit
     * @throws EventStoreException   when the database cannot be read or the tables cannot be created
     */
    final DataSource prepareDatabase(boolean appends) {
        if (dataSource == null) {
            throw new IllegalStateException("dataSource is required");
        }
        if (positionClaim == null || appends) { // one connection for both readings
            try (Connection connection = dataSource.getConnection()) {
                if (positionClaim == null) {
                    positionClaim = PositionClaim.of(connection);
                }
                if (appends) {
                    checkIsolation(connection);
                }
            } catch (SQLException e) {
                throw new EventStoreException("cannot read which database " + schema + " is on, or its connections' "
                        + "transaction isolation: " + Transactions.describe(e), e);
            }
        }
        if (createSchema) {
            Schema.ensure(dataSource, schema, positionClaim);
        }
        return dataSource;
    }

    /**
     * Checks that the data source's connections run at the isolation level the position claim needs: READ
     * COMMITTED for {@link PositionClaim#SEQUENCE}, so that each statement of an append sees what committed before
     * the lock it waited for. At REPEATABLE READ or SERIALIZABLE its snapshot would date from before that lock:
     * appends would be refused on heads gone stale, and keys recorded meanwhile would be missed. (The counter row,
     * on CockroachDB, works at any level: a stale update is a serialization failure, tried again.)
     *
     * @param connection a connection of the data source
     * @throws IllegalStateException when the connections run at another level
     * @throws SQLException          when the level cannot be read
     */
    private void checkIsolation(Connection connection) throws SQLException {
        if (positionClaim != PositionClaim.SEQUENCE) {
            return;
        }
        int level = connection.getTransactionIsolation();
        if (level != Connection.TRANSACTION_READ_COMMITTED) {
            throw new IllegalStateException("the event store on PostgreSQL needs connections at READ COMMITTED, "
                    + "PostgreSQL's default; this data source's run at " + isolationName(level) + " (set the "
                    + "pool's transaction isolation, e.g. HikariCP's transactionIsolation, to "
                    + "TRANSACTION_READ_COMMITTED, or the role's default_transaction_isolation)");
        }
    }

    private static String isolationName(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> "level " + level;
        };
    }

    /** The position claim, once {@link #prepareDatabase} has chosen it. */
    final PositionClaim positionClaim() {
        return positionClaim;
    }

    final String schemaName() {
        return schema;
    }

    private B self() {
        @SuppressWarnings("unchecked")
        B self = (B) this;
        return self;
    }
}
