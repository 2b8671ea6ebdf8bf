package io.chronicleledger.benchmarks.report;

/**
 * A row of a plain main's latency table.
 *
 * @param output the output's name in the results folder, {@code lag-at-rate-1000}
 * @param figure the row's first cell, {@code GET /accounts/{id}}
 */
record PlainSource(String output, String figure) implements LatencySource {

    @Override
    public Measure p50() {
        return column("p50");
    }

    @Override
    public Measure p99() {
        return column("p99");
    }

    private Measure column(String column) {
        return new Measure(output + ": " + figure + ", " + column, Measure.MILLIS,
                results -> results.plain().millis(output, figure, column));
    }
}
