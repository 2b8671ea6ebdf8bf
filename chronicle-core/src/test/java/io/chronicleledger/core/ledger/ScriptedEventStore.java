package io.chronicleledger.core.ledger;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.ForwardingEventStore;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@link EventStore} decorator for tests: it can run an action just before an append reaches the real store
 * (another process writing in between a load and an append), fail an append after it committed (an outcome the
 * caller cannot know), and it records the stream reads. Not thread-safe; for single-threaded tests.
 */
final class ScriptedEventStore extends ForwardingEventStore {

    private final Deque<Runnable> beforeAppends = new ArrayDeque<>();
    private final List<String> reads = new ArrayList<>();
    private final List<AppendResult> results = new ArrayList<>();
    private int failuresAfterCommit;

    ScriptedEventStore(EventStore delegate) {
        super(delegate);
    }

    /** Runs {@code action} right before the next append that has no action yet. */
    void beforeNextAppend(Runnable action) {
        beforeAppends.addLast(action);
    }

    /** Makes the next append commit, then throw. */
    void failNextAppendAfterCommit() {
        failuresAfterCommit++;
    }

    /** Returns the reads as {@code streamId@fromVersion}, oldest first. */
    List<String> reads() {
        return reads;
    }

    /** Returns what each append answered, oldest first. */
    List<AppendResult> results() {
        return results;
    }

    void clearReads() {
        reads.clear();
    }

    @Override
    public AppendResult append(AppendRequest request) {
        Runnable action = beforeAppends.pollFirst();
        if (action != null) {
            action.run();
        }
        AppendResult result = super.append(request);
        results.add(result);
        if (failuresAfterCommit > 0) {
            failuresAfterCommit--;
            throw new IllegalStateException("connection lost after commit");
        }
        return result;
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, StreamRange range) {
        reads.add(streamId + "@" + range.fromVersion());
        return super.readStream(streamId, range);
    }
}
