package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Query API's latency over HTTP on PostgreSQL: the packaged reference server ({@code chronicle-server.jar},
 * role {@code all}) on the PostgreSQL event store and read model (a fresh schema each, dropped at the end) and a
 * private nats-server, on free ports. Accounts are created and deposited into through the Ledger API; once the
 * read model shows every deposit (read back with {@code min_position}), one client ({@link HttpClient}, HTTP/1.1,
 * one keep-alive connection, one request at a time) times, in milliseconds:
 * <ul>
 *   <li>the HTTP floor: {@code GET /config.json} on the dashboard port of the same server, a small JSON answer
 *   built without the read model, the cheapest 200 it serves;</li>
 *   <li>{@code GET /accounts/{id}}, {@code GET /accounts/{id}/transactions} (the default page) and
 *   {@code GET /accounts/{id}/balance-at?version=v} (replayed from the event store) on the query port;</li>
 *   <li>the library floor: {@link PostgresLedgerReadModel#account} and {@code transactions} called in this JVM on
 *   the server's read-model schema.</li>
 * </ul>
 * Warm-up calls of each come first; then the measured calls run in rounds, each round a share of every figure in
 * turn, so that a noisy spell of the machine weighs on all of them alike. The server and the nats-server are
 * stopped at the end, also when the run fails.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.QueryLatency --requests 5000
 * }</pre>
 */
public final class QueryLatency {

    private static final Pattern POSITION = Pattern.compile("\"position\":(\\d+)");
    private static final int POPULATING_CLIENTS = 4;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private QueryLatency() {
    }

    /** One figure: a call, told the index of the call, timed. */
    private record Probe(String figure, Call call, Histogram times) {

        Probe(String figure, Call call) {
            this(figure, call, Latencies.histogram());
        }

        void run(int from, int count, boolean record) throws Exception {
            for (int i = from; i < from + count; i++) {
                long start = System.nanoTime();
                call.run(i);
                if (record) {
                    Latencies.record(times, System.nanoTime() - start);
                }
            }
        }
    }

    /** A call to time. */
    @FunctionalInterface
    private interface Call {
        void run(int index) throws Exception;
    }

