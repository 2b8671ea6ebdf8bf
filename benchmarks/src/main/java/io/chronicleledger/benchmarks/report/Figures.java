package io.chronicleledger.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static io.chronicleledger.benchmarks.report.JmhSource.jmh;
import static io.chronicleledger.benchmarks.report.Measure.MILLIS;
import static io.chronicleledger.benchmarks.report.Measure.PER_SECOND;
import static io.chronicleledger.benchmarks.report.Target.atLeast;
import static io.chronicleledger.benchmarks.report.Target.atLeastTimesFloor;
import static io.chronicleledger.benchmarks.report.Target.atMost;
import static io.chronicleledger.benchmarks.report.Target.atMostTimesFloor;

/**
 * The figures the report knows, with their targets (issues 11 and 12, DESIGN.md) and the seed's promises, and what the
 * chart draws. Adding a figure is one line in {@link #KNOWN}; one that a run did not measure is reported as
 * "not measured".
 */
final class Figures {

    /** The writers of the throughput chart. */
    static final List<Integer> WRITERS = List.of(1, 16, 64);

    private static final String ISSUE_11 = "issue 11";
    private static final String ISSUE_12 = "issue 12";
    private static final String DESIGN = "DESIGN.md";
    private static final String SEED_WRITE = "~12 ms (write)";
    private static final String SEED_QUERY = "~5 ms (query)";
    private static final String NO_SEED = "—";
    private static final String PG = "store=postgres";

    private static final JmhSource FLOOR = jmh("JdbcBaselineBenchmark.insertOneRow", "");
    private static final JmhSource APPEND_ONE = jmh("AppendBenchmark.appendOne", PG + ",idempotencyKey=true");
    private static final JmhSource DEPOSIT = jmh("DepositBenchmark.deposit", PG + ",idempotencyKey=false");
    private static final JmhSource DEPOSIT_KEY = jmh("DepositBenchmark.deposit", PG + ",idempotencyKey=true");
    private static final JmhSource BALANCE_AT = jmh("BalanceAtBenchmark.balanceAt", PG + ",snapshots=true");
    private static final PlainSource LAG = new PlainSource("lag-at-rate-1000",
            "lag: acknowledged → committed in the read model");
    private static final PlainSource ACCOUNT_QUERY = new PlainSource("query-latency", "GET /accounts/{id}");
    private static final PlainSource HTTP_FLOOR = new PlainSource("query-latency",
            "HTTP floor: GET /config.json (dashboard port, no read model)");
    private static final String HTTP_DEPOSIT = "POST /commands/deposit";
    /** The peers' floor, one writer, p50: the mean of the floor run before the stores and the one run after. */
    private static final Measure PEER_ONE_FLOOR = Measure.meanOf(
            jmh("PeerAppendBenchmark.appendOne", "store=floor").p50(),
            jmh("PeerAppendBenchmark.appendOne", "store=floor-again").p50());

    /**
     * The floor as DESIGN.md defines it: Chronicle's event row alone, one plain INSERT into the store's
     * {@code events} table per autocommit transaction (PeerAppendBenchmark, measured once, between the floors).
     */
    private static final String EVENT_ROW = "floor-event-row";
    private static final Measure EVENT_ROW_ONE = jmh("PeerAppendBenchmark.appendOne", "store=" + EVENT_ROW).p50();

