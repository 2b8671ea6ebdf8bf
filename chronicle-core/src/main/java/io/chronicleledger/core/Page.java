package io.chronicleledger.core;

import java.util.List;
import java.util.Objects;

/**
 * One page of a keyset-paged read: the items in the order of the read, and whether more items follow.
 *
 * <p>Keyset paging carries no offset: the next page starts after the key of the last item of this one
 * (a global position, a stream version or an account id, depending on the read).
 *
 * @param items   the items of this page, never {@code null}
 * @param hasMore {@code true} when at least one more item follows the last one of this page
 * @param <T>     the item type
 */
public record Page<T>(List<T> items, boolean hasMore) {

    /**
     * Creates a page; the items are copied.
     *
     * @param items   the items of this page
     * @param hasMore whether more items follow
     */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /**
     * Returns the page made of the first {@code limit} of {@code fetched}, where the read fetched one item
     * more than the limit to learn whether more follow.
     *
     * @param fetched up to {@code limit + 1} items, in read order
     * @param limit   the page size asked for
     * @param <T>     the item type
     * @return the page
     */
    public static <T> Page<T> ofFetched(List<T> fetched, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? fetched.subList(0, limit) : fetched, more);
    }

    /**
     * Returns whether this page holds no item.
     *
     * @return {@code true} for an empty page
     */
    public boolean isEmpty() {
        return items.isEmpty();
    }
}