    /**
     * Runs the measurement and prints its report.
     *
     * @param args {@code --jar} (the server's jar), {@code --accounts}, {@code --deposits} (per account),
     *             {@code --warmup} and {@code --requests} (calls per figure), {@code --rounds}
     * @throws Exception when the set-up or a request fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "chronicle-server/target/chronicle-server.jar");
        defaults.put("accounts", "1000");
        defaults.put("deposits", "10");
        defaults.put("warmup", "3000");
        defaults.put("requests", "5000");
        defaults.put("rounds", "10");
        Options options = Options.parse(args, defaults);
        System.out.println("QueryLatency " + options);
        System.out.println("start     " + Machine.now());
        new QueryLatency().run(Path.of(options.text("jar")), options.integer("accounts"), options.integer("deposits"),
                options.integer("warmup"), options.integer("requests"), options.integer("rounds"));
        System.exit(0);
    }

    private void run(Path jar, int accounts, int deposits, int warmup, int requests, int rounds) throws Exception {
        try (ReferenceServer server = ReferenceServer.start(jar, ReferenceServer.POSTGRES)) {
            String ledger = "http://127.0.0.1:" + server.ledgerPort();
            String query = "http://127.0.0.1:" + server.queryPort();
            String dashboard = "http://127.0.0.1:" + server.dashboardPort();
            System.out.println("server up " + Machine.now() + "  (log " + server.log() + ")");
            List<String> ids = populate(ledger, query, accounts, deposits);
            System.out.println("populated " + Machine.now());
            try (HikariDataSource pool = CockroachStoreConfig.of(server.postgresUrl()).withSchema(server.readSchema())
                    .withPoolSize(1).createDataSource()) {
                PostgresLedgerReadModel readModel = PostgresLedgerReadModel.builder().dataSource(pool)
                        .schema(server.readSchema()).createSchema(false).build();
                List<Probe> probes = List.of(
                        new Probe("HTTP floor: GET /config.json (dashboard port, no read model)",
                                i -> get(dashboard + "/config.json")),
                        new Probe("GET /accounts/{id}", i -> get(query + "/accounts/" + id(ids, i))),
                        new Probe("GET /accounts/{id}/transactions (" + (deposits + 1) + " entries)",
                                i -> get(query + "/accounts/" + id(ids, i) + "/transactions")),
                        new Probe("GET /accounts/{id}/balance-at?version=v (v = 1 to " + (deposits + 1) + ")",
                                i -> get(query + "/accounts/" + id(ids, i) + "/balance-at?version="
                                        + (1 + i % (deposits + 1)))),
                        new Probe("library floor: read model account(id), in process",
                                i -> readModel.account(id(ids, i)).orElseThrow()),
                        new Probe("library: read model transactions(id, 50), in process",
                                i -> readModel.transactions(id(ids, i), Long.MAX_VALUE, 50)));
                for (Probe probe : probes) {
                    probe.run(0, warmup, false);
                }
                System.out.println("measure   " + Machine.now());
                int perRound = requests / rounds;
                for (int round = 0; round < rounds; round++) {
                    for (Probe probe : probes) {
                        probe.run(warmup + round * perRound, perRound, true);
                    }
                }
                System.out.println("done      " + Machine.now());
                report(probes, accounts, deposits);
            }
        }
    }

    private static String id(List<String> ids, int index) {
        return ids.get(Math.floorMod(index * 7919, ids.size()));
    }

    /**
     * Creates the accounts and deposits 1.00 into each through the Ledger API (a few clients at once), then reads
     * each back from the Query API once the read model has all its deposits.
     */
    private List<String> populate(String ledger, String query, int accounts, int deposits) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add("QUERY-" + i);
        }
        ExecutorService clients = Executors.newFixedThreadPool(POPULATING_CLIENTS);
        try {
            List<Future<Long>> positions = new ArrayList<>();
            for (String id : ids) {
                positions.add(clients.submit(() -> {
                    post(ledger + "/commands/create-account", "{\"account_id\":\"" + id + "\",\"owner_name\":\"Query "
                            + id + "\",\"initial_balance\":\"0.00\",\"currency\":\"USD\"}");
                    long position = 0;
                    for (int d = 0; d < deposits; d++) {
                        position = post(ledger + "/commands/deposit",
                                "{\"account_id\":\"" + id + "\",\"amount\":\"1.00\"}");
                    }
                    return position;
                }));
            }
            String balance = "\"balance\":\"" + deposits + ".00\"";
            for (int i = 0; i < accounts; i++) {
                String body = get(query + "/accounts/" + ids.get(i) + "?min_position=" + positions.get(i).get());
                if (!body.contains(balance)) {
                    throw new IllegalStateException("the read model shows " + body + ", not " + balance);
                }
            }
        } finally {
            clients.shutdownNow();
        }
        return ids;
    }

    private long post(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher position = POSITION.matcher(response.body());
        if (response.statusCode() / 100 != 2 || !position.find()) {
            throw new IllegalStateException("POST " + url + " " + json + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return Long.parseLong(position.group(1));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** Reports the figures: {@code probes} are the HTTP floor, the three queries, then their two library calls. */
    private static void report(List<Probe> probes, int accounts, int deposits) {
        Histogram floor = probes.get(0).times();
        List<Histogram> library = List.of(probes.get(4).times(), probes.get(5).times());
        System.out.println();
        System.out.println("Milliseconds; one sequential keep-alive client, " + accounts + " accounts of " + (deposits
                + 1) + " events each:");
        System.out.println();
        System.out.println(Latencies.HEADER);
        probes.forEach(probe -> System.out.println(Latencies.row(probe.figure(), probe.times())));
        System.out.println();
        System.out.println("| figure | p50 ÷ HTTP floor p50 | p99 ÷ HTTP floor p99 | p50 minus the same query in"
                + " process (ms) |");
        System.out.println("|---|---|---|---|");
        for (int i = 1; i <= 3; i++) {
            Histogram times = probes.get(i).times();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", probes.get(i).figure(),
                    ratio(times, floor, 50), ratio(times, floor, 99), i > library.size() ? "—" : Latencies.millis(
                            times.getValueAtPercentile(50) - library.get(i - 1).getValueAtPercentile(50)));
        }
        long accountP50 = probes.get(1).times().getValueAtPercentile(50);
        System.out.println();
        System.out.println("target GET /accounts/{id} p50 ≤ 1 ms over HTTP: " + Latencies.millis(accountP50) + " ms, "
                + (accountP50 <= 1_000_000 ? "met" : "missed"));
    }

    private static double ratio(Histogram figure, Histogram floor, double percentile) {
        return (double) figure.getValueAtPercentile(percentile) / floor.getValueAtPercentile(percentile);
    }
}
