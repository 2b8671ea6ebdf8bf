package io.chronicleledger.core.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("StripedLocks")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StripedLocksTest {

    private int unguarded;

    @Test
    @DisplayName("locking overlapping sets in opposite orders from two threads never deadlocks")
    void no_deadlock_in_opposite_orders() throws Exception {
        StripedLocks locks = new StripedLocks(1024);
        List<List<String>> orders = List.of(List.of("ACC-1", "ACC-2", "ACC-3"), List.of("ACC-3", "ACC-2"),
                List.of("ACC-2", "ACC-1"), List.of("ACC-3", "ACC-1"));
        ExecutorService pool = Executors.newFixedThreadPool(orders.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (List<String> keys : orders) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        StripedLocks.Held held = locks.lock(keys);
                        try {
                            Thread.onSpinWait();
                        } finally {
                            held.close();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS); // a deadlock would time out here
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a key is held by one caller at a time")
    void mutual_exclusion() throws Exception {
        StripedLocks locks = new StripedLocks(16);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<String> keys = t % 2 == 0 ? List.of("X", "other-" + t) : List.of("other-" + t, "X");
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        StripedLocks.Held held = locks.lock(keys);
                        try {
                            unguarded = unguarded + 1;
                        } finally {
                            held.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unguarded).isEqualTo(40_000);
    }

    @Test
    @DisplayName("the same key twice, or two keys of one stripe, are locked once and fully released")
    void duplicates_are_released() throws Exception {
        StripedLocks single = new StripedLocks(1);
        single.lock(List.of("A", "A", "B")).close();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> other = pool.submit(() -> single.lock(List.of("A")).close());
            other.get(5, TimeUnit.SECONDS); // would hang if a hold were left behind
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a second caller waits until the first releases")
    void waits_for_release() throws Exception {
        StripedLocks locks = new StripedLocks(8);
        StripedLocks.Held held = locks.lock(List.of("K"));
        CountDownLatch acquired = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            locks.lock(List.of("K")).close();
            acquired.countDown();
        });
        waiter.start();

        assertThat(acquired.await(100, TimeUnit.MILLISECONDS)).isFalse();
        held.close();
        assertThat(acquired.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.join(5_000);
    }

    @Test
    @DisplayName("at least one stripe is needed")
    void stripes() {
        assertThatThrownBy(() -> new StripedLocks(0)).isInstanceOf(IllegalArgumentException.class);
        new StripedLocks(3).lock(List.of()).close();
    }
}
