package io.chronicleledger.core.store;

/**
 * Receives the events of a live tail of the global log ({@link EventStore#tail}), one at a time, in position
 * order, on a thread of the store's.
 */
@FunctionalInterface
public interface TailListener {

    /**
     * Handles one event. If this throws, the tail offers the same event again after a back-off: nothing is
     * skipped.
     *
     * @param event the next event of the global log
     * @throws Exception when the event could not be handled
     */
    void onEvent(RecordedEvent event) throws Exception;
}
