package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.store.cockroach.internal.Transactions;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SnapshotStore} on CockroachDB or PostgreSQL 13+, in the {@code snapshots} table of the same schema
 * as the {@link CockroachEventStore}. A save is an upsert on {@code (stream_id, stream_version)}.
 */
public final class CockroachSnapshotStore implements SnapshotStore {

    private static final String COLUMNS = "stream_id, stream_version, as_of, state::TEXT";

    private final DataSource dataSource;
    private final String upsert;
    private final String byVersion;
    private final String byTime;

    private CockroachSnapshotStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.upsert = "INSERT INTO " + schema + ".snapshots (stream_id, stream_version, as_of, state) "
                + "VALUES (?, ?, ?, CAST(? AS JSONB)) ON CONFLICT (stream_id, stream_version) "
                + "DO UPDATE SET as_of = excluded.as_of, state = excluded.state";
        this.byVersion = "SELECT " + COLUMNS + " FROM " + schema + ".snapshots "
                + "WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT 1";
        this.byTime = "SELECT " + COLUMNS + " FROM " + schema + ".snapshots "
                + "WHERE stream_id = ? AND as_of <= ? ORDER BY stream_version DESC LIMIT 1";
    }

    /**
     * Returns a builder; a data source is required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Transactions.inTransaction(dataSource, "save of a snapshot of " + snapshot.streamId(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, snapshot.streamId());
                statement.setLong(2, snapshot.version());
                Sql.setInstant(statement, 3, snapshot.asOf());
                statement.setString(4, snapshot.state());
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, long version) {
        Objects.requireNonNull(streamId, "streamId");
        return Transactions.read(dataSource, "read of a snapshot of " + streamId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(byVersion)) {
                statement.setString(1, streamId);
                statement.setLong(2, version);
                return first(statement);
            }
        });
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, Instant time) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(time, "time");
        return Transactions.read(dataSource, "read of a snapshot of " + streamId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(byTime)) {
                statement.setString(1, streamId);
                Sql.setBound(statement, 2, time);
                return first(statement);
            }
        });
    }

    private static Optional<Snapshot> first(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new Snapshot(row.getString(1), row.getLong(2), Sql.instant(row, 3), row.getString(4)));
        }
    }

    /** Builds a {@link CockroachSnapshotStore}. */
    public static final class Builder extends StoreBuilder<Builder> {

        private Builder() {
        }

        /**
         * Builds the store, creating its tables first unless told not to.
         *
         * @return the store
         * @throws IllegalStateException when no data source was given
         * @throws EventStoreException   when the tables cannot be created
         */
        public CockroachSnapshotStore build() {
            return new CockroachSnapshotStore(prepareDatabase(false), schemaName());
        }
    }
}
