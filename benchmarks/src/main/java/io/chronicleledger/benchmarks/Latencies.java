package io.chronicleledger.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import java.util.Locale;

/**
 * Latency histograms of the plain-main benchmarks ({@link LagAtRate}, {@link QueryLatency}): values recorded in
 * nanoseconds (three significant digits, any range), reported in milliseconds as rows of a Markdown table, so
 * that a run's output can go into RESULTS.md as it is.
 */
final class Latencies {

    /** The header of {@link #row}'s table. */
    static final String HEADER = "| figure | count | p50 | p99 | p99.9 | max | mean |\n|---|---|---|---|---|---|---|";

    private Latencies() {
    }

    /** A new histogram that many threads may record into. */
    static Histogram histogram() {
        return new SynchronizedHistogram(3);
    }

    /** Records a duration, a negative one (clocks of two threads a hair apart) as 0. */
    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    /** One row of the table: the count, then p50, p99, p99.9, max and mean in milliseconds. */
    static String row(String figure, Histogram histogram) {
        return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s |", figure, histogram.getTotalCount(),
                millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getValueAtPercentile(99.9)), millis(histogram.getMaxValue()),
                millis(Math.round(histogram.getMean())));
    }

    /** A duration in milliseconds with three significant decimals at most (0.123, 12.3, 1,234). */
    static String millis(long nanos) {
        double millis = nanos / 1e6;
        return millis >= 100 ? String.format(Locale.ROOT, "%,.0f", millis)
                : millis >= 10 ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%.3f", millis);
    }
}
