package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.store.cockroach.internal.GroupCommit.Completion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    @DisplayName("a batch that answers a request with null fails that request instead of leaving it waiting")
    void nullAnswer() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> Arrays.asList((Completion<Integer>) null),
                4);

        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must answer each once");
    }

    @Test
    @DisplayName("an Error of a batch reaches its caller, and the request is not run again later")
    void errorOfBatch() {
        List<Integer> ran = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            ran.addAll(requests);
            if (requests.contains(1)) {
                throw new AssertionError("out of stack");
            }
            return List.of(Completion.of(requests.get(0)));
        }, 4);

        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(AssertionError.class);
        assertThat(commit.submit(2)).isEqualTo(2);
        assertThat(ran).containsExactly(1, 2);
    }

    @Test
    @DisplayName("an interrupted caller leads its batch uninterrupted, and gets its interrupt back")
    void interruptedLeader() {
        List<Boolean> interruptedInBatch = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            interruptedInBatch.add(Thread.currentThread().isInterrupted());
            return List.of(Completion.of(requests.get(0)));
        }, 4);

        Thread.currentThread().interrupt();
        try {
            assertThat(commit.submit(5)).isEqualTo(5);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(interruptedInBatch).containsExactly(false);
    }

    @Test
    @DisplayName("a leader interrupted while its batch waits fails no other request: the batch runs again, and the "
            + "leader gets its interrupt back")
    void leaderInterruptedDuringBatch() throws Exception {
        CountDownLatch firstBatchRuns = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        CountDownLatch sharedBatchWaits = new CountDownLatch(1);
        AtomicReference<Thread> sharedBatchLeader = new AtomicReference<>();
        List<List<Integer>> runs = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(requests -> {
            runs.add(List.copyOf(requests));
            try {
                if (requests.equals(List.of(0))) {
                    firstBatchRuns.countDown();
                    releaseFirstBatch.await();
                } else if (runs.size() == 2) { // the shared batch's first run: waits, as for a connection
                    sharedBatchLeader.set(Thread.currentThread());
                    sharedBatchWaits.countDown();
                    new CountDownLatch(1).await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as HikariCP does, before it throws
                throw new IllegalStateException("interrupted during connection acquisition", e);
            }
            return requests.stream().map(Completion::of).toList();
        }, 4);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> blocker = pool.submit(() -> commit.submit(0));
            firstBatchRuns.await();
            List<Future<String>> answers = new ArrayList<>();
            for (int request = 1; request <= 2; request++) {
                int own = request;
                answers.add(pool.submit(() -> commit.submit(own) + (Thread.currentThread().isInterrupted()
                        ? " interrupted" : "")));
            }
            while (blocker.isDone() || queued(commit) < 2) {
                Thread.sleep(5);
            }
            releaseFirstBatch.countDown();
            assertThat(blocker.get(10, TimeUnit.SECONDS)).isZero();
            sharedBatchWaits.await();
            sharedBatchLeader.get().interrupt();

            List<String> answered = new ArrayList<>();
            for (Future<String> answer : answers) {
                answered.add(answer.get(10, TimeUnit.SECONDS));
            }
            assertThat(answered).as("both answered, and only the leader's thread interrupted")
                    .isIn(List.of("1 interrupted", "2"), List.of("1", "2 interrupted"));
            assertThat(runs).as("the shared batch ran twice, the same requests each time").hasSize(3);
            assertThat(runs.get(0)).containsExactly(0);
            assertThat(runs.get(1)).containsExactlyInAnyOrder(1, 2).isEqualTo(runs.get(2));
        } finally {
            pool.shutdownNow();
        }
    }

    private static int queued(GroupCommit<?, ?> commit) throws ReflectiveOperationException {
        Field queue = GroupCommit.class.getDeclaredField("queue");
        queue.setAccessible(true);
        return ((Collection<?>) queue.get(commit)).size();
    }

    @Test
    @DisplayName("a completion has exactly one of a value and a failure")
    void completionShape() {
        assertThatThrownBy(() -> new Completion<Integer>(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Completion<>(1, new IllegalStateException()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("refuses a maximum batch below one")
    void refusesEmptyBatches() {
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(requests -> List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
