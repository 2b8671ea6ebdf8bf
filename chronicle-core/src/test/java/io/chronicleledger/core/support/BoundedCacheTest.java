package io.chronicleledger.core.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("BoundedCache")
class BoundedCacheTest {

    @Test
    @DisplayName("evicts the least recently used entry beyond its capacity")
    void evicts_least_recently_used() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.get("a")).isEqualTo(1); // a is now more recent than b

        cache.put("c", 3);

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.get("c")).isEqualTo(3);
    }

    @Test
    @DisplayName("replaces and removes entries")
    void replace_and_remove() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2);
        cache.put("a", 1);
        cache.put("a", 2);
        assertThat(cache.get("a")).isEqualTo(2);

        cache.remove("a");
        cache.remove("never-there");

        assertThat(cache.get("a")).isNull();
    }

    @Test
    @DisplayName("with capacity 0 keeps nothing; a negative capacity is refused")
    void capacity_zero() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(0);
        cache.put("a", 1);

        assertThat(cache.get("a")).isNull();
        assertThatThrownBy(() -> new BoundedCache<String, Integer>(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
