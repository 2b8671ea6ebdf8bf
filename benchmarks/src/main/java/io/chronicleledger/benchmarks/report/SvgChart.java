package io.chronicleledger.benchmarks.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results as one hand-written SVG image, three panels one under the other: latency p50 and p99 per figure
 * (log scale), ratios to the floor of the same run, and appends per second against writers.
 */
final class SvgChart {

    private static final int WIDTH = 900;
    private static final int LEFT = 330;
    private static final int RIGHT = 80;
    private static final int PLOT = WIDTH - LEFT - RIGHT;
    private static final int ROW = 30;
    private static final String DARK = "#1f5fa8";
    private static final String LIGHT = "#8fb8e6";
    private static final String TARGET = "#c0392b";
    private static final List<String> SERIES_COLOURS = List.of("#888888", DARK, LIGHT, "#e69f00", "#009e73", "#cc79a7");

    private final StringBuilder svg = new StringBuilder();
    private int y;

    private SvgChart() {
    }

    /**
     * Draws the chart.
     *
     * @param title   the title's lines: the run's date and commit, and what kind of run it was
     * @param results the run's results
     * @param rows    the report's rows, whose ratios to the floor the second panel draws
     * @return the SVG document
     */
    static String render(List<String> title, Results results, List<Figure.Row> rows) {
        SvgChart chart = new SvgChart();
        chart.y = 10;
        for (String line : title) {
            chart.y += 22;
            chart.text(20, chart.y, line, "start", 16, "bold");
        }
        chart.y += 26;
        chart.latencies(results);
        chart.ratios(rows);
        chart.throughput(results);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + (chart.y + 20)
                + "\" viewBox=\"0 0 " + WIDTH + " " + (chart.y + 20) + "\" font-family=\"sans-serif\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + chart.svg + "</svg>\n";
    }

    private void latencies(Results results) {
        heading("Latency, milliseconds (log scale): p50 dark, p99 light");
        double top = 1;
        for (Figures.Charted charted : Figures.LATENCIES) {
            OptionalDouble p99 = charted.source().p99().in(results);
            top = Math.max(top, p99.orElse(0));
        }
        double low = -2;
        double high = Math.ceil(Math.log10(top));
        int axis = y + Figures.LATENCIES.size() * ROW;
        for (double decade = low; decade <= high; decade++) {
            double x = LEFT + PLOT * (decade - low) / (high - low);
            line(x, y - 5, x, axis, "#dddddd", false);
            text(x, axis + 14, Numbers.format(Math.pow(10, decade)), "middle", 11, "normal");
        }
        for (Figures.Charted charted : Figures.LATENCIES) {
            text(LEFT - 8, y + 15, charted.label(), "end", 11, "normal");
            OptionalDouble p50 = charted.source().p50().in(results);
            OptionalDouble p99 = charted.source().p99().in(results);
            if (p50.isEmpty() && p99.isEmpty()) {
                text(LEFT + 4, y + 15, "not measured", "start", 11, "italic");
            }
            logBar(p50, y + 3, low, high, DARK);
            logBar(p99, y + 15, low, high, LIGHT);
            y += ROW;
        }
        y += 40;
    }

    private void logBar(OptionalDouble millis, int top, double low, double high, String colour) {
        if (millis.isEmpty()) {
            return;
        }
        double position = (Math.log10(Math.max(millis.getAsDouble(), Math.pow(10, low))) - low) / (high - low);
        double length = Math.max(1, PLOT * position);
        bar(LEFT, top, length, 11, colour);
        text(LEFT + length + 4, top + 10, Numbers.format(millis.getAsDouble()), "start", 10, "normal");
    }

