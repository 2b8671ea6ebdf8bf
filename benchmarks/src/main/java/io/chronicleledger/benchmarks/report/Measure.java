package io.chronicleledger.benchmarks.report;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * One number read from a results folder: where it comes from, its unit, and how to read it.
 *
 * @param source  where it comes from, for the report: {@code AppendBenchmark.appendOne store=postgres, p50}
 * @param unit    {@code ms} or {@code /s}
 * @param reading reads it, empty when the folder does not have it
 */
record Measure(String source, String unit, Function<Results, OptionalDouble> reading) {

    /** Milliseconds. */
    static final String MILLIS = "ms";
    /** Per second. */
    static final String PER_SECOND = "/s";

    /**
     * A figure no benchmark measures yet.
     *
     * @param why what would measure it
     * @param unit its unit
     * @return a measure that never has a value
     */
    static Measure none(String why, String unit) {
        return new Measure(why, unit, results -> OptionalDouble.empty());
    }

    /**
     * Reads the number.
     *
     * @param results the folder's results
     * @return the number, empty when not measured
     */
    OptionalDouble in(Results results) {
        return reading.apply(results);
    }
}
