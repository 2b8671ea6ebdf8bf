package io.chronicleledger.core.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The daemon thread of a background loop (a live tail, an outbox relay): it runs the loop until closed, lets
 * the loop pause after a failure with a doubling back-off that closing cuts short, and on close wakes the loop
 * through its signal and waits (up to 10 seconds) for work in progress to end.
 */
public final class Worker {

    /** The first pause after a failure. */
    public static final long FIRST_BACKOFF_MILLIS = 50;

    /** The longest pause after repeated failures. */
    public static final long MAX_BACKOFF_MILLIS = 5_000;

    private static final long CLOSE_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    /**
     * The loop a worker runs; it returns when {@link #running()} turns false.
     */
    @FunctionalInterface
    public interface Loop {
        /**
         * Runs the loop.
         *
         * @throws InterruptedException when interrupted; the worker ends
         */
        void run() throws InterruptedException;
    }

    private final AppendSignal signal;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Creates a worker; {@link #start()} starts it.
     *
     * @param name   the thread's name
     * @param signal the signal the loop waits on, fired on close so that a wait ends at once
     * @param loop   the loop
     */
    public Worker(String name, AppendSignal signal, Loop loop) {
        this.signal = signal;
        this.thread = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        this.thread.setDaemon(true);
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    /**
     * Returns whether the loop should go on.
     *
     * @return {@code false} once closed
     */
    public boolean running() {
        return running;
    }

    /**
     * Pauses after a failure, unless closed meanwhile, and returns the next pause.
     *
     * @param millis the pause, from {@link #FIRST_BACKOFF_MILLIS}
     * @return the pause after another failure: twice this one, at most {@link #MAX_BACKOFF_MILLIS}
     * @throws InterruptedException when interrupted
     */
    public long backOff(long millis) throws InterruptedException {
        closed.await(millis, TimeUnit.MILLISECONDS);
        return Math.min(millis * 2, MAX_BACKOFF_MILLIS);
    }

    /** Stops the loop: wakes it, and waits up to 10 seconds for it to end (unless called from the loop itself). */
    public void close() {
        running = false;
        closed.countDown();
        signal.fire();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
