package io.chronicleledger.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collects what an asynchronous listener receives, and lets a test wait for it with a bounded timeout instead
 * of sleeping.
 *
 * @param <T> the type of the received items
 */
final class Inbox<T> {

    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final Duration timeout;

    /**
     * Creates an empty inbox.
     *
     * @param timeout how long {@link #next()} waits for an item before it fails the test
     */
    Inbox(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Receives an item; called by the listener, on any thread.
     *
     * @param item the item
     */
    void add(T item) {
        queue.add(item);
    }

    /**
     * Returns the next item, waiting for it up to the timeout.
     *
     * @return the item
     * @throws InterruptedException when interrupted while waiting
     * @throws AssertionError       when no item arrives in time
     */
    T next() throws InterruptedException {
        T item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw new AssertionError("nothing arrived within " + timeout);
        }
        return item;
    }

    /**
     * Returns the next item if one is there, without waiting.
     *
     * @return the item, or {@code null} when there is none
     */
    T poll() {
        return queue.poll();
    }

    /**
     * Returns the next {@code count} items, waiting for each up to the timeout.
     *
     * @param count how many items to take
     * @return the items, in arrival order
     * @throws InterruptedException when interrupted while waiting
     * @throws AssertionError       when an item does not arrive in time
     */
    List<T> take(int count) throws InterruptedException {
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(next());
        }
        return items;
    }

    /**
     * Watches the inbox for a while and fails when anything arrives. Only a missing failure, never a false
     * one, can come of a watch too short.
     *
     * @param quietPeriod how long to watch
     * @throws InterruptedException when interrupted while watching
     */
    void assertNothingWithin(Duration quietPeriod) throws InterruptedException {
        T item = queue.poll(quietPeriod.toNanos(), TimeUnit.NANOSECONDS);
        assertThat(item).as("nothing more should arrive, but this did").isNull();
    }
}