    /** Every figure of the report's table, in its order. */
    static final List<Figure> KNOWN = Stream.of(List.of(
            new Figure("floor: one-row insert + commit (JDBC), p50", FLOOR.p50(), null, Target.NONE, NO_SEED),
            new Figure("floor: one-row insert + commit (JDBC), p99", FLOOR.p99(), null, Target.NONE, NO_SEED),
            new Figure("append of one event, one writer, p50", APPEND_ONE.p50(), FLOOR.p50(),
                    atMostTimesFloor(1.15, ISSUE_12), SEED_WRITE),
            new Figure("append of one event, one writer, p99", APPEND_ONE.p99(), FLOOR.p99(),
                    atMostTimesFloor(2, ISSUE_12), SEED_WRITE),
            new Figure("appends/s, 1 writer", appends(1, 64).perSecond(), floorAppends(1), Target.NONE,
                    NO_SEED),
            new Figure("appends/s, 16 writers", appends(16, 64).perSecond(), floorAppends(16),
                    atLeastTimesFloor(2.5, ISSUE_12), NO_SEED),
            new Figure("events/s, 64 writers", appends(64, 64).perSecond(), floorAppends(64),
                    atLeast(20_000, ISSUE_12), NO_SEED),
            new Figure("Axon (JDBC engine), appends/s, 16 writers", peerAppends("axon", 16)
                    .perSecond(), floorAppends(16), Target.NONE, NO_SEED),
            new Figure("message-db, appends/s, 16 writers", peerAppends("messagedb", 16).perSecond(),
                    floorAppends(16), Target.NONE, NO_SEED),
            new Figure("Chronicle beside them, appends/s, 16 writers", peerAppends("chronicle", 16).perSecond(),
                    floorAppends(16), atLeastTimesFloor(2.5, ISSUE_12), NO_SEED),
            new Figure("Chronicle without idempotency keys, appends/s, 16 writers",
                    peerAppends("chronicle-no-key", 16).perSecond(), floorAppends(16), Target.NONE,
                    NO_SEED),
            new Figure("Axon (JDBC engine), one writer, p50",
                    jmh("PeerAppendBenchmark.appendOne", "store=axon").p50(), PEER_ONE_FLOOR, Target.NONE,
                    NO_SEED),
            new Figure("message-db, one writer, p50",
                    jmh("PeerAppendBenchmark.appendOne", "store=messagedb").p50(), PEER_ONE_FLOOR, Target.NONE,
                    NO_SEED),
            new Figure("Chronicle beside them, one writer, p50",
                    jmh("PeerAppendBenchmark.appendOne", "store=chronicle").p50(), PEER_ONE_FLOOR,
                    atMostTimesFloor(1.15, ISSUE_12), SEED_WRITE),
            new Figure("Chronicle without idempotency keys, one writer, p50",
                    jmh("PeerAppendBenchmark.appendOne", "store=chronicle-no-key").p50(), PEER_ONE_FLOOR,
                    Target.NONE, SEED_WRITE),
            new Figure("the event row alone (DESIGN.md's floor), one writer, p50", EVENT_ROW_ONE, PEER_ONE_FLOOR,
                    Target.NONE, NO_SEED),
            new Figure("Chronicle beside them, one writer, p50, to the event row alone",
                    jmh("PeerAppendBenchmark.appendOne", "store=chronicle").p50(), EVENT_ROW_ONE,
                    atMostTimesFloor(1.15, DESIGN), SEED_WRITE),
            new Figure("the event row alone (DESIGN.md's floor), appends/s, 16 writers",
                    peerAppends(EVENT_ROW, 16).perSecond(), floorAppends(16), Target.NONE, NO_SEED),
            new Figure("Chronicle beside them, appends/s, 16 writers, to the event row alone",
                    peerAppends("chronicle", 16).perSecond(), peerAppends(EVENT_ROW, 16).perSecond(),
                    atLeastTimesFloor(2.5, DESIGN), NO_SEED),
            new Figure("transfer (two streams, one append), one writer, p50", jmh("AppendBenchmark.transfer", PG + ",idempotencyKey=true").p50(),
                    FLOOR.p50(),
                    atMostTimesFloor(1.3, ISSUE_12), SEED_WRITE),
            new Figure("deposit through the Ledger, no key, p50", DEPOSIT.p50(), FLOOR.p50(), Target.NONE, SEED_WRITE),
            new Figure("deposit through the Ledger, idempotency key, p50", DEPOSIT_KEY.p50(), FLOOR.p50(), Target.NONE,
                    SEED_WRITE),
            new Figure("balance-at, 100,000-event account, snapshots, p99", BALANCE_AT.p99(), null,
                    atMost(1, ISSUE_12), NO_SEED),
            new Figure("lag, command acknowledged → read model, 1,000 commands/s, p99", LAG.p99(), null,
                    atMost(50, ISSUE_11), NO_SEED),
            new Figure("GET /accounts/{id} over HTTP, p50", ACCOUNT_QUERY.p50(), HTTP_FLOOR.p50(), atMost(1, ISSUE_11),
                    SEED_QUERY),
            new Figure("GET /accounts/{id} over HTTP, p50", ACCOUNT_QUERY.p50(), HTTP_FLOOR.p50(),
                    atMost(0.5, ISSUE_12), SEED_QUERY),
            new Figure("rebuild of the read model, events/s", jmh("RebuildBenchmark.rebuild", PG).perSecondOf("events"),
                    null, atLeast(20_000, ISSUE_11), NO_SEED),
            new Figure("read model, batches of 500, events/s", jmh("ReadModelBenchmark.apply", "batchSize=500")
                    .counter("events"), null, Target.NONE, NO_SEED)),
            httpDeposits("postgres-store", "the event store on PostgreSQL"),
            httpDeposits("postgres", "the full stack: PostgreSQL, NATS")).flatMap(List::stream).toList();

