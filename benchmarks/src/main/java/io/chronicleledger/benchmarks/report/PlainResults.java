package io.chronicleledger.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The text outputs of the plain-main benchmarks ({@code LagAtRate}, {@code QueryLatency}, {@code HttpLoad}), by
 * name (the file's name without {@code .txt}): their latency tables, {@code | figure | count | p50 | p99 | p99.9 |
 * max | mean |} in milliseconds, and {@code HttpLoad}'s saturation table, {@code | figure | requests/s | p50 | p99
 * | p99.9 |}.
 */
final class PlainResults {

    private static final List<String> COLUMNS = List.of("figure", "count", "p50", "p99", "p99.9", "max", "mean");
    private static final List<String> SATURATION_COLUMNS = List.of("figure", "requests/s", "p50", "p99", "p99.9");

    private final Map<String, List<String>> outputs;

    private PlainResults(Map<String, List<String>> outputs) {
        this.outputs = outputs;
    }

    /**
     * Reads the outputs.
     *
     * @param files    the text files
     * @param problems where a file that cannot be read is noted, and skipped
     * @return their tables
     */
    static PlainResults read(List<Path> files, List<String> problems) {
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                outputs.put(file.getFileName().toString().replaceFirst("\\.txt$", ""), Files.readAllLines(file));
            } catch (IOException | RuntimeException e) {
                problems.add(file.getFileName() + ": unreadable (" + e.getMessage() + ")");
            }
        }
        return new PlainResults(outputs);
    }

    /**
     * A latency from a row of an output's table.
     *
     * @param output the output's name, {@code lag-at-rate-1000}
     * @param figure the row's first cell, {@code GET /accounts/{id}}
     * @param column {@code p50}, {@code p99}, {@code p99.9}, {@code max} or {@code mean}
     * @return milliseconds, if that output has that row
     */
    OptionalDouble millis(String output, String figure, String column) {
        return cell(output, figure, COLUMNS, column);
    }

    /**
     * A figure from a row of an output's saturation table ({@code HttpLoad}).
     *
     * @param output the output's name, {@code http-load-postgres}
     * @param figure the row's first cell, {@code POST /commands/deposit}
     * @param column {@code requests/s}, or a latency in milliseconds: {@code p50}, {@code p99}, {@code p99.9}
     * @return the number, if that output has that row
     */
    OptionalDouble saturation(String output, String figure, String column) {
        return cell(output, figure, SATURATION_COLUMNS, column);
    }

    private OptionalDouble cell(String output, String figure, List<String> columns, String column) {
        int index = columns.indexOf(column);
        return outputs.getOrDefault(output, List.of()).stream()
                .filter(line -> line.startsWith("|"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::trim).skip(1).toArray(String[]::new))
                .filter(cells -> cells.length == columns.size() && cells[0].equals(figure)
                        && cells[index].matches("[\\d,]+(\\.\\d+)?"))
                .mapToDouble(cells -> Double.parseDouble(cells[index].replace(",", "")))
                .findFirst();
    }

    /**
     * An output's Markdown tables (its lines starting with {@code |}), as printed, with an empty line between two
     * tables, so that the second does not read as rows of the first.
     *
     * @param output the output's name
     * @return the lines, none when there is no such output
     */
    List<String> tables(String output) {
        List<String> lines = new ArrayList<>();
        boolean inTable = false;
        for (String line : outputs.getOrDefault(output, List.of())) {
            boolean tableLine = line.startsWith("|");
            if (tableLine && !inTable && !lines.isEmpty()) {
                lines.add("");
            }
            if (tableLine) {
                lines.add(line);
            }
            inTable = tableLine;
        }
        return lines;
    }

    /**
     * The outputs' names.
     *
     * @return them, in the order read
     */
    List<String> names() {
        return List.copyOf(outputs.keySet());
    }
}
