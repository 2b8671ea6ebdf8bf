package io.chronicleledger.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: the calling thread paces operations on a fixed schedule (the n-th is due at start + n /
 * rate) and hands each to a pool of workers, whether or not the earlier ones have finished. A slow operation
 * therefore delays none of the later ones' start times: they queue, and a latency measured from the due time
 * (which each operation is given) includes that queueing, which a closed loop would leave out (coordinated
 * omission).
 */
final class OpenLoop {

    /** One operation, told its index in the schedule and its due time ({@link System#nanoTime()}). */
    @FunctionalInterface
    interface Operation {
        void run(long index, long dueNanos);
    }

    private OpenLoop() {
    }

    /**
     * Runs operations at a fixed rate, then waits until the workers finished them all.
     *
     * @param start     when the first is due ({@link System#nanoTime()})
     * @param perSecond the rate
     * @param duration  how long to issue them
     * @param workers   the threads that run them
     * @param operation the operation; it must not throw
     * @throws InterruptedException when interrupted while waiting
     */
    static void run(long start, int perSecond, Duration duration, int workers, Operation operation) throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "open-loop-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long count = duration.toNanos() * perSecond / 1_000_000_000L;
        try {
            for (long i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long index = i;
                pool.execute(() -> operation.run(index, due));
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the workers did not finish within 10 minutes of the schedule's end");
        }
    }
}
