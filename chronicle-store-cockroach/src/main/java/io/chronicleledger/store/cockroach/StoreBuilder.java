package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.store.cockroach.internal.Schema;

import javax.sql.DataSource;
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
     * Returns the database, after creating the tables unless told not to; the first step of a build.
     *
     * @return the database
     * @throws IllegalStateException when no data source was given
     * @throws EventStoreException   when the tables cannot be created
     */
    final DataSource prepareDatabase() {
        if (dataSource == null) {
            throw new IllegalStateException("dataSource is required");
        }
        if (createSchema) {
            Schema.ensure(dataSource, schema);
        }
        return dataSource;
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
