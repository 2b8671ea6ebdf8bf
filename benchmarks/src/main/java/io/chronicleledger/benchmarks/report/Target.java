package io.chronicleledger.benchmarks.report;

import java.util.OptionalDouble;

/**
 * A figure's target: a bound on the figure itself, or on its ratio to the floor measured in the same run.
 *
 * @param atMost  whether the figure must stay at or under the bound (else at or over it)
 * @param bound   the bound, in the figure's unit, or a factor of the floor
 * @param ofFloor whether the bound is a factor of the floor
 * @param source  where the target comes from, {@code issue 12}
 */
record Target(boolean atMost, double bound, boolean ofFloor, String source) {

    /** No target: a floor or a reference figure. */
    static final Target NONE = new Target(true, Double.NaN, false, "");

    /**
     * An upper bound on the figure.
     *
     * @param bound  the bound, in the figure's unit
     * @param source where the target comes from
     * @return the target
     */
    static Target atMost(double bound, String source) {
        return new Target(true, bound, false, source);
    }

    /**
     * A lower bound on the figure.
     *
     * @param bound  the bound, in the figure's unit
     * @param source where the target comes from
     * @return the target
     */
    static Target atLeast(double bound, String source) {
        return new Target(false, bound, false, source);
    }

    /**
     * An upper bound on the figure's ratio to its floor.
     *
     * @param factor the most times the floor
     * @param source where the target comes from
     * @return the target
     */
    static Target atMostTimesFloor(double factor, String source) {
        return new Target(true, factor, true, source);
    }

    /**
     * A lower bound on the figure's ratio to its floor.
     *
     * @param factor the fewest times the floor
     * @param source where the target comes from
     * @return the target
     */
    static Target atLeastTimesFloor(double factor, String source) {
        return new Target(false, factor, true, source);
    }

    /**
     * The target as the report shows it.
     *
     * @param unit the figure's unit
     * @return {@code ≤ 1 ms (issue 11)}, {@code ≥ 2.5 × floor (issue 12)}, or {@code —}
     */
    String text(String unit) {
        if (this == NONE) {
            return "—";
        }
        return (atMost ? "≤ " : "≥ ") + Numbers.format(bound) + (ofFloor ? " × floor" : " " + unit)
                + " (" + source + ")";
    }

    /**
     * Compares a figure with the target.
     *
     * @param value the figure, empty when not measured
     * @param ratio the figure's ratio to its floor, empty when there is no floor
     * @return the verdict
     */
    Verdict verdict(OptionalDouble value, OptionalDouble ratio) {
        OptionalDouble compared = ofFloor ? ratio : value;
        if (value.isEmpty() || compared.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        if (this == NONE) {
            return Verdict.REFERENCE;
        }
        boolean met = atMost ? compared.getAsDouble() <= bound : compared.getAsDouble() >= bound;
        return met ? Verdict.MET : Verdict.MISSED;
    }
}
