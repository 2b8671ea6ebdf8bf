package io.chronicleledger.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where an append's time goes: the stores of {@link PeerAppendBenchmark} (by default the floor, the event row alone,
 * Chronicle with and without idempotency keys and Axon; message-db too with {@code --stores}, when fetched: all
 * six with 16 writers open 96 connections at once, PostgreSQL's default limit is 100) appending one event per call
 * on this machine's PostgreSQL, with the CPU time each costs this JVM (the writer, the driver, the pool, JIT and
 * GC) and the PostgreSQL server (its backends, WAL writer and checkpointer), read from Linux's scheduler
 * ({@link CpuTime}). Per append:
 * <ul>
 *   <li>with one writer, the wall time splits into this JVM's CPU, PostgreSQL's CPU and neither: waiting for the
 *   WAL's flush to the disk and for the threads and the backend to wake;</li>
 *   <li>with several writers, CPU per append says what the two cores can carry at most: when they are busy, the
 *   appends per second are CPU per append's inverse, whatever the waiting.</li>
 * </ul>
 * The stores run one after the other in rounds, each round a few seconds of each in a rotating order, so that a
 * noisy spell of the machine weighs on all of them alike; the figures are the sums over the rounds. Each store has
 * a schema or database of its own, dropped at the end.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.AppendCost --writers 1,16 --rounds 5
 * }</pre>
 */
public final class AppendCost {

    private static final int STREAMS_PER_WRITER = 100;

    private AppendCost() {
    }

    /** What one store did in the rounds: appends, wall time and the CPU times, summed. */
    private static final class Tally {

        final String store;
        long appends;
        long wallNanos;
        long jvmNanos;
        long postgresNanos;
        boolean cpuKnown = true;

        Tally(String store) {
            this.store = store;
        }

        double appendsPerSecond() {
            return appends * 1e9 / wallNanos;
        }

        /** Microseconds per append of a time summed over the rounds. */
        double micros(long nanos) {
            return nanos / 1e3 / appends;
        }

        double cpuMicros() {
            return micros(jvmNanos + postgresNanos);
        }
    }

