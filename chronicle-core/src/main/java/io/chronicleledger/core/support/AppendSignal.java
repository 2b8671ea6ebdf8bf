package io.chronicleledger.core.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the tails of a store when something was appended. A tail reads {@link #generation()} before it reads
 * the log, and after an empty read waits for a newer generation, so that no wake-up is lost in between.
 */
public final class AppendSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long generation;

    /**
     * Returns the current generation; it changes on every {@link #fire()}.
     *
     * @return the generation
     */
    public long generation() {
        return generation;
    }

    /** Announces an append (or anything a waiting tail should look at). */
    public void fire() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the generation differs from {@code seen}, or the timeout passes.
     *
     * @param seen    the generation read before the last read of the log
     * @param timeout the longest wait
     * @param unit    the unit of {@code timeout}
     * @throws InterruptedException when interrupted
     */
    public void awaitChange(long seen, long timeout, TimeUnit unit) throws InterruptedException {
        long remaining = unit.toNanos(timeout);
        lock.lock();
        try {
            while (generation == seen && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
