package io.chronicleledger.core.memory;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.ArrayList;
import java.util.List;

/** Keyset paging over in-memory event logs, shared by the in-memory adapters. */
final class InMemoryLogs {

    private InMemoryLogs() {
    }

    /**
     * Returns the page of {@code query} from the events after its position.
     *
     * @param afterPosition the events after the query's position, in position order
     * @param query         the query
     * @return the page
     */
    static Page<RecordedEvent> page(Iterable<RecordedEvent> afterPosition, GlobalLogQuery query) {
        List<RecordedEvent> fetched = new ArrayList<>();
        for (RecordedEvent event : afterPosition) {
            if (query.matches(event)) {
                fetched.add(event);
                if (fetched.size() > query.limit()) {
                    break;
                }
            }
        }
        return Page.ofFetched(fetched, query.limit());
    }

    /**
     * Returns the events of a position-sorted list after a position.
     *
     * @param sorted   events sorted by position
     * @param position the position to start after
     * @return a view of the events after it
     */
    static List<RecordedEvent> after(List<RecordedEvent> sorted, long position) {
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
        return sorted.subList(low, sorted.size());
    }
}
