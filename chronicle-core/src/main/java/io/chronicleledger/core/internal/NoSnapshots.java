package io.chronicleledger.core.internal;

import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;

import java.time.Instant;
import java.util.Optional;

/** A snapshot store that keeps nothing: loads and time travel replay whole streams. */
public enum NoSnapshots implements SnapshotStore {
    /** The only instance. */
    INSTANCE;

    @Override
    public void save(Snapshot snapshot) {
        // keeps nothing, by design
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, long version) {
        return Optional.empty();
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, Instant time) {
        return Optional.empty();
    }
}
