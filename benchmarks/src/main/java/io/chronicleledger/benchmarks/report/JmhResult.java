package io.chronicleledger.benchmarks.report;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One result of a JMH run ({@code -rf json}), its units already converted: latencies in milliseconds, rates per
 * second.
 *
 * @param benchmark   the class's simple name and the method, {@code AppendBenchmark.appendOne}
 * @param threads     the threads that ran it
 * @param params      its {@code @Param} values
 * @param score       the primary score as JMH gives it, in {@code unit}
 * @param unit        JMH's unit: {@code us/op}, {@code ops/s}, …
 * @param percentiles a sample-time result's percentiles ({@code 50.0}, {@code 99.0}, …) in {@code unit}
 * @param counters    the secondary scores per second ({@code @AuxCounters}), by name
 */
record JmhResult(String benchmark, int threads, Map<String, String> params, double score, String unit,
                 Map<String, Double> percentiles, Map<String, Double> counters) {

    /**
     * Whether every {@code name=value} of {@code filter} is among the parameters.
     *
     * @param filter the parameters to match
     * @return whether they all match
     */
    boolean matches(Map<String, String> filter) {
        return filter.entrySet().stream().allMatch(entry -> entry.getValue().equals(params.get(entry.getKey())));
    }

    /**
     * A percentile of a time per operation.
     *
     * @param percentile {@code 50.0}, {@code 99.0}, …
     * @return milliseconds, or empty when this is not a sample-time result
     */
    OptionalDouble percentileMillis(double percentile) {
        Double value = percentiles.get(String.valueOf(percentile));
        return value == null ? OptionalDouble.empty() : millis(value);
    }

    /**
     * The score as a time per operation.
     *
     * @return milliseconds, or empty when the score is a rate
     */
    OptionalDouble scoreMillis() {
        return millis(score);
    }

    /**
     * The score as operations per second.
     *
     * @return operations per second, or empty when the score is a time
     */
    OptionalDouble perSecond() {
        return switch (unit) {
            case "ops/s" -> OptionalDouble.of(score);
            case "ops/ms" -> OptionalDouble.of(score * 1e3);
            case "ops/us" -> OptionalDouble.of(score * 1e6);
            case "ops/ns" -> OptionalDouble.of(score * 1e9);
            default -> OptionalDouble.empty();
        };
    }

    private OptionalDouble millis(double value) {
        return switch (unit) {
            case "s/op" -> OptionalDouble.of(value * 1e3);
            case "ms/op" -> OptionalDouble.of(value);
            case "us/op" -> OptionalDouble.of(value / 1e3);
            case "ns/op" -> OptionalDouble.of(value / 1e6);
            default -> OptionalDouble.empty();
        };
    }
}
