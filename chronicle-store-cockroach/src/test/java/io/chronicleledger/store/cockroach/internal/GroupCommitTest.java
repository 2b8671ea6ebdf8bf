package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.store.cockroach.internal.GroupCommit.Completion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("group commit: requests of concurrent threads run in batches, each with its own outcome")
class GroupCommitTest {

    @Test
    @DisplayName("a request alone runs at once, as a batch of one, on the caller's thread")
    void loneRequest() {
        List<Thread> runners = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            runners.add(Thread.currentThread());
            assertThat(requests).hasSize(1);
            return List.of(Completion.of(requests.get(0) * 2));
        }, 8);

        assertThat(commit.submit(21)).isEqualTo(42);
        assertThat(runners).containsExactly(Thread.currentThread());
    }

    @Test
    @DisplayName("under contention every request runs exactly once, in batches no larger than the maximum")
    void contention() throws Exception {
        int threads = 8;
        int perThread = 300;
        int maxBatch = 4;
        ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
        AtomicInteger largestBatch = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            assertThat(running.incrementAndGet()).as("batches run one at a time").isEqualTo(1);
            largestBatch.accumulateAndGet(requests.size(), Math::max);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // a transaction's worth of waiting
            List<Completion<Integer>> done = new ArrayList<>();
            for (int request : requests) {
                runs.merge(request, 1, Integer::sum);
                done.add(Completion.of(-request));
            }
            running.decrementAndGet();
            return done;
        }, maxBatch);

        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> wrongAnswers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                wrongAnswers.add(pool.submit(() -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int request = first; request < first + perThread; request++) {
                        int answer = commit.submit(request);
                        if (answer != -request) {
                            wrong.add(request + " answered " + answer);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> wrong : wrongAnswers) {
                assertThat(wrong.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(runs).hasSize(threads * perThread);
        assertThat(runs.values()).allMatch(count -> count == 1);
        assertThat(largestBatch.get()).isBetween(2, maxBatch);
    }

    @Test
    @DisplayName("a failing batch hands its failure to each of its requests, and later requests still run")
    void failingBatch() {
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            if (batches.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is down");
            }
            return List.of(Completion.of(requests.get(0)));
        }, 4);

        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the database is down");
        assertThat(commit.submit(2)).isEqualTo(2);
    }

    @Test
    @DisplayName("a batch may fail one request and answer the others")
    void failureOfOneRequest() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> List.of(
                Completion.capture(requests.get(0), request -> {
                    throw new IllegalArgumentException("request " + request + " is bad");
                })), 4);

        assertThatThrownBy(() -> commit.submit(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request 7 is bad");
    }

    @Test
    @DisplayName("refuses a maximum batch below one")
    void refusesEmptyBatches() {
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(requests -> List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
