package io.chronicleledger.core.memory;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.ArrayList;
import java.util.List;

/** Keyset paging over an in-memory list of events sorted by position, shared by the in-memory adapters. */
final class InMemoryLogs {

    private InMemoryLogs() {
    }

    /**
     * Returns the page of {@code query} from events sorted by ascending position.
     *
     * @param sorted events sorted by position
     * @param query  the query
     * @return the page
     */
    static Page<RecordedEvent> page(List<RecordedEvent> sorted, GlobalLogQuery query) {
        int index = firstAfter(sorted, query.afterPosition());
        List<RecordedEvent> fetched = new ArrayList<>(Math.min(query.limit() + 1, sorted.size() - index));
        for (; index < sorted.size() && fetched.size() <= query.limit(); index++) {
            RecordedEvent event = sorted.get(index);
            if (query.matches(event)) {
                fetched.add(event);
            }
        }
        return Page.ofFetched(fetched, query.limit());
    }

    private static int firstAfter(List<RecordedEvent> sorted, long position) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).position() <= position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