    /** The latency distributions of the chart, by label. */
    static final List<Charted> LATENCIES = List.of(
            new Charted("floor: one-row insert + commit", FLOOR),
            new Charted("append, one writer", APPEND_ONE),
            new Charted("deposit (Ledger), no key", DEPOSIT),
            new Charted("deposit (Ledger), idempotency key", DEPOSIT_KEY),
            new Charted("balance-at, snapshots", BALANCE_AT),
            new Charted("HTTP floor: GET /config.json", HTTP_FLOOR),
            new Charted("GET /accounts/{id}", ACCOUNT_QUERY),
            new Charted("lag at 1,000 commands/s", LAG));

    /** The throughput series of the chart, one value per number of {@link #WRITERS}. */
    static final List<Series> THROUGHPUT = List.of(
            new Series("floor: plain INSERTs", Figures::floorAppends),
            new Series("Chronicle, group commit on (64)", writers -> appends(writers, 64).perSecond()),
            new Series("Chronicle, group commit off (1)", writers -> appends(writers, 1).perSecond()),
            new Series("Axon Framework (JDBC)", writers -> peerAppends("axon", writers).perSecond()),
            new Series("message-db", writers -> peerAppends("messagedb", writers).perSecond()),
            new Series("Chronicle without keys, beside the peers",
                    writers -> peerAppends("chronicle-no-key", writers).perSecond()));

    private Figures() {
    }

    /**
     * The HTTP deposit figures of {@code HttpLoad} on some adapters, against issue 12's targets: p50 at 200 and
     * 1,000 requests/s (open loop, to the floor of the same rate), requests/s and p99 at saturation.
     */
    private static List<Figure> httpDeposits(String adapters, String label) {
        String output = "http-load-" + adapters;
        SaturationSource saturated = new SaturationSource(output, HTTP_DEPOSIT);
        List<Figure> figures = new ArrayList<>();
        for (int rate : new int[] {200, 1000}) {
            figures.add(new Figure(String.format(Locale.ROOT, "HTTP deposit at %,d/s, p50 (%s)", rate, label),
                    new PlainSource(output, HTTP_DEPOSIT + " at " + rate + "/s").p50(),
                    new PlainSource(output, "floor: GET /config.json (dashboard port) at " + rate + "/s").p50(),
                    rate == 200 ? atMost(1, ISSUE_12) : Target.NONE, SEED_WRITE));
        }
        figures.add(new Figure("HTTP deposits/s at saturation (" + label + ")", saturated.perSecond(), null,
                atLeast(5_000, ISSUE_12), NO_SEED));
        figures.add(new Figure("HTTP deposit at saturation, p99 (" + label + ")", saturated.p99(), null,
                atMost(10, ISSUE_12), SEED_WRITE));
        return figures;
    }

    /** Chronicle's appends on PostgreSQL by {@code writers}, with group commit at {@code maxAppendsPerTransaction}. */
    private static JmhSource appends(int writers, int maxAppendsPerTransaction) {
        return new JmhSource("AppendBenchmark.appendConcurrent",
                PG + ",maxAppendsPerTransaction=" + maxAppendsPerTransaction, writers);
    }

    /**
     * The floor's appends per second by {@code writers}: plain one-row INSERTs (PeerAppendBenchmark, issue 12's
     * peers), the mean of the floor run before the stores and the one run after them.
     */
    private static Measure floorAppends(int writers) {
        return Measure.meanOf(peerAppends("floor", writers).perSecond(),
                peerAppends("floor-again", writers).perSecond());
    }

    /** A store's appends in {@code PeerAppendBenchmark} by {@code writers}: {@code floor}, {@code axon}, … */
    private static JmhSource peerAppends(String store, int writers) {
        return new JmhSource("PeerAppendBenchmark.appendConcurrent", "store=" + store, writers);
    }

    /**
     * A latency distribution of the chart.
     *
     * @param label  its label
     * @param source where it is measured
     */
    record Charted(String label, LatencySource source) {
    }

    /**
     * A line of the throughput chart.
     *
     * @param label    its label
     * @param measures the measure for a number of writers
     */
    record Series(String label, IntFunction<Measure> measures) {
    }
}