    private void ratios(List<Figure.Row> rows) {
        heading("Ratio to the floor measured in the same run (red: the target)");
        List<Figure.Row> withRatio = rows.stream().filter(row -> row.ratio().isPresent())
                .filter(distinctBy(row -> row.figure().measure().source())).toList();
        if (withRatio.isEmpty()) {
            text(LEFT + 4, y + 15, "not measured", "start", 11, "italic");
            y += ROW + 10;
            return;
        }
        double top = 1;
        for (Figure.Row row : withRatio) {
            Target target = row.figure().target();
            top = Math.max(top, Math.max(row.ratio().getAsDouble(), target.ofFloor() ? target.bound() : 0));
        }
        double scale = PLOT / (top * 1.6);
        int axis = y + withRatio.size() * ROW;
        line(LEFT + scale, y - 5, LEFT + scale, axis, "#999999", true);
        text(LEFT + scale, axis + 14, "1 × the floor", "middle", 11, "normal");
        for (Figure.Row row : withRatio) {
            Target target = row.figure().target();
            double ratio = row.ratio().getAsDouble();
            text(LEFT - 8, y + 15, row.figure().name(), "end", 11, "normal");
            bar(LEFT, y + 5, ratio * scale, 14, DARK);
            String label = Numbers.format(ratio) + "×" + (target.ofFloor()
                    ? "  (target " + (target.atMost() ? "≤ " : "≥ ") + Numbers.format(target.bound()) + "×)" : "");
            text(LEFT + ratio * scale + 4, y + 16, label, "start", 10, "normal");
            if (target.ofFloor()) {
                line(LEFT + target.bound() * scale, y + 2, LEFT + target.bound() * scale, y + 22, TARGET, false);
            }
            y += ROW;
        }
        y += 40;
    }

    private void throughput(Results results) {
        heading("Appends per second on PostgreSQL against writers (red: ≥ 20,000 events/s at 64 writers)");
        List<double[]> values = new ArrayList<>();
        double top = 20_000;
        for (Figures.Series series : Figures.THROUGHPUT) {
            double[] byWriters = Figures.WRITERS.stream()
                    .mapToDouble(writers -> series.measures().apply(writers).in(results).orElse(Double.NaN)).toArray();
            values.add(byWriters);
            for (double value : byWriters) {
                top = Double.isNaN(value) ? top : Math.max(top, value);
            }
        }
        int height = 200;
        double scale = height / (top * 1.1);
        int base = y + height;
        int group = PLOT / Figures.WRITERS.size();
        int width = (group - 30) / Figures.THROUGHPUT.size();
        line(LEFT, base, LEFT + PLOT, base, "#333333", false);
        line(LEFT, base - 20_000 * scale, LEFT + PLOT, base - 20_000 * scale, TARGET, true);
        for (int w = 0; w < Figures.WRITERS.size(); w++) {
            int x = LEFT + w * group + 15;
            text(x + (group - 30) / 2.0, base + 16, Figures.WRITERS.get(w) + " writer" + (w == 0 ? "" : "s"), "middle",
                    12, "normal");
            for (int s = 0; s < values.size(); s++) {
                double value = values.get(s)[w];
                double left = x + s * width;
                if (Double.isNaN(value)) {
                    text(left + width / 2.0, base - 4, "–", "middle", 10, "normal");
                } else {
                    bar(left, base - value * scale, width - 4, value * scale, SERIES_COLOURS.get(s));
                    text(left + width / 2.0, base - value * scale - 4, Numbers.format(value), "middle", 10, "normal");
                }
            }
        }
        for (int s = 0; s < Figures.THROUGHPUT.size(); s++) {
            bar(20, y + 10 + s * 20, 12, 12, SERIES_COLOURS.get(s));
            text(38, y + 20 + s * 20, Figures.THROUGHPUT.get(s).label(), "start", 11, "normal");
        }
        text(20, y + 20 + Figures.THROUGHPUT.size() * 20, "– not measured", "start", 11, "normal");
        y = base + 30;
    }

    /** A filter that lets the first of each key through: one bar for figures that differ only by target. */
    private static <T> Predicate<T> distinctBy(Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        return item -> seen.add(key.apply(item));
    }

    private void heading(String heading) {
        text(20, y, heading, "start", 14, "bold");
        y += 16;
    }

    private void bar(double x, double top, double width, double height, String colour) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, top, width, height, colour));
    }

    private void line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                x1, y1, x2, y2, colour, dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    private void text(double x, double baseline, String text, String anchor, int size, String style) {
        String weight = "bold".equals(style) ? " font-weight=\"bold\""
                : "italic".equals(style) ? " font-style=\"italic\"" : "";
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>%n",
                x, baseline, anchor, size, weight, escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
