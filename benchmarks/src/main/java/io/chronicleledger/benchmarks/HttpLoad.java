package io.chronicleledger.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP API under load: the packaged reference server ({@code chronicle-server.jar}, role {@code all}) on
 * {@code --adapters memory} (its embedded default), {@code postgres-store} (the event store on PostgreSQL, the rest
 * in memory) or {@code postgres} (the event store and read model on PostgreSQL, the bus on a private nats-server;
 * see {@link ReferenceServer}), driven over keep-alive HTTP/1.1
 * connections ({@link HttpConnection}). It creates {@code --accounts} accounts with {@code --history} deposits each
 * through the Ledger API, warms the server up, then measures five requests:
 * <ul>
 *   <li>the floor: {@code GET /config.json} on the dashboard port, the cheapest 200 the server serves (its time is
 *   the HTTP stack's and this client's);</li>
 *   <li>{@code POST /commands/deposit} and {@code POST /commands/transfer} (0.01 USD, between two accounts; the
 *   pairs of consecutive transfers share no account, so they do not queue in the ledger's account locks);</li>
 *   <li>{@code GET /accounts/{id}} and {@code GET /accounts/{id}/balance-at?version=v}.</li>
 * </ul>
 * Each at every fixed rate of {@code --rates} for {@code --seconds}: open loop ({@link OpenLoop}: a fixed schedule,
 * {@code --workers} threads, one connection each), the latency measured from each request's due time, so that a
 * stall counts for every request it delays (coordinated omission corrected). Then each at saturation:
 * {@code --connections} closed-loop clients for {@code --seconds}, reporting requests per second and the time of
 * a request. Any answer other than a 2xx, or a failed connection, is an error: the program reports them and exits
 * with 1 if there was one.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.HttpLoad --adapters postgres
 * }</pre>
 */
public final class HttpLoad {

    private static final String CONFIG = "/config.json";
    private static final String DEPOSIT = "POST /commands/deposit";
    private static final String ACCOUNT = "GET /accounts/{id}";
    private static final long DEPOSIT_P50_TARGET = 1_000_000;
    private static final long ACCOUNT_P50_TARGET = 500_000;
    private static final double DEPOSITS_PER_SECOND_TARGET = 5_000;
    private static final long SATURATION_P99_TARGET = 10_000_000;

    private final ReferenceServer server;
    private final int accounts;
    private final int history;
    private final AtomicLong errors = new AtomicLong();

    private HttpLoad(ReferenceServer server, int accounts, int history) {
        this.server = server;
        this.accounts = accounts;
        this.history = history;
    }

    /** A request of the load, told the index of the request, on a connection to its port. */
    private record Request(String figure, int port, Call call) {
    }

    /** A request's latencies from their due times at a fixed rate. */
    private record AtRate(Request request, int rate, Histogram times) {
    }

    /** A request's throughput and times at saturation. */
    private record Saturated(Request request, double perSecond, Histogram times) {
    }

    /** Sends one request. */
    @FunctionalInterface
    private interface Call {
        HttpConnection.Response send(HttpConnection connection, long index) throws IOException;
    }

