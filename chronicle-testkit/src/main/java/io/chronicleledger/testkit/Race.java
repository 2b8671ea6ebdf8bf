package io.chronicleledger.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs contenders on their own threads, released together by a start gate, with bounded waits. */
final class Race {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private Race() {
    }

    /**
     * Runs {@code contenders} tasks at once and returns their results.
     *
     * @param contenders how many tasks run
     * @param timeout    the longest wait for the start gate and for each result
     * @param task       the task of contender {@code i}, from 0
     * @param <T>        the result type
     * @return the results, in contender order
     * @throws Exception the first failure of a contender (an assertion error stays one), or a timeout
     */
    static <T> List<T> run(int contenders, Duration timeout, IntFunction<T> task) throws Exception {
        CyclicBarrier startGate = new CyclicBarrier(contenders);
        ExecutorService pool = Executors.newFixedThreadPool(contenders, runnable -> {
            Thread thread = new Thread(runnable, "conformance-contender-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(contenders);
            for (int i = 0; i < contenders; i++) {
                int contender = i;
                Callable<T> gated = () -> {
                    startGate.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    return task.apply(contender);
                };
                futures.add(pool.submit(gated));
            }
            List<T> results = new ArrayList<>(contenders);
            for (Future<T> future : futures) {
                results.add(resultOf(future, timeout));
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static <T> T resultOf(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
