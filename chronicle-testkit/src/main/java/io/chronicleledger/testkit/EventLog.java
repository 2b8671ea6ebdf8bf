package io.chronicleledger.testkit;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.function.Consumer;

/** Walks a store's whole global log, a page at a time, for checks that look at every event. */
public final class EventLog {

    private static final int PAGE_SIZE = 1_000;

    private EventLog() {
    }

    /**
     * Hands every event of the store to {@code action}, in position order, up to the head as it is when the
     * last page is read.
     *
     * @param store  the event store
     * @param action what to do with each event
     */
    public static void forEach(EventStore store, Consumer<RecordedEvent> action) {
        forEachAfter(store, 0, action);
    }

    /**
     * Hands every event of the store after a position to {@code action}, in position order, up to the head as it
     * is when the last page is read.
     *
     * @param store         the event store
     * @param afterPosition the position after which the events start
     * @param action        what to do with each event
     */
    public static void forEachAfter(EventStore store, long afterPosition, Consumer<RecordedEvent> action) {
        long position = afterPosition;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, PAGE_SIZE));
            for (RecordedEvent event : page.items()) {
                position = event.position();
                action.accept(event);
            }
        } while (page.hasMore());
    }
}
