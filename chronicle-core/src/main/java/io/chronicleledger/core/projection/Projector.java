package io.chronicleledger.core.projection;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.StorageException;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives a {@link Projection}: applies delivered events, fills gaps from the event store, and rebuilds the
 * projection from the store.
 */
public final class Projector {

    /** The most deliveries of a bus applied in one {@link Projection#applyAll}. */
    public static final int BATCH_SIZE = 500;

    private static final int REBUILD_PAGE_SIZE = 1_000;
    private static final long FIRST_RETRY_MILLIS = 50;
    /** The longest pause between two tries of a batch while storage is unavailable: well inside any ack wait. */
    private static final long MAX_RETRY_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Projector.class);

    private final Projection projection;
    private final EventStore store;

    /**
     * Creates a projector.
     *
     * @param projection the projection to drive
     * @param store      the store to fill gaps and rebuild from
     */
    public Projector(Projection projection, EventStore store) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Applies one event: applies it if it is the next of its stream, skips it if it is a duplicate, and
     * otherwise first applies the missing versions from the store.
     *
     * @param event the event
     * @throws IllegalStateException when the store does not (yet) hold the missing versions; the event is not
     *                               applied and should be delivered again
     */
    public void handle(RecordedEvent event) {
        handleAll(List.of(event));
    }

    /**
     * Applies many events with one {@link Projection#applyAll}, then catches up each stream that had a gap from
     * the store, up to the highest version of that stream among the events.
     *
     * @param events the events, of any streams, in any order
     * @throws IllegalStateException when the store does not (yet) hold a stream's missing versions; the events
     *                               of that stream from the gap on are not applied and should be delivered again
     */
    public void handleAll(List<RecordedEvent> events) {
        List<ApplyResult> results = projection.applyAll(events);
        Map<String, Gap> gaps = null;
        for (int index = 0; index < events.size(); index++) {
            ApplyResult result = results.get(index);
            if (result.kind() == ApplyResult.Kind.GAP) {
                RecordedEvent event = events.get(index);
                if (gaps == null) {
                    gaps = new LinkedHashMap<>();
                }
                gaps.merge(event.aggregateId(), new Gap(result.lastAppliedVersion(), event.streamVersion()),
                        Gap::widen);
            }
        }
        if (gaps != null) {
            gaps.forEach(this::catchUp);
        }
    }

    /** The versions of a stream to fetch from the store: after the last applied one, up to the highest seen. */
    private record Gap(long lastApplied, long upTo) {
        Gap widen(Gap other) {
            return new Gap(Math.min(lastApplied, other.lastApplied), Math.max(upTo, other.upTo));
        }
    }

    private void catchUp(String streamId, Gap gap) {
        List<RecordedEvent> missing = store.readStream(streamId,
                StreamRange.from(gap.lastApplied() + 1).upToVersion(gap.upTo()));
        List<ApplyResult> results = projection.applyAll(missing);
        long reached = gap.lastApplied();
        for (int index = 0; index < missing.size() && results.get(index).kind() != ApplyResult.Kind.GAP; index++) {
            reached = Math.max(reached, missing.get(index).streamVersion());
        }
        if (reached < gap.upTo()) {
            throw new IllegalStateException("stream " + streamId + " could not be caught up to version "
                    + gap.upTo() + " from the store (reached " + reached + ")");
        }
    }

    /**
     * Subscribes the projection to a bus as a durable consumer: each batch of deliveries (up to
     * {@value #BATCH_SIZE}, what is there when the projection is free) is handled with {@link #handleAll}, then
     * acknowledged. When a batch throws, the bus hands its deliveries over again one at a time, so one event that
     * cannot be handled holds back no other; such an event is not acknowledged, and the bus delivers it again (and
     * sets it aside as a dead letter after its last attempt).
     *
     * <p>A failure that is not the events' own is not handed to the bus: while the projection's database or the
     * store is unavailable ({@link StorageException#isTransient()}: a refused or broken connection, a restart, a
     * timeout), the batch is tried again after a pause (50 ms, doubling up to a second), for as long as it takes,
     * its deliveries kept {@link Delivery#inProgress() in progress} meanwhile. So an outage delays the
     * projection but never turns its events into dead letters, which nothing would apply again.
     *
     * @param bus         the bus
     * @param durableName the consumer's durable name
     * @return the running subscription; closing it also ends a wait for the storage to come back (the batch waited
     *         on is not acknowledged, and the bus delivers it again)
     */
    public Subscription subscribe(EventBus bus, String durableName) {
        CountDownLatch closed = new CountDownLatch(1);
        Subscription deliveries = bus.subscribeBatches(durableName, BATCH_SIZE, batch -> {
            List<RecordedEvent> events = new ArrayList<>(batch.size());
            for (Delivery delivery : batch) {
                events.add(delivery.event());
            }
            if (handleOnceAvailable(events, batch, closed)) {
                batch.forEach(Delivery::ack);
            }
        });
        return () -> {
            closed.countDown();
            deliveries.close();
        };
    }

    /**
     * Handles the events, trying again while storage is unavailable.
     *
     * @return {@code true} once handled, {@code false} when the subscription closed first
     */
    private boolean handleOnceAvailable(List<RecordedEvent> events, List<Delivery> batch, CountDownLatch closed)
            throws InterruptedException {
        long pause = FIRST_RETRY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                handleAll(events);
                if (attempt > 1) {
                    LOG.info("storage is back: {} event(s) handled after {} tries", events.size(), attempt);
                }
                return true;
            } catch (StorageException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                if (Integer.bitCount(attempt) == 1) { // the 1st, 2nd, 4th, 8th… try: not a flood
                    LOG.warn("storage unavailable ({} event(s), try {}); trying again", events.size(), attempt, e);
                }
                batch.forEach(Delivery::inProgress);
                if (closed.await(pause, TimeUnit.MILLISECONDS)) {
                    return false;
                }
                batch.forEach(Delivery::inProgress);
                pause = Math.min(MAX_RETRY_MILLIS, pause * 2);
            }
        }
    }

    /**
     * Rebuilds the projection from the store: resets it, then applies the global log in position order, up to
     * its end (past the head reported to {@code progress} when events are appended meanwhile). Events
     * delivered concurrently are harmless: the projection's version check keeps each applied once.
     *
     * @param progress hears progress after each page
     * @return the global position the rebuild applied up to
     */
    public long rebuild(RebuildProgress progress) {
        long head = store.headPosition();
        projection.reset();
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, REBUILD_PAGE_SIZE));
            handleAll(page.items());
            if (!page.items().isEmpty()) {
                position = page.items().get(page.items().size() - 1).position();
            }
            progress.onProgress(position, head);
        } while (page.hasMore());
        return position;
    }
}
