package io.chronicleledger.benchmarks;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.StreamAppend;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The streams of one writer, new ones (unique names) per instance, appended to round robin: one event per
 * append (or one on each of two streams, as a transfer), guarded by the version the writer knows, with a new
 * idempotency key or none. No other writer touches them, so an append never
 * conflicts; one that does not succeed stops the benchmark.
 */
final class WriterStreams {

    static final String AGGREGATE_TYPE = "Account";
    static final String EVENT_TYPE = "MoneyDeposited";
    /** The payload and metadata of every event: the shape and size of a ledger deposit's. */
    static final String DATA = "{\"amount\":\"100.00\",\"description\":\"benchmark deposit\"}";
    static final String METADATA = "{\"correlation_id\":\"0190f3c2-7a4e-7b1d-9f00-1c2d3e4f5a6b\"}";
    /** The request hash and remembered response of a keyed append: the size of the ledger's. */
    private static final String KEYED_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String KEYED_RESPONSE = "{\"status\":\"accepted\",\"account_id\":\"bench\","
            + "\"balance\":\"100.00\",\"currency\":\"USD\"}";

    private static final int STREAMS_PER_PREFILL = 500;

    private final String[] streamIds;
    private final long[] versions;
    private int next;

    WriterStreams(int streams) {
        String prefix = "bench-" + UUID.randomUUID() + "-";
        streamIds = new String[streams];
        for (int i = 0; i < streams; i++) {
            streamIds[i] = prefix + i;
        }
        versions = new long[streams];
    }

    /**
     * Appends one event to the next stream and checks that it was recorded.
     *
     * @param keyed whether the append carries an idempotency key (a new one), as a command with one does
     */
    AppendResult appendNext(EventStore store, boolean keyed) {
        int i = nextStream();
        AppendResult result = append(store, streamIds[i], versions[i], keyed);
        versions[i]++;
        return result;
    }

    /**
     * Appends one event to each of the next two streams in one append, as a transfer records its two halves,
     * and checks that it was recorded.
     *
     * @param keyed whether the append carries an idempotency key (a new one)
     */
    AppendResult transferNext(EventStore store, boolean keyed) {
        int from = nextStream();
        int to = nextStream();
        AppendResult result = record(store, List.of(
                new StreamAppend(streamIds[from], AGGREGATE_TYPE, versions[from], List.of(newEvent())),
                new StreamAppend(streamIds[to], AGGREGATE_TYPE, versions[to], List.of(newEvent()))), keyed);
        versions[from]++;
        versions[to]++;
        return result;
    }

    /**
     * Gives every stream one event, appended {@value #STREAMS_PER_PREFILL} streams at a time, so that the appends
     * measured next find streams with a history (and, past the store's memory of heads, heads it does not know).
     */
    void prefill(EventStore store) {
        for (int first = 0; first < streamIds.length; first += STREAMS_PER_PREFILL) {
            List<StreamAppend> streams = new ArrayList<>(STREAMS_PER_PREFILL);
            for (int i = first; i < Math.min(first + STREAMS_PER_PREFILL, streamIds.length); i++) {
                streams.add(new StreamAppend(streamIds[i], AGGREGATE_TYPE, versions[i], List.of(newEvent())));
                versions[i]++;
            }
            record(store, streams, false);
        }
    }

    /** Appends one event to the next stream through a store of {@link PeerAppendBenchmark}. */
    void appendNext(EventAppender store) throws SQLException {
        int i = nextStream();
        store.append(streamIds[i], versions[i]);
        versions[i]++;
    }

    /** Appends one event to a stream that holds {@code version} events, and checks that it was recorded. */
    static AppendResult append(EventStore store, String streamId, long version, boolean keyed) {
        return record(store, List.of(new StreamAppend(streamId, AGGREGATE_TYPE, version, List.of(newEvent()))), keyed);
    }

    private static AppendResult record(EventStore store, List<StreamAppend> streams, boolean keyed) {
        AppendRequest request = keyed
                ? new AppendRequest(streams, Optional.of(new Idempotency(UUID.randomUUID().toString(), KEYED_HASH,
                        KEYED_RESPONSE)))
                : new AppendRequest(streams, Optional.empty());
        AppendResult result = store.append(request);
        if (!(result instanceof AppendResult.Appended)) {
            throw new IllegalStateException("the append was not recorded: " + result);
        }
        return result;
    }

    private static NewEvent newEvent() {
        return new NewEvent(timeOrderedId(), EVENT_TYPE, 1, DATA, METADATA);
    }

    private int nextStream() {
        int i = next;
        next = i + 1 == streamIds.length ? 0 : i + 1;
        return i;
    }

    /** A UUID version 7 (time-ordered), as the ledger makes them, so that the primary key grows in order. */
    static UUID timeOrderedId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextInt() & 0x0FFF);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
