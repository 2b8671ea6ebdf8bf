package io.chronicleledger.core.memory;

import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link SnapshotStore} in the heap: every snapshot of every stream, by version. */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final Map<String, NavigableMap<Long, Snapshot>> byStream = new ConcurrentHashMap<>();

    /** Creates an empty snapshot store. */
    public InMemorySnapshotStore() {
    }

    @Override
    public void save(Snapshot snapshot) {
        byStream.computeIfAbsent(snapshot.streamId(), id -> new ConcurrentSkipListMap<>())
                .put(snapshot.version(), snapshot);
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, long version) {
        NavigableMap<Long, Snapshot> snapshots = byStream.get(streamId);
        if (snapshots == null) {
            return Optional.empty();
        }
        Map.Entry<Long, Snapshot> entry = snapshots.floorEntry(version);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    @Override
    public Optional<Snapshot> latestAtOrBefore(String streamId, Instant time) {
        NavigableMap<Long, Snapshot> snapshots = byStream.get(streamId);
        if (snapshots == null) {
            return Optional.empty();
        }
        for (Snapshot snapshot : snapshots.descendingMap().values()) {
            if (!snapshot.asOf().isAfter(time)) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }
}
