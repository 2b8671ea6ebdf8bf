package io.chronicleledger.benchmarks.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** Numbers as the report writes them: three significant digits below 100, whole numbers with separators above. */
final class Numbers {

    private Numbers() {
    }

    /**
     * Formats a number.
     *
     * @param value the number
     * @return {@code 0.123}, {@code 1.15}, {@code 12.3}, {@code 20,000}
     */
    static String format(double value) {
        double size = Math.abs(value);
        String text = size >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : size >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : size >= 1 ? String.format(Locale.ROOT, "%.2f", value)
                : String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") && size < 100 ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /**
     * Formats a number that may be missing.
     *
     * @param value the number
     * @param empty what to write when it is missing
     * @return the number, or {@code empty}
     */
    static String format(OptionalDouble value, String empty) {
        return value.isPresent() ? format(value.getAsDouble()) : empty;
    }
}
