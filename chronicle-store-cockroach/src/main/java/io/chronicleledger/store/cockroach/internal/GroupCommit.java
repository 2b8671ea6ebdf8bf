package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.support.Causes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Combines the requests of concurrent threads into batches, run one batch at a time by one of the waiting
 * threads (the leader), so that many appends share one transaction and one commit.
 *
 * <p>A thread queues its request and tries to become the leader. The leader takes up to {@code maxBatch}
 * queued requests, oldest first, runs them as one batch on its own thread, hands every request its own
 * outcome and wakes its thread. The others park until their outcome arrives or the leader steps down; a
 * leader that steps down wakes the thread of the oldest queued request, which leads next. A thread alone
 * leads at once and runs its request as a batch of one: batching adds no hand-off when there is no
 * contention, and under contention the batches grow by themselves with the number of waiting threads.
 *
 * @param <I> the request
 * @param <O> the outcome of one request
 */
public final class GroupCommit<I, O> {

    /**
     * Runs a batch of requests.
     *
     * @param <I> the request
     * @param <O> the outcome of one request
     */
    @FunctionalInterface
    public interface Batch<I, O> {
        /**
         * Runs the requests as one batch.
         *
         * @param requests the requests, oldest first
         * @return one completion per request, in the same order
         * @throws RuntimeException the failure of the whole batch, handed to each request; one with an
         *                          {@link InterruptedException} among its causes must mean that the batch had no
         *                          effect (it was waiting, for a connection or a pause between tries), and when the
         *                          leader's thread was interrupted the batch runs again
         */
        List<Completion<O>> run(List<I> requests);
    }

    /**
     * The outcome of one request of a batch: a value, or a failure thrown to the request's thread.
     *
     * @param value   the value, when the request succeeded
     * @param failure the failure, when it did not
     * @param <O>     the outcome
     */
    public record Completion<O>(O value, RuntimeException failure) {

        /**
         * Checks that there is exactly one of a value and a failure.
         *
         * @param value   the value, when the request succeeded
         * @param failure the failure, when it did not
         * @throws IllegalArgumentException when both or neither are given
         */
        public Completion {
            if ((value == null) == (failure == null)) {
                throw new IllegalArgumentException("a completion has a value or a failure, exactly one");
            }
        }

        /**
         * A success.
         *
         * @param value the value
         * @param <O>   the outcome
         * @return the completion
         */
        public static <O> Completion<O> of(O value) {
            return new Completion<>(Objects.requireNonNull(value, "value"), null);
        }

        /**
         * A failure.
         *
         * @param failure the failure
         * @param <O>     the outcome
         * @return the completion
         */
        public static <O> Completion<O> failed(RuntimeException failure) {
            return new Completion<>(null, Objects.requireNonNull(failure, "failure"));
        }

        /**
         * Runs a request alone and captures its outcome.
         *
         * @param request the request
         * @param single  how a request runs alone
         * @param <I>     the request
         * @param <O>     the outcome
         * @return the completion
         */
        public static <I, O> Completion<O> capture(I request, Function<I, O> single) {
            try {
                return of(single.apply(request));
            } catch (RuntimeException e) {
                return failed(e);
            }
        }
    }

    private final Batch<I, O> batch;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /**
     * Creates a combiner.
     *
     * @param batch    how a batch runs
     * @param maxBatch the most requests one batch takes, 1 or more
     */
    public GroupCommit(Batch<I, O> batch, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.batch = Objects.requireNonNull(batch, "batch");
        this.maxBatch = maxBatch;
    }

    /**
     * Runs a request in the next batch and waits for its outcome.
     *
     * @param request the request
     * @return its outcome
     * @throws RuntimeException the failure the batch handed this request
     */
    public O submit(I request) {
        Pending<I, O> pending = new Pending<>(request, Thread.currentThread());
        queue.add(pending);
        boolean interrupted = false;
        while (!pending.isDone()) {
            if (leader.tryLock()) {
                interrupted |= Thread.interrupted(); // lead the others' batches without their appends seeing it
                try {
                    lead(pending);
                } finally {
                    leader.unlock();
                    wakeNextLeader();
                }
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // the request may be in a running batch: wait for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.outcome();
    }

    /**
     * Runs batches until the leader's own request is done. An interrupt of the leader's thread during a batch is the
     * leader's alone: it does not reach the next batch (the other requests' appends), and the thread gets it back
     * when it stops leading.
     */
    private void lead(Pending<I, O> own) {
        boolean interrupted = false;
        try {
            while (!own.isDone()) {
                interrupted |= runBatch();
            }
        } catch (Error e) {
            queue.remove(own); // its caller gets the error: the request must not run later
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the next batch; returns whether the leader's thread was interrupted meanwhile (the flag now cleared). */
    private boolean runBatch() {
        List<Pending<I, O>> taken = new ArrayList<>(Math.min(maxBatch, 16));
        for (Pending<I, O> next; taken.size() < maxBatch && (next = queue.poll()) != null; ) {
            taken.add(next);
        }
        if (taken.isEmpty()) {
            throw new IllegalStateException("the leader's own request is missing from the queue");
        }
        try {
            List<I> requests = new ArrayList<>(taken.size());
            for (Pending<I, O> pending : taken) {
                requests.add(pending.request);
            }
            boolean interrupted = false;
            List<Completion<O>> completions = null;
            while (completions == null) {
                try {
                    completions = checked(batch.run(requests), taken.size());
                } catch (RuntimeException e) {
                    boolean interruptedNow = Thread.interrupted();
                    interrupted |= interruptedNow;
                    // a wait the interrupt ended did nothing: the batch runs once more, uninterrupted
                    if (!(interruptedNow && Causes.anyMatch(e, InterruptedException.class::isInstance))) {
                        completions = Collections.nCopies(taken.size(), Completion.failed(e));
                    }
                }
            }
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).complete(completions.get(i));
            }
            return interrupted | Thread.interrupted();
        } catch (Error e) { // answer every request taken before the error propagates
            for (Pending<I, O> pending : taken) {
                if (!pending.isDone()) {
                    pending.complete(Completion.failed(new IllegalStateException(
                            "the batch failed with an error; its requests may or may not have taken effect", e)));
                }
            }
            throw e;
        }
    }

    private static <O> List<Completion<O>> checked(List<Completion<O>> completions, int requests) {
        boolean complete = completions != null && completions.size() == requests;
        for (int i = 0; complete && i < requests; i++) {
            complete = completions.get(i) != null;
        }
        if (!complete) {
            throw new IllegalStateException("a batch of " + requests + " requests must answer each once, answered "
                    + completions);
        }
        return completions;
    }

    private void wakeNextLeader() {
        Pending<I, O> oldest = queue.peek();
        if (oldest != null) {
            LockSupport.unpark(oldest.thread);
        }
    }

    private static final class Pending<I, O> {

        private final I request;
        private final Thread thread;
        private volatile Completion<O> completion;

        Pending(I request, Thread thread) {
            this.request = request;
            this.thread = thread;
        }

        boolean isDone() {
            return completion != null;
        }

        void complete(Completion<O> done) {
            completion = done;
            LockSupport.unpark(thread);
        }

        O outcome() {
            if (completion.failure() != null) {
                throw completion.failure();
            }
            return completion.value();
        }
    }
}
