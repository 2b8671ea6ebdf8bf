package io.chronicleledger.core.memory;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotencyRecords;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.store.TailListener;
import io.chronicleledger.core.support.AppendSignal;
import io.chronicleledger.core.support.PollingTail;
import io.chronicleledger.core.support.RecordedEvents;
import io.chronicleledger.core.support.Retention;
import io.chronicleledger.core.support.StreamTimestamps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An {@link EventStore} in the heap. Appends are serialized by one lock, which makes the global position
 * order the commit order; reads share a read lock. Its contents are lost when the process ends. Its
 * idempotency records expire when swept ({@link IdempotencyRecords}), measured on its clock. It keeps an
 * {@link Outbox} of the positions of the events nobody has marked published yet: without a relay that holds a
 * position (a few dozen bytes) for every event, beside the event itself, which the store keeps anyway. Its
 * {@link Leases} expire on its clock; they serve the threads of one process.
 */
public final class InMemoryEventStore implements EventStore, IdempotencyRecords, Outbox, Leases {

    private static final Duration TAIL_POLL = Duration.ofSeconds(1);

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AppendSignal appended = new AppendSignal();
    private final List<RecordedEvent> log = new ArrayList<>();
    private final Map<String, List<RecordedEvent>> streams = new HashMap<>();
    private final Set<UUID> eventIds = new HashSet<>();
    private final Map<String, IdempotentAppend> idempotentAppends = new HashMap<>();
    private final NavigableSet<Long> outbox = new TreeSet<>();
    private final Map<String, Lease> leases = new HashMap<>();

    /** Creates an empty store on the system clock. */
    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    /**
     * Creates an empty store.
     *
     * @param clock the clock {@code created_at} is read from, and the age of idempotency records measured on
     */
    public InMemoryEventStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AppendResult append(AppendRequest request) {
        AppendResult result;
        lock.writeLock().lock();
        try {
            result = appendLocked(request);
        } finally {
            lock.writeLock().unlock();
        }
        if (result instanceof AppendResult.Appended) {
            appended.fire();
        }
        return result;
    }

    private AppendResult appendLocked(AppendRequest request) {
        Optional<Idempotency> idempotency = request.idempotency();
        if (idempotency.isPresent()) {
            IdempotentAppend earlier = idempotentAppends.get(idempotency.get().key());
            if (earlier != null) {
                return earlier.idempotency().requestHash().equals(idempotency.get().requestHash())
                        ? new AppendResult.Replayed(earlier)
                        : new AppendResult.IdempotencyKeyReused(idempotency.get().key());
            }
        }
        for (StreamAppend stream : request.streams()) {
            long actual = versionOf(stream.streamId());
            if (actual != stream.expectedVersion()) {
                return new AppendResult.VersionConflict(stream.streamId(), stream.expectedVersion(), actual);
            }
        }
        checkNewEventIds(request);

        Instant at = StreamTimestamps.appendTime(clock.instant(), request.streams().stream()
                .map(stream -> lastCreatedAt(stream.streamId())).toList());
        List<RecordedEvent> recorded = new ArrayList<>(request.eventCount());
        for (StreamAppend stream : request.streams()) {
            List<RecordedEvent> events = streams.computeIfAbsent(stream.streamId(), id -> new ArrayList<>());
            for (RecordedEvent record : RecordedEvents.of(stream, log.size(), at)) {
                log.add(record);
                events.add(record);
                eventIds.add(record.eventId());
                outbox.add(record.position());
                recorded.add(record);
            }
        }
        idempotency.ifPresent(record -> idempotentAppends.put(record.key(),
                new IdempotentAppend(record, at, recorded)));
        return new AppendResult.Appended(recorded);
    }

