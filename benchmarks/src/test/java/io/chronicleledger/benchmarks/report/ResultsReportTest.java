package io.chronicleledger.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The report of {@code results-sample/}: a trimmed real quick run (JMH JSON of the floor, one writer's append,
 * 16 and 64 writers and a rebuild of 10,000 events; QueryLatency's two tables; no LagAtRate).
 */
class ResultsReportTest {

    private static Path sample() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ResultsReportTest.class.getResource("/results-sample")).toURI());
    }

    private static Map<String, Figure.Row> rows(Results results) {
        return Figures.KNOWN.stream().map(figure -> figure.evaluate(results))
                .collect(Collectors.toMap(ResultsReportTest::key, row -> row));
    }

    /** A row's figure and target, which tell the two targets of the account query apart. */
    private static String key(Figure.Row row) {
        return row.figure().name() + " " + row.figure().target().text(row.figure().measure().unit());
    }

    @Test
    void figuresAreReadWithTheirRatiosToTheFloorAndVerdicts() throws Exception {
        Results results = Results.read(sample());
        Map<String, Figure.Row> rows = rows(results);

        Figure.Row floor = rows.get("floor: one-row insert + commit (JDBC), p50 —");
        assertThat(floor.value().getAsDouble()).isCloseTo(1.837056, within(1e-9));
        assertThat(floor.verdict()).isEqualTo(Verdict.REFERENCE);

        Figure.Row appendP50 = rows.get("append of one event, one writer, p50 ≤ 1.15 × floor (issue 12)");
        assertThat(appendP50.value().getAsDouble()).isCloseTo(3.85024, within(1e-9));
        assertThat(appendP50.ratio().getAsDouble()).isCloseTo(3.85024 / 1.837056, within(1e-9));
        assertThat(appendP50.verdict()).isEqualTo(Verdict.MISSED);

        Figure.Row appendP99 = rows.get("append of one event, one writer, p99 ≤ 2 × floor (issue 12)");
        assertThat(appendP99.ratio().getAsDouble()).isCloseTo(19.03558656 / 40.05888, within(1e-6));
        assertThat(appendP99.verdict()).isEqualTo(Verdict.MET);

        Figure.Row sixteen = rows.get("appends/s, 16 writers ≥ 2.5 × floor (issue 12)");
        assertThat(sixteen.value().getAsDouble()).isCloseTo(1861.66, within(0.01));
        assertThat(sixteen.verdict()).as("no floor at 16 writers in this run").isEqualTo(Verdict.NOT_MEASURED);

        Figure.Row sixtyFour = rows.get("events/s, 64 writers ≥ 20,000 /s (issue 12)");
        assertThat(sixtyFour.value().getAsDouble()).isCloseTo(3900.67, within(0.01));
        assertThat(sixtyFour.verdict()).isEqualTo(Verdict.MISSED);

        Figure.Row rebuild = rows.get("rebuild of the read model, events/s ≥ 20,000 /s (issue 11)");
        assertThat(rebuild.value().getAsDouble()).isCloseTo(10_000 / 0.9377965835, within(0.01));
        assertThat(rebuild.verdict()).isEqualTo(Verdict.MISSED);

        Figure.Row queryIssue11 = rows.get("GET /accounts/{id} over HTTP, p50 ≤ 1 ms (issue 11)");
        Figure.Row queryIssue12 = rows.get("GET /accounts/{id} over HTTP, p50 ≤ 0.5 ms (issue 12)");
        assertThat(queryIssue11.value().getAsDouble()).isEqualTo(0.849);
        assertThat(queryIssue11.ratio().getAsDouble()).isCloseTo(0.849 / 0.586, within(1e-9));
        assertThat(queryIssue11.verdict()).isEqualTo(Verdict.MET);
        assertThat(queryIssue12.verdict()).isEqualTo(Verdict.MISSED);

        assertThat(rows.get("lag, command acknowledged → read model, 1,000 commands/s, p99 ≤ 50 ms (issue 11)")
                .verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(rows.get("transfer (two streams, one append), one writer, p50 ≤ 1.3 × floor (issue 12)").verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(results.problems()).isEmpty();
    }

    @Test
    void theTableShowsEachFigureBesideItsTargetTheSeedAndTheVerdict() throws Exception {
        Results results = Results.read(sample());
        String table = ResultsReport.table(Figures.KNOWN.stream().map(figure -> figure.evaluate(results)).toList());

        assertThat(table.lines()).contains(
                "| figure | measured | × floor | target | seed | verdict |",
                "| append of one event, one writer, p50 | 3.85 ms | 2.1× | ≤ 1.15 × floor (issue 12) | ~12 ms (write) "
                        + "| **missed** |",
                "| append of one event, one writer, p99 | 19 ms | 0.475× | ≤ 2 × floor (issue 12) | ~12 ms (write) "
                        + "| **met** |",
                "| events/s, 64 writers | 3,901 /s | — | ≥ 20,000 /s (issue 12) | — | **missed** |",
                "| GET /accounts/{id} over HTTP, p50 | 0.849 ms | 1.45× | ≤ 1 ms (issue 11) | ~5 ms (query) | **met** |",
                "| HTTP deposit at 200/s, p50 (the event store on PostgreSQL) | — | — | ≤ 1 ms (issue 12) "
                        + "| ~12 ms (write) | not measured |",
                "| HTTP deposits/s at saturation (the full stack: PostgreSQL, NATS) | — | — | ≥ 5,000 /s (issue 12) "
                        + "| — | not measured |");
        assertThat(table.lines().count()).isEqualTo(2 + Figures.KNOWN.size());
    }

    @Test
    void theMarkdownNamesTheRunAndTheMachineAndTheChartIsWellFormedSvg() throws Exception {
        Results results = Results.read(sample());
        List<Figure.Row> rows = Figures.KNOWN.stream().map(figure -> figure.evaluate(results)).toList();

        String markdown = ResultsReport.markdown(Path.of("results-sample"), results, rows);
        assertThat(markdown).startsWith(ResultsReport.START).endsWith(ResultsReport.END + "\n")
                .contains("| commit | 317c3c8 |", "| command | benchmarks/run --quick |", "| cores | 2 |",
                        "A quick smoke run", "![Latency, ratios to the floor, appends per second against writers]"
                                + "(results.svg)",
                        "| AppendBenchmark.appendConcurrent | maxAppendsPerTransaction=64 store=postgres "
                                + "idempotencyKey=true | 64 | 3,901 | "
                                + "ops/s | — | — |",
                        "### query-latency",
                        "| 0.199 | 5.218 | 78.8 | 78.8 | 0.677 |\n\n| figure | p50 ÷ HTTP floor p50 |");

        String svg = SvgChart.render(List.of("title"), results, rows);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains(">3,901</text>", ">0.849</text>", ">2.1×  (target ≤ 1.15×)</text>");
    }

    @Test
    void anEmptyOrBrokenFolderIsReportedAsNotMeasuredWithoutFailing(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("append-one.json"), "{ not json");
        Results results = Results.read(folder);
        List<Figure.Row> rows = Figures.KNOWN.stream().map(figure -> figure.evaluate(results)).toList();

        assertThat(rows).allSatisfy(row -> assertThat(row.verdict()).isEqualTo(Verdict.NOT_MEASURED));
        assertThat(results.problems()).anySatisfy(problem -> assertThat(problem).startsWith("append-one.json: "))
                .contains("machine.txt: missing", "run.txt: missing");
        assertThat(ResultsReport.markdown(folder, results, rows)).contains("Not read: append-one.json");
        assertThat(SvgChart.render(List.of("title"), results, rows)).contains("not measured");
    }

    @Test
    void onlyTheGeneratedPartOfResultsMdIsReplaced() {
        String document = "# Benchmark results\n\nintro\n\n" + ResultsReport.START + "\nold\n" + ResultsReport.END
                + "\n\n## History\n\nhand-written\n";
        String generated = ResultsReport.START + "\nnew\n" + ResultsReport.END + "\n";

        assertThat(ResultsReport.replaceGenerated(document, generated)).isEqualTo("# Benchmark results\n\nintro\n\n"
                + ResultsReport.START + "\nnew\n" + ResultsReport.END + "\n\n## History\n\nhand-written\n");
        assertThatThrownBy(() -> ResultsReport.replaceGenerated("# no markers\n", generated))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ResultsReport.START);
    }
}
