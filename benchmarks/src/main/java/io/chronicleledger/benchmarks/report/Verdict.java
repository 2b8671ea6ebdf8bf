package io.chronicleledger.benchmarks.report;

/** How a figure compares with its target. */
enum Verdict {
    /** Within the target. */
    MET("**met**"),
    /** Outside the target. */
    MISSED("**missed**"),
    /** The figure, or the floor its target is relative to, is not in the results. */
    NOT_MEASURED("not measured"),
    /** Measured, with no target: a floor or a reference. */
    REFERENCE("—");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /**
     * The verdict as the report shows it.
     *
     * @return {@code **met**}, {@code **missed**}, {@code not measured} or {@code —}
     */
    String text() {
        return text;
    }
}
