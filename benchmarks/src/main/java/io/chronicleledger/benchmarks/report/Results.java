package io.chronicleledger.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a results folder of {@code benchmarks/run} holds: JMH's JSON files ({@code name.json}, each with JMH's
 * text output {@code name.txt}), the plain mains' outputs (any other {@code name.txt}), and two files of
 * {@code name: value} lines, {@value #MACHINE} and {@value #RUN}.
 *
 * @param jmh      the JMH results
 * @param plain    the plain mains' outputs
 * @param machine  the machine's description, as {@code Machine} printed it
 * @param run      the run's date, commit and command
 * @param problems files that could not be read
 */
record Results(JmhResults jmh, PlainResults plain, Map<String, String> machine, Map<String, String> run,
               List<String> problems) {

    /** The machine's description. */
    static final String MACHINE = "machine.txt";
    /** The run's date, commit and command. */
    static final String RUN = "run.txt";
    /** The load before each group, which {@code run} also writes. */
    static final String LOAD = "load.txt";

    /**
     * Reads a results folder; what it lacks is simply not measured.
     *
     * @param folder the folder
     * @return its results
     * @throws IOException when the folder cannot be listed
     */
    static Results read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<Path> json = files.stream().filter(file -> name(file).endsWith(".json")).toList();
        List<Path> plain = files.stream().filter(file -> name(file).endsWith(".txt"))
                .filter(file -> !Set.of(MACHINE, RUN, LOAD).contains(name(file)))
                .filter(file -> !Files.exists(file.resolveSibling(name(file).replaceFirst("\\.txt$", ".json"))))
                .toList();
        return new Results(JmhResults.read(json, problems), PlainResults.read(plain, problems),
                facts(folder.resolve(MACHINE), problems), facts(folder.resolve(RUN), problems), problems);
    }

    private static Map<String, String> facts(Path file, List<String> problems) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            problems.add(name(file) + ": missing");
            return facts;
        }
        try {
            Files.readAllLines(file).stream().filter(line -> line.contains(": ")).forEach(line -> facts.put(
                    line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2)));
        } catch (IOException e) {
            problems.add(name(file) + ": unreadable (" + e.getMessage() + ")");
        }
        return facts;
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
