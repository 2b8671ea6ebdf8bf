package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.ForwardingEventStore;
import io.chronicleledger.core.store.IdempotencyRecords;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts what the event store does, for {@code /metrics}: appends by outcome ({@code appended}, {@code conflict}
 * — each conflict makes the ledger retry —, {@code replayed}, {@code key_reused}), events appended, and the
 * time an append takes. It forwards the sweep of expired idempotency keys ({@link IdempotencyRecords}) and the
 * {@link Outbox} and the {@link Leases} as well, which every store the server runs on keeps: {@link IdempotencySweeper}
 * sweeps the keys, and {@link EventPipeline} relays the outbox under a lease.
 */
public final class MeteredEventStore extends ForwardingEventStore implements IdempotencyRecords, Outbox, Leases {

    private final Timer appendTime;
    private final Counter eventsAppended;
    private final Counter appended;
    private final Counter conflicts;
    private final Counter replayed;
    private final Counter keysReused;
    private final IdempotencyRecords idempotencyRecords;
    private final Outbox outbox;
    private final Leases leases;
    private final List<Runnable> recordingListeners = new CopyOnWriteArrayList<>();

    /**
     * Wraps a store.
     *
     * @param store    the store, which keeps expiring idempotency records, an outbox and leases
     * @param registry where the meters go
     * @param <S>      the store's type
     */
    public <S extends EventStore & IdempotencyRecords & Outbox & Leases> MeteredEventStore(S store,
                                                                                      MeterRegistry registry) {
        super(store);
        this.idempotencyRecords = store;
        this.outbox = store;
        this.leases = store;
        this.appendTime = Timer.builder("chronicle.store.append").description("time of one atomic append")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.eventsAppended = Counter.builder("chronicle.store.events.appended").register(registry);
        this.appended = outcome(registry, "appended");
        this.conflicts = outcome(registry, "conflict");
        this.replayed = outcome(registry, "replayed");
        this.keysReused = outcome(registry, "key_reused");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("chronicle.store.appends").tag("outcome", outcome)
                .description("appends by outcome; every conflict is retried by the ledger").register(registry);
    }

    @Override
    public AppendResult append(AppendRequest request) {
        AppendResult result = appendTime.record(() -> super.append(request));
        if (result instanceof AppendResult.Appended done) {
            appended.increment();
            eventsAppended.increment(done.events().size());
            if (!done.events().isEmpty()) {
                recordingListeners.forEach(Runnable::run);
            }
        } else if (result instanceof AppendResult.VersionConflict) {
            conflicts.increment();
        } else if (result instanceof AppendResult.Replayed) {
            replayed.increment();
        } else {
            keysReused.increment();
        }
        return result;
    }

    /**
     * Calls a listener after every append through this store that recorded events, on the appending thread;
     * {@link EventPipeline} wakes its outbox relay with it, so that the events of this process reach the read
     * model at once rather than at the relay's next poll.
     *
     * @param listener a quick, non-blocking action
     * @return the registration; close it to remove the listener
     */
    public Subscription afterRecording(Runnable listener) {
        recordingListeners.add(listener);
        return () -> recordingListeners.remove(listener);
    }

    @Override
    public int sweepIdempotencyKeys(Duration retention) {
        return idempotencyRecords.sweepIdempotencyKeys(retention);
    }

    @Override
    public List<RecordedEvent> unpublished(int limit) {
        return outbox.unpublished(limit);
    }

    @Override
    public void markPublished(List<RecordedEvent> events) {
        outbox.markPublished(events);
    }

    @Override
    public List<RecordedEvent> markPublishedAndReadNext(List<RecordedEvent> published, int limit) {
        return outbox.markPublishedAndReadNext(published, limit);
    }

    @Override
    public OutboxBacklog backlog() {
        return outbox.backlog();
    }

    @Override
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        return leases.tryAcquire(name, owner, ttl);
    }

    @Override
    public void release(String name, String owner) {
        leases.release(name, owner);
    }
}
