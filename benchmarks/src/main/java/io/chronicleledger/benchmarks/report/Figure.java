package io.chronicleledger.benchmarks.report;

import java.util.OptionalDouble;

/**
 * A figure the report knows: what it is, where it is measured, the floor it is compared with, its target and the
 * seed's figure.
 *
 * @param name    what it is, {@code append of one event, one writer, p50}
 * @param measure where it is measured
 * @param floor   the floor from the same run that its ratio is taken to, or {@code null}
 * @param target  its target, or {@link Target#NONE}
 * @param seed    the seed's promise for it, or {@code —}
 */
record Figure(String name, Measure measure, Measure floor, Target target, String seed) {

    /**
     * Reads the figure and compares it with its target.
     *
     * @param results the folder's results
     * @return the row of the report
     */
    Row evaluate(Results results) {
        OptionalDouble value = measure.in(results);
        OptionalDouble floorValue = floor == null ? OptionalDouble.empty() : floor.in(results);
        OptionalDouble ratio = value.isPresent() && floorValue.isPresent() && floorValue.getAsDouble() > 0
                ? OptionalDouble.of(value.getAsDouble() / floorValue.getAsDouble()) : OptionalDouble.empty();
        return new Row(this, value, ratio, target.verdict(value, ratio));
    }

    /**
     * A figure as measured in one run.
     *
     * @param figure  the figure
     * @param value   its value, empty when not measured
     * @param ratio   its ratio to the floor of the same run, empty when either is missing
     * @param verdict how it compares with its target
     */
    record Row(Figure figure, OptionalDouble value, OptionalDouble ratio, Verdict verdict) {
    }
}
