package io.chronicleledger.benchmarks.report;

/** Where a latency distribution comes from: a JMH sample-time result, or a row of a plain main's table. */
interface LatencySource {

    /**
     * The median.
     *
     * @return the measure of p50, in milliseconds
     */
    Measure p50();

    /**
     * The 99th percentile.
     *
     * @return the measure of p99, in milliseconds
     */
    Measure p99();
}
