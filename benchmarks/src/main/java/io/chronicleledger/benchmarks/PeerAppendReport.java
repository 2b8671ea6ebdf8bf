package io.chronicleledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the JSON of JMH runs of {@link PeerAppendBenchmark} ({@code -rf json}) and prints a Markdown table: per
 * store, each figure (one writer's p50 and p99 in milliseconds, N writers' appends per second) beside its ratio to
 * the floor's figure of the same run. A run with {@code -t 64} goes into a file of its own; each figure must come
 * from one file only, so that its ratio is to the floor of its own run. Other benchmarks in the files are left out.
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.PeerAppendReport peers.json peers-64.json
 * }</pre>
 */
public final class PeerAppendReport {

    private static final String BENCHMARK = PeerAppendBenchmark.class.getName() + ".";
    /** The stores' rows, in this order, with these names; another store comes after them under its own. */
    private static final Map<String, String> LABELS = labels();
    private static final List<String> ORDER = List.copyOf(LABELS.keySet());

    /** Each figure's column (latencies first, then by writers), and each store's figure in it. */
    private final Map<Column, Map<String, Double>> figures = new TreeMap<>(Comparator
            .comparing(Column::latency).reversed()
            .thenComparingInt(Column::writers)
            .thenComparing(Column::title));
    private final Set<String> stores = new TreeSet<>(Comparator.comparingInt(PeerAppendReport::rank)
            .thenComparing(Comparator.naturalOrder()));

    private PeerAppendReport() {
    }

    /**
     * Prints the table of the runs.
     *
     * @param args the JSON files of the runs
     * @throws IOException              when a file cannot be read
     * @throws IllegalArgumentException when no file is given, or two give the same figure
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeerAppendReport jmh-result.json [more.json ...]");
        }
        PeerAppendReport report = new PeerAppendReport();
        ObjectMapper json = new ObjectMapper();
        for (String file : args) {
            report.add(file, json.readTree(Path.of(file).toFile()));
        }
        System.out.println(report.table());
    }

    private void add(String file, JsonNode results) {
        Map<Column, Map<String, Double>> run = new LinkedHashMap<>();
        for (JsonNode result : results) {
            if (!result.path("benchmark").asText().startsWith(BENCHMARK)) {
                continue;
            }
            String store = result.path("params").path("store").asText();
            int threads = result.path("threads").asInt();
            String writers = threads == 1 ? "1 writer" : threads + " writers";
            JsonNode metric = result.path("primaryMetric");
            String unit = metric.path("scoreUnit").asText();
            String mode = result.path("mode").asText();
            switch (mode) {
                case "sample":
                    double nanosPerUnit = nanos(unit.replace("/op", ""));
                    JsonNode percentiles = metric.path("scorePercentiles");
                    put(run, new Column(writers + " p50", true, threads), store,
                            percentiles.path("50.0").asDouble() * nanosPerUnit);
                    put(run, new Column(writers + " p99", true, threads), store,
                            percentiles.path("99.0").asDouble() * nanosPerUnit);
                    break;
                case "thrpt":
                    put(run, new Column(writers + ", appends/s", false, threads), store,
                            metric.path("score").asDouble() * 1e9 / nanos(unit.replace("ops/", "")));
                    break;
                default:
                    throw new IllegalArgumentException(file + ": mode " + mode
                            + " is neither sample time nor throughput");
            }
            stores.add(store);
        }
        for (Column column : run.keySet()) {
            if (figures.containsKey(column)) {
                throw new IllegalArgumentException(file + ": " + column.title() + " is in an earlier file too; give"
                        + " each figure from one run, so that its ratio is to the floor of that run");
            }
        }
        figures.putAll(run);
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EventAppender.FLOOR, "floor: one plain INSERT per autocommit transaction");
        labels.put(EventAppender.AXON, "Axon Framework 4 `JdbcEventStorageEngine`");
        labels.put(EventAppender.MESSAGE_DB, "message-db 1.3 `write_message`");
        labels.put(EventAppender.CHRONICLE, "Chronicle `CockroachEventStore`");
        return labels;
    }

    private static int rank(String store) {
        int rank = ORDER.indexOf(store);
        return rank < 0 ? ORDER.size() : rank;
    }

    private static void put(Map<Column, Map<String, Double>> run, Column column, String store, double value) {
        run.computeIfAbsent(column, c -> new LinkedHashMap<>()).put(store, value);
    }

    private String table() {
        StringBuilder table = new StringBuilder("| store |");
        StringBuilder rule = new StringBuilder("|---|");
        figures.keySet().forEach(column -> {
            table.append(' ').append(column.title()).append(" | × the floor |");
            rule.append("---|---|");
        });
        table.append('\n').append(rule);
        for (String store : stores) {
            table.append("\n| ").append(LABELS.getOrDefault(store, store)).append(" |");
            figures.forEach((column, values) -> {
                Double value = values.get(store);
                Double floor = values.get(EventAppender.FLOOR);
                table.append(' ').append(value == null ? "–" : column.format(value)).append(" | ")
                        .append(value == null || floor == null ? "–"
                                : String.format(Locale.ROOT, "%.2f", value / floor))
                        .append(" |");
            });
        }
        return table.toString();
    }

    /** The nanoseconds in one of JMH's time units ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code min}). */
    private static double nanos(String unit) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "min":
                return 60e9;
            default:
                throw new IllegalArgumentException("unknown time unit " + unit);
        }
    }

    /** A column of the table: a figure of one mode and one number of writers. */
    private record Column(String title, boolean latency, int writers) {

        String format(double value) {
            return latency ? Latencies.millis(Math.round(value)) + " ms" : String.format(Locale.ROOT, "%,.0f", value);
        }
    }
}