    private void checkNewEventIds(AppendRequest request) {
        Set<UUID> inRequest = new HashSet<>();
        for (StreamAppend stream : request.streams()) {
            for (NewEvent event : stream.events()) {
                if (eventIds.contains(event.eventId()) || !inRequest.add(event.eventId())) {
                    throw new IllegalArgumentException("event id " + event.eventId() + " is already recorded");
                }
            }
        }
    }

    private Instant lastCreatedAt(String streamId) {
        List<RecordedEvent> events = streams.get(streamId);
        return events == null || events.isEmpty() ? null : events.get(events.size() - 1).createdAt();
    }

    private long versionOf(String streamId) {
        List<RecordedEvent> events = streams.get(streamId);
        return events == null ? 0 : events.size();
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, StreamRange range) {
        lock.readLock().lock();
        try {
            List<RecordedEvent> events = streams.getOrDefault(streamId, List.of());
            int from = (int) Math.min(range.fromVersion() - 1, events.size());
            int to = (int) Math.min(range.toVersion(), events.size());
            List<RecordedEvent> result = new ArrayList<>(Math.max(0, to - from));
            for (int i = from; i < to; i++) {
                RecordedEvent event = events.get(i);
                if (!range.contains(event)) {
                    break;
                }
                result.add(event);
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Page<RecordedEvent> readAll(GlobalLogQuery query) {
        lock.readLock().lock();
        try {
            List<RecordedEvent> candidates = query.streamId()
                    .map(id -> streams.getOrDefault(id, List.<RecordedEvent>of()))
                    .orElse(log);
            return InMemoryLogs.page(InMemoryLogs.after(candidates, query.afterPosition()), query);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long headPosition() {
        lock.readLock().lock();
        try {
            return log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<IdempotentAppend> findIdempotentAppend(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(idempotentAppends.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<RecordedEvent> unpublished(int limit) {
        Outbox.checkLimit(limit);
        lock.readLock().lock();
        try {
            List<RecordedEvent> events = new ArrayList<>(Math.min(limit, outbox.size()));
            for (Iterator<Long> positions = outbox.iterator(); positions.hasNext() && events.size() < limit; ) {
                events.add(log.get((int) (positions.next() - 1)));
            }
            return events;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void markPublished(List<RecordedEvent> events) {
        lock.writeLock().lock();
        try {
            for (RecordedEvent event : events) {
                outbox.remove(event.position());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public OutboxBacklog backlog() {
        lock.readLock().lock();
        try {
            return outbox.isEmpty() ? OutboxBacklog.EMPTY
                    : new OutboxBacklog(outbox.size(), Optional.of(log.get((int) (outbox.first() - 1)).createdAt()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        Leases.checkArguments(name, owner, ttl);
        Instant now = clock.instant();
        synchronized (leases) {
            Lease held = leases.get(name);
            if (held != null && !held.owner().equals(owner) && held.expiresAt().isAfter(now)) {
                return false;
            }
            leases.put(name, new Lease(owner, now.plus(ttl)));
            return true;
        }
    }

    @Override
    public void release(String name, String owner) {
        synchronized (leases) {
            leases.computeIfPresent(name, (key, held) -> held.owner().equals(owner) ? null : held);
        }
    }

    @Override
    public int sweepIdempotencyKeys(Duration retention) {
        lock.writeLock().lock();
        try {
            Instant before = Retention.cutoff(clock, retention);
            int size = idempotentAppends.size();
            idempotentAppends.values().removeIf(record -> record.createdAt().isBefore(before));
            return size - idempotentAppends.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Subscription tail(long afterPosition, TailListener listener) {
        return PollingTail.start(this, afterPosition, listener, appended, TAIL_POLL);
    }

    /**
     * Returns every recorded event in position order; for tests and tools.
     *
     * @return a copy of the global log
     */
    public List<RecordedEvent> allEvents() {
        lock.readLock().lock();
        try {
            return Collections.unmodifiableList(new ArrayList<>(log));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Who holds a lease, and until when. */
    private record Lease(String owner, Instant expiresAt) {
    }
}