    /**
     * Runs the load and prints its report.
     *
     * @param args {@code --jar} (the server's jar), {@code --adapters} ({@code memory},
     *             {@code postgres-store} or {@code postgres}),
     *             {@code --accounts}, {@code --history} (deposits per account before the load), {@code --warmup}
     *             (seconds), {@code --rates} (requests per second, comma-separated), {@code --seconds} (per figure),
     *             {@code --workers} (open-loop threads), {@code --connections} (closed-loop clients at saturation)
     * @throws Exception when the set-up fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "chronicle-server/target/chronicle-server.jar");
        defaults.put("adapters", ReferenceServer.MEMORY);
        defaults.put("accounts", "1000");
        defaults.put("history", "10");
        defaults.put("warmup", "20");
        defaults.put("rates", "200,1000");
        defaults.put("seconds", "10");
        defaults.put("workers", "8");
        defaults.put("connections", "16");
        Options options = Options.parse(args, defaults);
        System.out.println("HttpLoad " + options);
        System.out.println("start     " + Machine.now());
        long errors;
        try (ReferenceServer server = ReferenceServer.start(Path.of(options.text("jar")), options.text("adapters"))) {
            System.out.println("server up " + Machine.now() + "  (log " + server.log() + ")");
            HttpLoad load = new HttpLoad(server, options.integer("accounts"), options.integer("history"));
            load.run(options.integer("warmup"), Arrays.stream(options.text("rates").split(","))
                            .mapToInt(Integer::parseInt).toArray(), Duration.ofSeconds(options.integer("seconds")),
                    options.integer("workers"), options.integer("connections"));
            errors = load.errors.get();
        }
        System.out.println("errors " + errors);
        System.exit(errors == 0 ? 0 : 1);
    }

    private void run(int warmup, int[] rates, Duration seconds, int workers, int connections) throws Exception {
        populate(connections);
        System.out.println("populated " + Machine.now());
        List<Request> requests = requests();
        for (Request request : requests) {
            closedLoop(request, connections, Duration.ofSeconds(warmup).dividedBy(requests.size()));
        }
        System.out.println("measure   " + Machine.now());
        List<AtRate> atRates = new ArrayList<>();
        for (int rate : rates) {
            for (Request request : requests) {
                atRates.add(new AtRate(request, rate, openLoop(request, rate, seconds, workers)));
            }
        }
        List<Saturated> saturated = new ArrayList<>();
        for (Request request : requests) {
            Histogram times = Latencies.histogram();
            long started = System.nanoTime();
            long done = closedLoop(request, connections, seconds, times);
            saturated.add(new Saturated(request, done * 1e9 / (System.nanoTime() - started), times));
        }
        System.out.println("done      " + Machine.now());
        report(atRates, saturated, workers, connections);
    }

    private List<Request> requests() {
        return List.of(
                new Request("floor: GET " + CONFIG + " (dashboard port)", server.dashboardPort(),
                        (connection, i) -> connection.get(CONFIG)),
                new Request(DEPOSIT, server.ledgerPort(),
                        (connection, i) -> connection.post("/commands/deposit", "{\"account_id\":\"" + account(i)
                                + "\",\"amount\":\"0.01\",\"currency\":\"USD\"}")),
                new Request("POST /commands/transfer", server.ledgerPort(),
                        (connection, i) -> connection.post("/commands/transfer", "{\"from_account_id\":\""
                                + account(2 * i) + "\",\"to_account_id\":\"" + account(2 * i + 1)
                                + "\",\"amount\":\"0.01\",\"currency\":\"USD\"}")),
                new Request(ACCOUNT, server.queryPort(),
                        (connection, i) -> connection.get("/accounts/" + account(i))),
                new Request("GET /accounts/{id}/balance-at?version=v", server.queryPort(),
                        (connection, i) -> connection.get("/accounts/" + account(i) + "/balance-at?version="
                                + (1 + i % (history + 1)))));
    }

    /** The account of the {@code index}-th request: every account in turn, in a scattered order. */
    private String account(long index) {
        return "LOAD-" + Math.floorMod(index * 7919, accounts);
    }