    /**
     * Runs the measurement and prints its report.
     *
     * @param args {@code --stores} (of {@link EventAppender}), {@code --writers} (a list), {@code --warmup} and
     *             {@code --seconds} (per store and round), {@code --rounds}
     * @throws Exception when a store cannot be opened or an append fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("stores", String.join(",", EventAppender.FLOOR, EventAppender.FLOOR_EVENT_ROW,
                EventAppender.CHRONICLE, EventAppender.CHRONICLE_NO_KEY, EventAppender.AXON));
        defaults.put("writers", "1,16");
        defaults.put("warmup", "3");
        defaults.put("seconds", "2");
        defaults.put("rounds", "5");
        Options options = Options.parse(args, defaults);
        System.out.println("AppendCost " + options);
        System.out.println("start     " + Machine.now());
        if (CpuTime.ofThisJvm().isEmpty() || CpuTime.ofPostgres().isEmpty()) {
            System.out.println("no CPU times: this JVM's or PostgreSQL's processes have no /proc/<pid>/task/*/schedstat"
                    + " here (another kernel, or PostgreSQL on another machine)");
        }
        List<String> stores = List.of(options.text("stores").split("\\s*,\\s*"));
        Map<Integer, List<Tally>> tallies = new LinkedHashMap<>();
        for (String writers : options.text("writers").split("\\s*,\\s*")) {
            int count = Integer.parseInt(writers);
            tallies.put(count, measure(stores, count, options.integer("warmup"), options.integer("seconds"),
                    options.integer("rounds")));
            System.out.println("measured  " + Machine.now() + "  " + count + " writer(s)");
        }
        report(tallies);
        System.exit(0);
    }

    private static List<Tally> measure(List<String> stores, int writers, int warmup, int seconds, int rounds)
            throws Exception {
        Map<String, EventAppender> opened = new LinkedHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            for (String store : stores) {
                try {
                    opened.put(store, EventAppender.open(store, writers));
                } catch (IllegalStateException e) { // message-db's SQL not fetched: the others still run
                    System.out.println(e.getMessage());
                }
            }
            List<String> names = List.copyOf(opened.keySet());
            Map<String, WriterStreams[]> streams = new LinkedHashMap<>();
            Map<String, Tally> tallies = new LinkedHashMap<>();
            for (String name : names) {
                WriterStreams[] own = new WriterStreams[writers];
                for (int w = 0; w < writers; w++) {
                    own[w] = new WriterStreams(STREAMS_PER_WRITER);
                }
                streams.put(name, own);
                tallies.put(name, new Tally(name));
                run(threads, opened.get(name), own, warmup, null);
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((round + i) % names.size());
                    run(threads, opened.get(name), streams.get(name), seconds, tallies.get(name));
                }
            }
            return List.copyOf(tallies.values());
        } finally {
            threads.shutdownNow();
            for (EventAppender store : opened.values()) {
                store.close();
            }
        }
    }

    /** Every writer appends to the store for {@code seconds}; the times go to {@code tally} unless it is null. */
    private static void run(ExecutorService threads, EventAppender store, WriterStreams[] writers, int seconds,
                            Tally tally) throws Exception {
        // PostgreSQL's processes are listed outside this JVM's window: listing /proc costs this JVM's CPU too
        OptionalLong postgresBefore = CpuTime.ofPostgres();
        OptionalLong jvmBefore = CpuTime.ofThisJvm();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        List<Future<Long>> counts = new ArrayList<>();
        for (WriterStreams writer : writers) {
            counts.add(threads.submit(() -> {
                long appends = 0;
                while (System.nanoTime() < deadline) {
                    writer.appendNext(store);
                    appends++;
                }
                return appends;
            }));
        }
        long appends = 0;
        for (Future<Long> count : counts) {
            appends += count.get();
        }
        long wall = System.nanoTime() - start;
        OptionalLong jvmAfter = CpuTime.ofThisJvm();
        OptionalLong postgresAfter = CpuTime.ofPostgres();
        if (tally != null) {
            tally.appends += appends;
            tally.wallNanos += wall;
            if (jvmBefore.isPresent() && jvmAfter.isPresent() && postgresBefore.isPresent()
                    && postgresAfter.isPresent()) {
                tally.jvmNanos += jvmAfter.getAsLong() - jvmBefore.getAsLong();
                tally.postgresNanos += postgresAfter.getAsLong() - postgresBefore.getAsLong();
            } else {
                tally.cpuKnown = false;
            }
        }
    }

    private static void report(Map<Integer, List<Tally>> tallies) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("Per append, in microseconds: its share of the wall time (the writers' time over the"
                + " appends), of this JVM's CPU (every thread: a warm-up too short for the JIT shows its work here)"
                + " and of PostgreSQL's; with one writer, the rest of the wall time is neither's (waiting for the"
                + " WAL's flush, for wake-ups). Cores busy: both CPU times over the wall time, of " + cores + ".");
        System.out.println();
        System.out.println("| writers | store | appends/s | × the floor's | wall | this JVM's CPU | PostgreSQL's CPU "
                + "| neither | CPU × the floor's | cores busy |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        tallies.forEach((writers, measured) -> {
            Tally floor = measured.stream().filter(tally -> tally.store.equals(EventAppender.FLOOR)).findFirst()
                    .orElse(null);
            measured.forEach(tally -> System.out.println(row(writers, tally, floor)));
        });
    }

    private static String row(int writers, Tally tally, Tally floor) {
        double wall = tally.micros(tally.wallNanos * writers);
        String cpu = tally.cpuKnown ? String.format(Locale.ROOT, "%.1f | %.1f | %s | %s | %.2f",
                tally.micros(tally.jvmNanos), tally.micros(tally.postgresNanos),
                writers == 1 ? String.format(Locale.ROOT, "%.1f", wall - tally.cpuMicros()) : "—",
                floor == null || !floor.cpuKnown ? "—"
                        : String.format(Locale.ROOT, "%.2f", tally.cpuMicros() / floor.cpuMicros()),
                (tally.jvmNanos + tally.postgresNanos) / (double) tally.wallNanos)
                : "— | — | — | — | —";
        return String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %.1f | %s |", writers, tally.store,
                tally.appendsPerSecond(), floor == null ? "—"
                        : String.format(Locale.ROOT, "%.2f", tally.appendsPerSecond() / floor.appendsPerSecond()),
                wall, cpu);
    }
}
