package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.StreamAppend;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Appends for the store's own tests: new streams, and events numbered within their append. */
final class TestAppends {

    private TestAppends() {
    }

    /** An append of {@code events} new events ({@code {"n": i}}) to a stream expected at a version. */
    static StreamAppend append(String stream, long expectedVersion, int events) {
        List<NewEvent> news = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            news.add(new NewEvent(UUID.randomUUID(), "Happened", 1, "{\"n\": " + i + "}", "{}"));
        }
        return new StreamAppend(stream, "Test", expectedVersion, news);
    }

    /** The id of a stream no test used before. */
    static String newStream() {
        return "S-" + UUID.randomUUID();
    }
}
