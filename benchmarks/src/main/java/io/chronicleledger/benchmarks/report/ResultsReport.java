package io.chronicleledger.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the report of a results folder of {@code benchmarks/run}: every known figure ({@link Figures#KNOWN})
 * beside its ratio to the floor of the same run, its target, the seed's figure and a verdict (met, missed, not
 * measured), then every JMH result and the plain mains' tables, with the machine, the date, the commit and the
 * command; and the chart ({@link SvgChart}).
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.report.ResultsReport FOLDER [RESULTS.md]
 * </pre>
 * It writes {@code report.md} and {@code results.svg} into the folder and, when a RESULTS.md is named, replaces
 * the part of it between {@value #START} and {@value #END} and writes {@code results.svg} next to it.
 */
public final class ResultsReport {

    /** The line before the generated part of RESULTS.md. */
    public static final String START = "<!-- generated:start -->";
    /** The line after the generated part of RESULTS.md. */
    public static final String END = "<!-- generated:end -->";
    private static final String CHART = "results.svg";

    private ResultsReport() {
    }

    /**
     * Writes the report.
     *
     * @param args the results folder, then optionally the RESULTS.md to update
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: ResultsReport results-folder [RESULTS.md]");
        }
        Path folder = Path.of(args[0]);
        Results results = Results.read(folder);
        List<Figure.Row> rows = Figures.KNOWN.stream().map(figure -> figure.evaluate(results)).toList();
        String markdown = markdown(folder, results, rows);
        String chart = SvgChart.render(title(results), results, rows);
        Files.writeString(folder.resolve("report.md"), markdown);
        Files.writeString(folder.resolve(CHART), chart);
        if (args.length == 2) {
            Path target = Path.of(args[1]);
            Files.writeString(target, replaceGenerated(Files.readString(target), markdown));
            Files.writeString(target.resolveSibling(CHART), chart);
        }
        System.out.print(table(rows));
    }

    /**
     * The generated part: the run, the machine, the chart, the figures against their targets, every JMH result and
     * the plain mains' tables, between {@link #START} and {@link #END}.
     *
     * @param folder  the results folder, named in the text
     * @param results its results
     * @param rows    the known figures as measured
     * @return the Markdown
     */
    static String markdown(Path folder, Results results, List<Figure.Row> rows) {
        StringBuilder text = new StringBuilder(START).append('\n')
                .append("<!-- Written by benchmarks/run (ResultsReport) from ").append(folder)
                .append("; edit the hand-written sections below instead. -->\n")
                .append("## Latest run of `benchmarks/run`\n\n");
        if (quick(results)) {
            text.append("**A quick smoke run** (a few benchmarks, very short JMH settings, short plain runs): it shows "
                    + "that the benchmarks run, not how fast. Compare figures of full runs only.\n\n");
        }
        text.append("| run | |\n|---|---|\n");
        results.run().forEach((name, value) -> text.append("| ").append(name).append(" | ").append(cell(value))
                .append(" |\n"));
        results.machine().forEach((name, value) -> text.append("| ").append(name).append(" | ").append(cell(value))
                .append(" |\n"));
        text.append("\n![Latency, ratios to the floor, appends per second against writers](").append(CHART)
                .append(")\n\n### Figures against the targets\n\n")
                .append("Latencies in milliseconds (p50, p99 of JMH's sample time or of the plain programs' "
                        + "HdrHistograms), rates per second. \"× floor\" is the ratio to the floor measured in the "
                        + "same run.\n\n")
                .append(table(rows))
                .append("\nWhere each figure comes from:\n\n");
        rows.forEach(row -> text.append("- ").append(row.figure().name()).append(": ")
                .append(row.figure().measure().source())
                .append(row.figure().floor() == null ? "" : "; floor: " + row.figure().floor().source()).append('\n'));
        text.append("\n### Every JMH result\n\n").append(jmhTable(results.jmh()));
        for (String output : results.plain().names()) {
            List<String> tables = results.plain().tables(output);
            if (!tables.isEmpty()) {
                text.append("\n### ").append(output).append("\n\n").append(String.join("\n", tables)).append('\n');
            }
        }
        if (!results.problems().isEmpty()) {
            text.append("\nNot read: ").append(String.join("; ", results.problems())).append('\n');
        }
        return text.append(END).append('\n').toString();
    }

    /**
     * The known figures as a Markdown table.
     *
     * @param rows the figures as measured
     * @return the table
     */
    static String table(List<Figure.Row> rows) {
        StringBuilder table = new StringBuilder("| figure | measured | × floor | target | seed | verdict |\n"
                + "|---|---|---|---|---|---|\n");
        for (Figure.Row row : rows) {
            Figure figure = row.figure();
            String unit = figure.measure().unit();
            table.append("| ").append(cell(figure.name()))
                    .append(" | ").append(Numbers.format(row.value(), "—"))
                    .append(row.value().isPresent() ? " " + unit : "")
                    .append(" | ").append(row.ratio().isPresent() ? Numbers.format(row.ratio().getAsDouble()) + "×" : "—")
                    .append(" | ").append(figure.target().text(unit))
                    .append(" | ").append(figure.seed())
                    .append(" | ").append(row.verdict().text()).append(" |\n");
        }
        return table.toString();
    }

    /**
     * Replaces the generated part of a RESULTS.md.
     *
     * @param document  the RESULTS.md
     * @param generated the new part, markers included
     * @return the document with it
     * @throws IllegalStateException when the document lacks the markers
     */
    static String replaceGenerated(String document, String generated) {
        int start = document.indexOf(START);
        int end = document.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("no " + START + " … " + END + " lines to replace");
        }
        int after = document.indexOf('\n', end);
        return document.substring(0, start) + generated + (after < 0 ? "" : document.substring(after + 1));
    }

    private static String jmhTable(JmhResults jmh) {
        StringBuilder table = new StringBuilder("| benchmark | params | threads | score | unit | p50 (ms) | p99 (ms) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (JmhResult result : jmh.all()) {
            String params = result.params().entrySet().stream().map(Map.Entry::toString)
                    .collect(Collectors.joining(" "));
            table.append("| ").append(result.benchmark()).append(" | ").append(params).append(" | ")
                    .append(result.threads()).append(" | ").append(Numbers.format(result.score())).append(" | ")
                    .append(result.unit()).append(" | ").append(Numbers.format(result.percentileMillis(50.0), "—"))
                    .append(" | ").append(Numbers.format(result.percentileMillis(99.0), "—")).append(" |\n");
        }
        return jmh.all().isEmpty() ? "none\n" : table.toString();
    }

    private static List<String> title(Results results) {
        List<String> lines = new ArrayList<>();
        lines.add("Chronicle Ledger benchmarks · " + results.run().getOrDefault("date", "date unknown") + " · commit "
                + results.run().getOrDefault("commit", "unknown"));
        if (quick(results)) {
            lines.add("A quick smoke run (very short settings): figures not comparable");
        }
        return lines;
    }

    private static boolean quick(Results results) {
        return results.run().getOrDefault("command", "").contains("--quick");
    }

    private static String cell(String value) {
        return value.replace("|", "\\|");
    }
}
