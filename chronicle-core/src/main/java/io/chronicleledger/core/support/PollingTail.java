package io.chronicleledger.core.support;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.TailListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live tail of a store's global log on its own thread: reads pages after the last delivered position and,
 * once caught up, waits for the store's {@link AppendSignal} (or polls, when the signal cannot see every
 * writer). A listener that throws gets the same event again after a back-off. Closing waits (up to 10 seconds)
 * for a delivery in progress, and cuts a back-off short.
 */
public final class PollingTail implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(PollingTail.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int PAGE_SIZE = 500;

    private final EventStore store;
    private final TailListener listener;
    private final AppendSignal signal;
    private final long pollNanos;
    private final Worker worker;
    private long position;

    /**
     * Starts a tail.
     *
     * @param store         the store to read
     * @param afterPosition the position to start after
     * @param listener      the receiver of the events
     * @param signal        fired by the store on appends
     * @param pollInterval  the longest wait between two reads when no signal comes
     * @return the running tail
     */
    public static PollingTail start(EventStore store, long afterPosition, TailListener listener,
                                    AppendSignal signal, Duration pollInterval) {
        PollingTail tail = new PollingTail(store, afterPosition, listener, signal, pollInterval);
        tail.worker.start();
        return tail;
    }

    private PollingTail(EventStore store, long afterPosition, TailListener listener, AppendSignal signal,
                        Duration pollInterval) {
        this.store = store;
        this.listener = listener;
        this.signal = signal;
        this.pollNanos = pollInterval.toNanos();
        this.position = afterPosition;
        this.worker = new Worker("chronicle-tail-" + THREADS.incrementAndGet(), signal, this::run);
    }

    private void run() throws InterruptedException {
        long backoff = Worker.FIRST_BACKOFF_MILLIS;
        while (worker.running()) {
            long seen = signal.generation();
            Page<RecordedEvent> page;
            try {
                page = store.readAll(GlobalLogQuery.after(position, PAGE_SIZE));
                backoff = Worker.FIRST_BACKOFF_MILLIS;
            } catch (RuntimeException e) {
                LOG.warn("tail cannot read after position {}; retrying in {} ms", position, backoff, e);
                backoff = worker.backOff(backoff);
                continue;
            }
            for (RecordedEvent event : page.items()) {
                if (!deliver(event)) {
                    return;
                }
                position = event.position();
            }
            if (!page.hasMore()) {
                signal.awaitChange(seen, pollNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private boolean deliver(RecordedEvent event) throws InterruptedException {
        long backoff = Worker.FIRST_BACKOFF_MILLIS;
        while (worker.running()) {
            try {
                listener.onEvent(event);
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) {
                LOG.warn("tail listener failed on position {}; retrying in {} ms", event.position(), backoff, e);
                backoff = worker.backOff(backoff);
            }
        }
        return false;
    }

    @Override
    public void close() {
        worker.close();
    }
}
