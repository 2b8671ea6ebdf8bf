package io.chronicleledger.core.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small thread-safe least-recently-used cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    /**
     * Creates an empty cache.
     *
     * @param capacity the most entries kept; the least recently used goes first; 0 keeps nothing
     */
    public BoundedCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Returns the cached value of a key.
     *
     * @param key the key
     * @return the value, or {@code null} when absent
     */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    /**
     * Caches a value.
     *
     * @param key   the key
     * @param value the value
     */
    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    /**
     * Forgets a key.
     *
     * @param key the key
     */
    public synchronized void remove(K key) {
        entries.remove(key);
    }
}
