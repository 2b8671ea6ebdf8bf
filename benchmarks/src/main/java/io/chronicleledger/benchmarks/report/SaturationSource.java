package io.chronicleledger.benchmarks.report;

/**
 * A row of {@code HttpLoad}'s saturation table: a request's throughput and latency with every connection busy.
 *
 * @param output the output's name in the results folder, {@code http-load-postgres}
 * @param figure the row's first cell, {@code POST /commands/deposit}
 */
record SaturationSource(String output, String figure) {

    /**
     * The requests per second.
     *
     * @return the measure
     */
    Measure perSecond() {
        return column("requests/s", Measure.PER_SECOND);
    }

    /**
     * The 99th percentile, in milliseconds.
     *
     * @return the measure
     */
    Measure p99() {
        return column("p99", Measure.MILLIS);
    }

    private Measure column(String column, String unit) {
        return new Measure(output + ": " + figure + " at saturation, " + column, unit,
                results -> results.plain().saturation(output, figure, column));
    }
}
