package io.chronicleledger.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of JMH runs ({@code -rf json}), in the order of their files and of each file. */
final class JmhResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JmhResult> results;

    private JmhResults(List<JmhResult> results) {
        this.results = results;
    }

    /**
     * Reads JMH's JSON files.
     *
     * @param files    the files, read in this order
     * @param problems where a file that cannot be read is noted, and skipped
     * @return their results
     */
    static JmhResults read(List<Path> files, List<String> problems) {
        List<JmhResult> results = new ArrayList<>();
        for (Path file : files) {
            try {
                JSON.readTree(file.toFile()).forEach(result -> results.add(parse(result)));
            } catch (IOException | RuntimeException e) {
                problems.add(file.getFileName() + ": not a JMH result (" + e.getMessage() + ")");
            }
        }
        return new JmhResults(List.copyOf(results));
    }

    /**
     * The first result of a benchmark with these parameters.
     *
     * @param benchmark {@code Class.method}
     * @param params    the parameters it must have (others may differ)
     * @param threads   the threads it must have run on, or 0 for any
     * @return the result, if measured
     */
    Optional<JmhResult> find(String benchmark, Map<String, String> params, int threads) {
        return results.stream()
                .filter(result -> result.benchmark().equals(benchmark) && result.matches(params)
                        && (threads == 0 || result.threads() == threads))
                .findFirst();
    }

    /**
     * Every result.
     *
     * @return them, in the order read
     */
    List<JmhResult> all() {
        return results;
    }

    private static JmhResult parse(JsonNode result) {
        String[] name = result.required("benchmark").asText().split("\\.");
        JsonNode primary = result.required("primaryMetric");
        return new JmhResult(name[name.length - 2] + "." + name[name.length - 1], result.path("threads").asInt(1),
                texts(result.path("params")), primary.required("score").asDouble(),
                primary.required("scoreUnit").asText(), numbers(primary.path("scorePercentiles")),
                counters(result.path("secondaryMetrics")));
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        object.properties().forEach(field -> values.put(field.getKey(), field.getValue().asDouble()));
        return values;
    }

    /** The secondary metrics that are rates per second, such as {@code @AuxCounters}' events. */
    private static Map<String, Double> counters(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        object.properties().forEach(field -> {
            if ("ops/s".equals(field.getValue().path("scoreUnit").asText())) {
                values.put(field.getKey(), field.getValue().path("score").asDouble());
            }
        });
        return values;
    }
}
