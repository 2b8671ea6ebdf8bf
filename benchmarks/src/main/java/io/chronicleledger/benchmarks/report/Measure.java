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
     * The mean of two measures of one quantity, such as a floor measured before and after what is compared with it;
     * the one measured alone when the other is not.
     *
     * @param first  one measure
     * @param second the other, in the same unit
     * @return the measure of their mean
     */
    static Measure meanOf(Measure first, Measure second) {
        return new Measure(first.source() + " and " + second.source() + ", their mean", first.unit(), results -> {
            OptionalDouble one = first.in(results);
            OptionalDouble other = second.in(results);
            if (one.isPresent() && other.isPresent()) {
                return OptionalDouble.of((one.getAsDouble() + other.getAsDouble()) / 2);
            }
            return one.isPresent() ? one : other;
        });
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