    /** Creates the accounts, each with a large balance and its history of deposits, on a few connections. */
    private void populate(int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int first = client;
                created.add(pool.submit(() -> {
                    try (HttpConnection connection = new HttpConnection(server.ledgerPort())) {
                        for (int a = first; a < accounts; a += clients) {
                            String id = "LOAD-" + a;
                            check(connection.post("/commands/create-account", "{\"account_id\":\"" + id
                                    + "\",\"owner_name\":\"Load " + a + "\",\"initial_balance\":\"1000000.00\"}"));
                            for (int d = 0; d < history; d++) {
                                check(connection.post("/commands/deposit", "{\"account_id\":\"" + id
                                        + "\",\"amount\":\"1.00\"}"));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : created) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " requests failed while creating the accounts");
        }
    }

    /** Sends a request at a fixed rate; the latencies from each one's due time. */
    private Histogram openLoop(Request request, int rate, Duration duration, int workers) throws Exception {
        Histogram times = Latencies.histogram();
        BlockingQueue<HttpConnection> connections = connect(request.port(), workers);
        try {
            OpenLoop.run(System.nanoTime(), rate, duration, workers, (index, due) -> {
                HttpConnection connection = connections.remove();
                try {
                    send(request, connection, index);
                } finally {
                    connections.add(connection);
                }
                Latencies.record(times, System.nanoTime() - due);
            });
        } finally {
            closeAll(connections);
        }
        return times;
    }

    private long closedLoop(Request request, int clients, Duration duration) throws Exception {
        return closedLoop(request, clients, duration, Latencies.histogram());
    }

    /** Sends a request from {@code clients} connections, each as soon as its last one is answered. */
    private long closedLoop(Request request, int clients, Duration duration, Histogram times) throws Exception {
        BlockingQueue<HttpConnection> connections = connect(request.port(), clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong sent = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (HttpConnection connection : connections) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        send(request, connection, sent.getAndIncrement());
                        Latencies.record(times, System.nanoTime() - start);
                    }
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            pool.shutdownNow();
            closeAll(connections);
        }
        return times.getTotalCount();
    }

    /** Sends a request, counting an answer other than a 2xx, or a failure, as an error. */
    private void send(Request request, HttpConnection connection, long index) {
        try {
            check(request.call().send(connection, index));
        } catch (IOException | RuntimeException e) {
            if (errors.incrementAndGet() <= 5) {
                System.err.println(request.figure() + " failed: " + e);
            }
        }
    }

    private void check(HttpConnection.Response response) {
        if (!response.ok() && errors.incrementAndGet() <= 5) {
            System.err.println("answered " + response.status() + " " + response.body());
        }
    }

    private static BlockingQueue<HttpConnection> connect(int port, int count) throws IOException {
        BlockingQueue<HttpConnection> connections = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            connections.add(new HttpConnection(port));
        }
        return connections;
    }

    private static void closeAll(BlockingQueue<HttpConnection> connections) {
        for (HttpConnection connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void report(List<AtRate> atRates, List<Saturated> saturated, int workers, int connections) {
        System.out.println();
        System.out.println("Milliseconds from each request's due time (open loop, " + workers
                + " connections), " + accounts + " accounts:");
        System.out.println();
        System.out.println(Latencies.HEADER);
        atRates.forEach(measured -> System.out.println(Latencies.row(measured.request().figure() + " at "
                + measured.rate() + "/s", measured.times())));
        System.out.println();
        System.out.println("At saturation (" + connections + " closed-loop connections; milliseconds per request):");
        System.out.println();
        System.out.println("| figure | requests/s | p50 | p99 | p99.9 |");
        System.out.println("|---|---|---|---|---|");
        saturated.forEach(measured -> System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %s | %s |%n",
                measured.request().figure(), measured.perSecond(),
                Latencies.millis(measured.times().getValueAtPercentile(50)),
                Latencies.millis(measured.times().getValueAtPercentile(99)),
                Latencies.millis(measured.times().getValueAtPercentile(99.9))));
        if (server.postgresUrl() != null) {
            System.out.println();
            targets(atRates, saturated);
        }
    }

    /** The targets of the HTTP API on PostgreSQL, each met or missed. */
    private static void targets(List<AtRate> atRates, List<Saturated> saturated) {
        AtRate deposit = first(atRates, DEPOSIT);
        AtRate account = first(atRates, ACCOUNT);
        Saturated deposits = saturated.stream().filter(measured -> measured.request().figure().equals(DEPOSIT))
                .findFirst().orElseThrow();
        long depositP50 = deposit.times().getValueAtPercentile(50);
        long accountP50 = account.times().getValueAtPercentile(50);
        long saturationP99 = deposits.times().getValueAtPercentile(99);
        target("deposit p50 at " + deposit.rate() + "/s ≤ 1 ms", Latencies.millis(depositP50) + " ms",
                depositP50 <= DEPOSIT_P50_TARGET);
        target("account query p50 at " + account.rate() + "/s ≤ 0.5 ms", Latencies.millis(accountP50) + " ms",
                accountP50 <= ACCOUNT_P50_TARGET);
        target("≥ 5,000 deposits/s at saturation with p99 ≤ 10 ms", String.format(Locale.ROOT, "%,.0f/s, p99 %s ms",
                deposits.perSecond(), Latencies.millis(saturationP99)),
                deposits.perSecond() >= DEPOSITS_PER_SECOND_TARGET && saturationP99 <= SATURATION_P99_TARGET);
    }

    /** The figures of a request at the first rate of {@code --rates}. */
    private static AtRate first(List<AtRate> atRates, String figure) {
        return atRates.stream().filter(measured -> measured.request().figure().equals(figure)).findFirst()
                .orElseThrow();
    }

    private static void target(String target, String measured, boolean met) {
        System.out.println("target " + target + ": " + measured + ", " + (met ? "met" : "missed"));
    }
}
