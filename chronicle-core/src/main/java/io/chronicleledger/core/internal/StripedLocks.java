package io.chronicleledger.core.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks shared by many keys (account ids). Locking several keys takes their stripes in
 * ascending index order, so that two threads locking overlapping sets can never deadlock.
 */
public final class StripedLocks {

    private final ReentrantLock[] stripes;

    /**
     * Creates the locks.
     *
     * @param count the number of stripes, rounded up to a power of two
     */
    public StripedLocks(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one stripe is needed");
        }
        int size = Integer.highestOneBit(Math.max(1, count - 1)) << 1;
        stripes = new ReentrantLock[count == 1 ? 1 : size];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Locks the stripes of some keys, in ascending stripe order.
     *
     * @param keys the keys
     * @return the held locks; close to unlock
     */
    public Held lock(List<String> keys) {
        int[] indexes = new int[keys.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = stripeOf(keys.get(i));
        }
        Arrays.sort(indexes);
        int distinct = 0;
        for (int i = 0; i < indexes.length; i++) {
            if (i == 0 || indexes[i] != indexes[i - 1]) {
                indexes[distinct++] = indexes[i];
            }
        }
        int[] taken = Arrays.copyOf(indexes, distinct);
        for (int index : taken) {
            stripes[index].lock();
        }
        return new Held(taken);
    }

    private int stripeOf(String key) {
        int hash = key.hashCode();
        return (hash ^ (hash >>> 16)) & (stripes.length - 1);
    }

    /** Stripes held by one caller; closing releases them. */
    public final class Held implements AutoCloseable {
        private final int[] indexes;

        private Held(int[] indexes) {
            this.indexes = indexes;
        }

        @Override
        public void close() {
            for (int i = indexes.length - 1; i >= 0; i--) {
                stripes[indexes[i]].unlock();
            }
        }
    }
}
