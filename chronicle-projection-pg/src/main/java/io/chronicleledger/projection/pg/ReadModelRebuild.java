package io.chronicleledger.projection.pg;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.projection.Projection;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.SqlSchemaNames;
import io.chronicleledger.projection.pg.internal.BulkLoad;
import io.chronicleledger.projection.pg.internal.Jdbc;
import io.chronicleledger.projection.pg.internal.ReadModelSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the PostgreSQL read model from the event store next to the live one, compares the two, and then
 * switches to the rebuilt one atomically.
 *
 * <p>{@link #run()} goes through these steps:
 * <ol>
 *   <li><b>Rebuild.</b> Drops the schema {@code <live>_rebuild} if a former run left it, creates it, and loads
 *   the store's whole global log into it in bulk: page by page in position order, the accounts' states and the
 *   streams' versions kept in memory, the rows sent with {@code COPY}, the secondary indexes built once at the
 *   end (nothing else writes to that schema yet, so no locks are needed). It reports progress (events done,
 *   events per second, estimated time left) to the {@link Listener}.</li>
 *   <li><b>Catch-up.</b> Projects the global log again from where the rebuild stopped up to the store's head,
 *   pass after pass, until a pass finds nothing new (at most {@value #MAX_CATCH_UP_PASSES} passes, so that a
 *   steady write load cannot keep it chasing the head): the events appended while the rebuild ran.</li>
 *   <li><b>Compare.</b> Compares every account's balance and version in the rebuilt schema with the live
 *   schema's, and reports each {@link Difference}. The live schema is fed by the processors, which may lag:
 *   an account on which the live schema is <em>behind</em> ({@link DifferenceKind#LIVE_BEHIND}, or
 *   {@link DifferenceKind#MISSING_IN_LIVE} for an account it has not seen yet) is reported as a difference,
 *   not treated as an error; likewise an account on which it is ahead, because events were appended and
 *   applied after the catch-up ({@link DifferenceKind#LIVE_AHEAD}).</li>
 *   <li><b>Switch.</b> In one transaction locks the live tables, renames the live schema to
 *   {@code <live>_old_<epoch millis>} and the rebuilt one to {@code <live>}, and drops the old one; readers see
 *   either the old or the new model, never none, and wait for the switch at most as long as the applies in
 *   flight take. The drop is in the same transaction, not after the commit, so that live processors cannot
 *   keep writing to the old tables through statements they prepared on the server (bound to the tables, not
 *   their names) while their freshly parsed statements write to the new ones. With {@link Builder#switchOnDifferences(boolean) switchOnDifferences(false)}
 *   and differences found, nothing is switched: the live schema stays, and the rebuilt one stays under
 *   {@code <live>_rebuild} for inspection.</li>
 *   <li><b>Final catch-up.</b> Projects once more, into the switched schema, from where the catch-up stopped
 *   up to the store's head after the old schema is dropped: the events appended since the catch-up, among them
 *   those that live processors applied to the old schema before the switch. It is idempotent: the
 *   stream-version check skips the events the switched schema already holds, such as those the live
 *   processors apply to it meanwhile. Events appended later are the live processors' to apply, as
 *   always.</li>
 * </ol>
 *
 * <p>When no live schema exists yet, nothing is compared and the rebuilt schema simply becomes the live one.
 * The live schema name must be at most {@value #MAX_LIVE_SCHEMA_LENGTH} characters long, so that the
 * {@code _rebuild} and {@code _old_<millis>} names fit PostgreSQL's 63.
 *
 * <pre>{@code
 * ReadModelRebuild.Result result = ReadModelRebuild.builder()
 *         .eventStore(store)
 *         .dataSource(readDataSource)
 *         .liveSchema("read_model")
 *         .listener(progress -> System.out.println(progress.eventsDone() + " events, "
 *                 + Math.round(progress.eventsPerSecond()) + " events/s"))
 *         .build()
 *         .run();
 * result.differences().forEach(System.out::println);
 * }</pre>
 *
 * <p>A rebuild is not safe for use by many threads; run one at a time per live schema.
 */
public final class ReadModelRebuild {

    /** The longest live schema name accepted. */
    public static final int MAX_LIVE_SCHEMA_LENGTH = 45;

    /** The suffix of the schema the rebuild projects into. */
    public static final String REBUILD_SUFFIX = "_rebuild";

    /** The most catch-up passes before the compare, each up to the head the store had when it started. */
    public static final int MAX_CATCH_UP_PASSES = 5;

    private static final int PAGE_SIZE = 1_000;
    private static final int SWITCH_ATTEMPTS = 5;

    /**
     * How long the switch waits for the live tables' locks before it gives up and tries again. While it waits,
     * the Query API's reads of those tables queue behind it; the bound keeps that stall short when a long
     * transaction holds a table.
     */
    private static final String SWITCH_LOCK_TIMEOUT = "2s";
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelRebuild.class);

    private final EventStore store;
    private final DataSource dataSource;
    private final String liveSchema;
    private final String rebuildSchema;
    private final boolean switchOnDifferences;
    private final Listener listener;

    private ReadModelRebuild(Builder builder) {
        this.store = builder.store;
        this.dataSource = builder.dataSource;
        this.liveSchema = builder.liveSchema;
        this.rebuildSchema = builder.liveSchema + REBUILD_SUFFIX;
        this.switchOnDifferences = builder.switchOnDifferences;
        this.listener = builder.listener;
    }

    /**
     * Returns a builder of a rebuild.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the rebuild: rebuild, catch-up, compare, switch, final catch-up.
     *
     * @return what was projected, the differences, and whether the rebuilt model became the live one
     * @throws ReadModelException when the database fails; the live schema is then left as it was (unless the
     *                            failure is in the final catch-up, after the switch)
     */
    public Result run() {
        long started = System.nanoTime();
        Counter counter = new Counter(started);
        ReadModelSchema.drop(dataSource, rebuildSchema);
        PostgresLedgerReadModel rebuilt = PostgresLedgerReadModel.builder().dataSource(dataSource)
                .schema(rebuildSchema).build();
        Projector projector = new Projector(counter.counting(rebuilt), store);

        LOG.info("rebuilding read model {} into {}", liveSchema, rebuildSchema);
        long position = bulkLoad(counter);
        position = catchUp(projector, position, Phase.CATCH_UP, counter, MAX_CATCH_UP_PASSES);

        report(Phase.COMPARE, counter, position, position);
        boolean liveExists = schemaHasReadModel(liveSchema);
        List<Difference> differences = liveExists ? compare() : List.of();
        boolean switched = differences.isEmpty() || switchOnDifferences;
        if (switched) {
            report(Phase.SWITCH, counter, position, position);
            switchSchemas(liveExists);
            PostgresLedgerReadModel switchedModel = PostgresLedgerReadModel.builder().dataSource(dataSource)
                    .schema(liveSchema).createSchema(false).build();
            position = catchUp(new Projector(counter.counting(switchedModel), store), position,
                    Phase.FINAL_CATCH_UP, counter, 1);
        } else {
            LOG.warn("read model {}: {} differences, not switched; the rebuilt model stays in {}", liveSchema,
                    differences.size(), rebuildSchema);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        report(Phase.DONE, counter, position, position);
        return new Result(counter.applied.get(), position, duration, differences, switched, liveSchema,
                switched ? liveSchema : rebuildSchema);
    }

    /** Loads the whole global log, up to its end, into the rebuild schema with a {@link BulkLoad}. */
    private long bulkLoad(Counter counter) {
        long head = store.headPosition();
        BulkLoad load = new BulkLoad(dataSource, rebuildSchema);
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, PAGE_SIZE));
            counter.applied.addAndGet(load.load(page.items()));
            if (!page.items().isEmpty()) {
                position = page.items().get(page.items().size() - 1).position();
            }
            report(Phase.REBUILD, counter, position, Math.max(head, position));
        } while (page.hasMore());
        load.finish();
        return position;
    }

    /**
     * Projects passes from {@code from}, each up to the store's head when it starts, until a pass finds nothing
     * new or {@code maxPasses} passes ran (under a write load as fast as the projection, the log would never
     * run dry: what is left goes to the final catch-up and the live processors).
     */
    private long catchUp(Projector projector, long from, Phase phase, Counter counter, int maxPasses) {
        long position = from;
        for (int pass = 0; pass < maxPasses; pass++) {
            long head = store.headPosition();
            if (head <= position) {
                return position;
            }
            long reached = projectUpTo(projector, position, head, phase, counter);
            if (reached == position) {
                return position;
            }
            position = reached;
        }
        return position;
    }

    private long projectUpTo(Projector projector, long from, long head, Phase phase, Counter counter) {
        long position = from;
        while (position < head) {
            Page<RecordedEvent> page = store.readAll(GlobalLogQuery.after(position, PAGE_SIZE));
            if (page.items().isEmpty()) {
                break;
            }
            projector.handleAll(page.items());
            position = page.items().get(page.items().size() - 1).position();
            report(phase, counter, position, Math.max(head, position));
        }
        return position;
    }

    private void report(Phase phase, Counter counter, long position, long head) {
        double seconds = Math.max(1e-9, (System.nanoTime() - counter.started) / 1e9);
        long done = counter.applied.get();
        double eventsPerSecond = done / seconds;
        double positionsPerSecond = position / seconds;
        long remaining = Math.max(0, head - position);
        Duration eta = remaining == 0 || positionsPerSecond <= 0 ? Duration.ZERO
                : Duration.ofMillis((long) (remaining / positionsPerSecond * 1000));
        listener.onProgress(new Progress(phase, done, position, head, eventsPerSecond, eta));
    }

    private boolean schemaHasReadModel(String schema) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)")) {
            statement.setString(1, schema + ".account_balance");
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getString(1) != null;
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot look up schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private List<Difference> compare() {
        String sql = "SELECT COALESCE(r.account_id, l.account_id) AS account_id, "
                + "l.balance AS live_balance, l.version AS live_version, "
                + "r.balance AS rebuilt_balance, r.version AS rebuilt_version "
                + "FROM " + rebuildSchema + ".account_balance r FULL OUTER JOIN " + liveSchema
                + ".account_balance l ON l.account_id = r.account_id "
                + "WHERE l.account_id IS NULL OR r.account_id IS NULL OR l.balance <> r.balance "
                + "OR l.version <> r.version ORDER BY 1";
        List<Difference> differences = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                differences.add(Difference.of(rows.getString("account_id"), rows.getBigDecimal("live_balance"),
                        rows.getLong("live_version"), rows.getBigDecimal("rebuilt_balance"),
                        rows.getLong("rebuilt_version")));
            }
        } catch (SQLException e) {
            throw new ReadModelException("cannot compare schemas " + liveSchema + " and " + rebuildSchema + ": "
                    + e.getMessage(), e);
        }
        differences.forEach(difference -> LOG.warn("read model {}: {}", liveSchema, difference));
        return List.copyOf(differences);
    }

    /**
     * Switches in one transaction: locks the live tables in the order an apply locks them (so that the switch
     * waits for the applies in flight, and later ones wait for the switch, instead of deadlocking), renames the
     * live schema away and the rebuilt one to its name, and drops the old one, all before the commit. Dropping
     * it in the same transaction matters: a live processor's statements prepared on the server are bound to
     * the old tables, and a rename alone would leave some of its statements writing to the old schema while
     * freshly parsed ones write to the new one; the drop makes all of them parse again, after the commit, on
     * the new tables. The locks are waited for at most {@value #SWITCH_LOCK_TIMEOUT}, so
     * that the queries queued behind the switch stall no longer; a lock timeout or a deadlock is retried.
     */
    private void switchSchemas(boolean liveExists) {
        String oldSchema = liveSchema + "_old_" + System.currentTimeMillis();
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                try {
                    statement.execute("SET LOCAL lock_timeout = '" + SWITCH_LOCK_TIMEOUT + "'");
                    if (liveExists) {
                        statement.execute("LOCK TABLE " + liveSchema + ".stream_versions, " + liveSchema
                                + ".account_balance, " + liveSchema + ".transactions, " + liveSchema + ".transfers, "
                                + liveSchema + ".audit_log IN ACCESS EXCLUSIVE MODE");
                        statement.execute("ALTER SCHEMA " + liveSchema + " RENAME TO " + oldSchema);
                    } else {
                        statement.execute("DROP SCHEMA IF EXISTS " + liveSchema + " CASCADE");
                    }
                    statement.execute("ALTER SCHEMA " + rebuildSchema + " RENAME TO " + liveSchema);
                    if (liveExists) {
                        statement.execute("DROP SCHEMA " + oldSchema + " CASCADE");
                    }
                    connection.commit();
                    connection.setAutoCommit(true);
                    LOG.info("read model {} switched to the rebuilt one; the former one is dropped", liveSchema);
                    return;
                } catch (SQLException | RuntimeException e) {
                    // auto-commit stays off: turned on after a failed rollback, it would commit half a switch (the
                    // live schema renamed or dropped, the rebuilt one not in its place); the pool rolls back
                    Jdbc.rollbackAfter(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                boolean retry = "40P01".equals(e.getSQLState()) || "55P03".equals(e.getSQLState());
                if (retry && attempt < SWITCH_ATTEMPTS) {
                    LOG.debug("switching {}: {} on attempt {}, retrying", liveSchema,
                            "40P01".equals(e.getSQLState()) ? "deadlock" : "lock timeout", attempt);
                    continue;
                }
                throw new ReadModelException("cannot switch schema " + rebuildSchema + " to " + liveSchema + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Counts the events applied through the projections it wraps. */
    private static final class Counter {

        private final long started;
        private final AtomicLong applied = new AtomicLong();

        private Counter(long started) {
            this.started = started;
        }

        private Projection counting(Projection projection) {
            return new Projection() {
                @Override
                public ApplyResult apply(RecordedEvent event) {
                    ApplyResult result = projection.apply(event);
                    if (result.kind() == ApplyResult.Kind.APPLIED) {
                        applied.incrementAndGet();
                    }
                    return result;
                }

                @Override
                public List<ApplyResult> applyAll(List<RecordedEvent> events) {
                    List<ApplyResult> results = projection.applyAll(events);
                    applied.addAndGet(results.stream().filter(result -> result.kind() == ApplyResult.Kind.APPLIED)
                            .count());
                    return results;
                }

                @Override
                public void reset() {
                    projection.reset();
                }
            };
        }
    }

    /** The steps of a rebuild, in order. */
    public enum Phase {
        /** Projecting the whole store into the rebuild schema. */
        REBUILD,
        /** Projecting what was appended during the rebuild. */
        CATCH_UP,
        /** Comparing the rebuilt accounts with the live ones. */
        COMPARE,
        /** Renaming the schemas. */
        SWITCH,
        /** Projecting, into the switched schema, what was appended since the catch-up. */
        FINAL_CATCH_UP,
        /** Finished. */
        DONE
    }

    /**
     * How far a rebuild has come.
     *
     * @param phase           the current step
     * @param eventsDone      the events applied so far, across all steps
     * @param position        the global position projected up to
     * @param headPosition    the store's head position when the step (or the catch-up pass) started
     * @param eventsPerSecond the events applied per second since the start
     * @param eta             the estimated time left to reach the head position, zero when there
     */
    public record Progress(Phase phase, long eventsDone, long position, long headPosition, double eventsPerSecond,
                           Duration eta) {
    }

    /** Hears a rebuild's progress: after each page of events, and at the start of each step. */
    @FunctionalInterface
    public interface Listener {

        /** A listener that ignores progress. */
        Listener NONE = progress -> { };

        /**
         * Called as the rebuild advances, on the thread running it.
         *
         * @param progress how far it has come
         */
        void onProgress(Progress progress);
    }

    /** How an account of the live schema differs from the rebuilt one. */
    public enum DifferenceKind {
        /** The live schema has no such account (its processors may not have applied it yet). */
        MISSING_IN_LIVE,
        /** Only the live schema has the account. */
        MISSING_IN_REBUILD,
        /** The live schema is at an older version of the account: its processors lag. */
        LIVE_BEHIND,
        /** The live schema is at a newer version: events applied to it after the rebuild's catch-up. */
        LIVE_AHEAD,
        /** Same version, other balance: the live schema is wrong. */
        BALANCE_DIFFERS
    }

    /**
     * An account whose balance or version differs between the live and the rebuilt schema.
     *
     * @param accountId      the account
     * @param kind           how it differs
     * @param liveBalance    the balance in the live schema, {@code null} when it lacks the account
     * @param liveVersion    the version in the live schema, 0 when it lacks the account
     * @param rebuiltBalance the balance in the rebuilt schema, {@code null} when it lacks the account
     * @param rebuiltVersion the version in the rebuilt schema, 0 when it lacks the account
     */
    public record Difference(String accountId, DifferenceKind kind, BigDecimal liveBalance, long liveVersion,
                             BigDecimal rebuiltBalance, long rebuiltVersion) {

        /**
         * Classifies a difference.
         *
         * @param accountId      the account
         * @param liveBalance    the live balance, {@code null} when missing
         * @param liveVersion    the live version
         * @param rebuiltBalance the rebuilt balance, {@code null} when missing
         * @param rebuiltVersion the rebuilt version
         * @return the difference
         */
        public static Difference of(String accountId, BigDecimal liveBalance, long liveVersion,
                                    BigDecimal rebuiltBalance, long rebuiltVersion) {
            DifferenceKind kind;
            if (liveBalance == null) {
                kind = DifferenceKind.MISSING_IN_LIVE;
            } else if (rebuiltBalance == null) {
                kind = DifferenceKind.MISSING_IN_REBUILD;
            } else if (liveVersion < rebuiltVersion) {
                kind = DifferenceKind.LIVE_BEHIND;
            } else if (liveVersion > rebuiltVersion) {
                kind = DifferenceKind.LIVE_AHEAD;
            } else {
                kind = DifferenceKind.BALANCE_DIFFERS;
            }
            return new Difference(accountId, kind, liveBalance, liveBalance == null ? 0 : liveVersion,
                    rebuiltBalance, rebuiltBalance == null ? 0 : rebuiltVersion);
        }

        @Override
        public String toString() {
            return accountId + ": " + kind + " (live " + (liveBalance == null ? "-" : liveBalance.toPlainString()
                    + " v" + liveVersion) + ", rebuilt " + (rebuiltBalance == null ? "-"
                    : rebuiltBalance.toPlainString() + " v" + rebuiltVersion) + ")";
        }
    }

    /**
     * What a rebuild did.
     *
     * @param eventsProjected the events applied, in all steps
     * @param position        the global position projected up to
     * @param duration        how long it took
     * @param differences     the accounts that differed between the live and the rebuilt schema, by id
     * @param switched        whether the rebuilt schema became the live one
     * @param liveSchema      the live schema's name
     * @param resultSchema    where the rebuilt model is now: the live schema when switched, else
     *                        {@code <live>_rebuild}
     */
    public record Result(long eventsProjected, long position, Duration duration, List<Difference> differences,
                         boolean switched, String liveSchema, String resultSchema) {

        /**
         * Copies the differences.
         *
         * @param eventsProjected the events applied
         * @param position        the position projected up to
         * @param duration        how long it took
         * @param differences     the differences
         * @param switched        whether switched
         * @param liveSchema      the live schema
         * @param resultSchema    where the rebuilt model is
         */
        public Result {
            differences = List.copyOf(differences);
        }

        /**
         * Returns the events applied per second over the whole run.
         *
         * @return events per second
         */
        public double eventsPerSecond() {
            double seconds = duration.toNanos() / 1e9;
            return seconds <= 0 ? 0 : eventsProjected / seconds;
        }
    }

    /** Builds a {@link ReadModelRebuild}; not safe for use by many threads. */
    public static final class Builder {

        private EventStore store;
        private DataSource dataSource;
        private String liveSchema = PostgresLedgerReadModel.DEFAULT_SCHEMA;
        private boolean switchOnDifferences = true;
        private Listener listener = Listener.NONE;

        private Builder() {
        }

        /**
         * Sets the event store to rebuild from; required.
         *
         * @param store the store
         * @return this builder
         */
        public Builder eventStore(EventStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the read model's database; required.
         *
         * @param dataSource a data source of the PostgreSQL database holding the live schema
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the live schema ({@value PostgresLedgerReadModel#DEFAULT_SCHEMA} by default).
         *
         * @param name a lower-case SQL identifier of at most {@value ReadModelRebuild#MAX_LIVE_SCHEMA_LENGTH}
         *             characters
         * @return this builder
         * @throws IllegalArgumentException when the name is not such an identifier
         */
        public Builder liveSchema(String name) {
            SqlSchemaNames.check(name);
            if (name.length() > MAX_LIVE_SCHEMA_LENGTH) {
                throw new IllegalArgumentException("the live schema name must be at most " + MAX_LIVE_SCHEMA_LENGTH
                        + " characters long, was '" + name + "'");
            }
            this.liveSchema = name;
            return this;
        }

        /**
         * Sets whether to switch to the rebuilt model when it differs from the live one ({@code true} by
         * default: the rebuilt model, projected from the store, is the truth). With {@code false}, differences
         * keep the live schema and leave the rebuilt one under {@code <live>_rebuild} for inspection.
         *
         * @param switchOnDifferences whether to switch despite differences
         * @return this builder
         */
        public Builder switchOnDifferences(boolean switchOnDifferences) {
            this.switchOnDifferences = switchOnDifferences;
            return this;
        }

        /**
         * Sets the progress listener (none by default).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the rebuild.
         *
         * @return the rebuild, ready to {@link ReadModelRebuild#run() run}
         * @throws IllegalStateException when the store or the data source is missing
         */
        public ReadModelRebuild build() {
            if (store == null) {
                throw new IllegalStateException("an event store is required");
            }
            if (dataSource == null) {
                throw new IllegalStateException("a data source is required");
            }
            return new ReadModelRebuild(this);
        }
    }
}
