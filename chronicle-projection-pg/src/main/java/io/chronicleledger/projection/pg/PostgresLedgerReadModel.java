package io.chronicleledger.projection.pg;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.internal.EventApplier;
import io.chronicleledger.projection.pg.internal.ReadModelSchema;
import io.chronicleledger.projection.pg.internal.ReadQueries;

import javax.sql.DataSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger's read model in PostgreSQL 13+: the tables {@code account_balance}, {@code transactions},
 * {@code transfers}, {@code stream_versions} and {@code audit_log} in a schema of its own, fed by
 * {@link #apply} and queried through the {@link io.chronicleledger.core.ledger.LedgerQueries}. It shows what
 * the in-memory read model of chronicle-core shows for the same events.
 *
 * <p>Each {@link #apply}, and each {@link #applyAll} of any number of events, is one database transaction
 * with a fixed number of statements: it locks the rows in {@code stream_versions} of the events' streams (in
 * the order of their ids), decides for each event whether it is the next version of its stream, and writes
 * what the applied ones change (the accounts, their history entries, the transfers, the streams' versions and
 * the audit log entries) with one multi-row statement per table, or nothing. Several processes may apply
 * events to one schema at once: they queue per stream, never on a global lock, and none applies an event twice
 * or skips one.
 *
 * <p>Amounts are kept as unconstrained {@code NUMERIC}, exactly and at the scale of their currency. The read
 * model holds no state of its own beyond its data source and is safe for use by many threads.
 *
 * <pre>{@code
 * PostgresLedgerReadModel readModel = PostgresLedgerReadModel.builder()
 *         .dataSource(dataSource)
 *         .schema("read_model")
 *         .build();
 * }</pre>
 */
public final class PostgresLedgerReadModel implements LedgerReadModel {

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "read_model";

    private final DataSource dataSource;
    private final String schema;
    private final EventApplier applier;
    private final ReadQueries queries;

    private PostgresLedgerReadModel(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.applier = new EventApplier(dataSource, schema);
        this.queries = new ReadQueries(dataSource, schema);
    }

    /**
     * Returns a builder of a read model.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the highest global position this read model has applied, whichever process applied it: how far it
     * has come, for its lag behind the store. Events of other streams below it may still be missing (they are
     * applied in any order across streams).
     *
     * @return the position, 0 when nothing is applied
     * @throws ReadModelException when the database fails
     */
    public long highestPosition() {
        return queries.highestPosition();
    }

    /**
     * Returns the schema that holds the read model's tables.
     *
     * @return the schema name
     */
    public String schema() {
        return schema;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ReadModelException when the database fails; nothing is applied then
     */
    @Override
    public ApplyResult apply(RecordedEvent event) {
        return applier.apply(Objects.requireNonNull(event, "event"));
    }

    /**
     * {@inheritDoc} All in one database transaction.
     *
     * @throws ReadModelException when the database fails; nothing is applied then
     */
    @Override
    public List<ApplyResult> applyAll(List<RecordedEvent> events) {
        return applier.applyAll(List.copyOf(events));
    }

    /**
     * Empties every table of the read model in one transaction.
     *
     * @throws ReadModelException when the database fails
     */
    @Override
    public void reset() {
        applier.reset();
    }

    @Override
    public Optional<AccountView> account(String accountId) {
        return queries.account(Objects.requireNonNull(accountId, "accountId"));
    }

    @Override
    public Page<AccountView> accounts(String afterAccountId, int limit) {
        return queries.accounts(Objects.requireNonNull(afterAccountId, "afterAccountId"), limit);
    }

    @Override
    public Page<TransactionView> transactions(String accountId, long beforeVersion, int limit) {
        return queries.transactions(Objects.requireNonNull(accountId, "accountId"), beforeVersion, limit);
    }

    @Override
    public Optional<TransferView> transfer(UUID transferId) {
        return queries.transfer(Objects.requireNonNull(transferId, "transferId"));
    }

    @Override
    public Page<RecordedEvent> auditLog(GlobalLogQuery query) {
        return queries.auditLog(Objects.requireNonNull(query, "query"));
    }

    /**
     * Drops the read model's schema with every table and row in it; meant for tests. The read model cannot be
     * used afterwards.
     *
     * @throws ReadModelException when the database refuses
     */
    public void dropSchema() {
        ReadModelSchema.drop(dataSource, schema);
    }

    @Override
    public String toString() {
        return "PostgresLedgerReadModel[schema=" + schema + "]";
    }

    /** Builds a {@link PostgresLedgerReadModel}; not safe for use by many threads. */
    public static final class Builder {

        private DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private boolean createSchema = true;

        private Builder() {
        }

        /**
         * Sets the database; required.
         *
         * @param dataSource a data source of a PostgreSQL 13+ database, preferably pooled
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the schema of the read model's tables ({@value PostgresLedgerReadModel#DEFAULT_SCHEMA} by
         * default).
         *
         * @param name a lower-case SQL identifier: a letter or underscore, then up to 62 letters, digits or
         *             underscores
         * @return this builder
         * @throws IllegalArgumentException when the name is not such an identifier
         */
        public Builder schema(String name) {
            this.schema = SqlSchemaNames.check(name);
            return this;
        }

        /**
         * Sets whether {@link #build()} creates the schema and its tables when they are missing ({@code true}
         * by default). Without it, the tables must already be there.
         *
         * @param create whether to create the tables
         * @return this builder
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /**
         * Builds the read model, first creating its schema and tables when they are missing (unless
         * {@link #createSchema(boolean) told not to}).
         *
         * @return the read model
         * @throws IllegalStateException when no data source was set
         * @throws ReadModelException    when the tables cannot be created, or the schema is of a newer version
         */
        public PostgresLedgerReadModel build() {
            if (dataSource == null) {
                throw new IllegalStateException("a data source is required");
            }
            if (createSchema) {
                ReadModelSchema.ensure(dataSource, schema);
            }
            return new PostgresLedgerReadModel(dataSource, schema);
        }
    }
}
