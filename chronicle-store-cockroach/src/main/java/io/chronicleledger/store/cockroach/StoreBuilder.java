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
     * Returns the database, after choosing the position claim and creating the tables unless told not to; the
     * first step of a build.
     *
     * @return the database
     * @throws IllegalStateException when no data source was given
     * @throws EventStoreException   when the database cannot be read or the tables cannot be created
     */
    final DataSource prepareDatabase() {
        if (dataSource == null) {
            throw new IllegalStateException("dataSource is required");
        }
        if (positionClaim == null) {
            try (Connection connection = dataSource.getConnection()) {
                positionClaim = PositionClaim.of(connection);
            } catch (SQLException e) {
                throw new EventStoreException("cannot read which database " + schema + " is on: "
                        + Transactions.describe(e), e);
            }
        }
        if (createSchema) {
            Schema.ensure(dataSource, schema, positionClaim);
        }
        return dataSource;
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
