package io.chronicleledger.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of a plain-main benchmark: {@code --name value} pairs over defaults; any other name is
 * refused with the list of the known ones.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads the arguments.
     *
     * @param args     {@code --name value} pairs
     * @param defaults every known name with its default, in the order of the usage line
     * @return the options
     * @throws IllegalArgumentException naming an unknown or incomplete option
     */
    static Options parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!values.containsKey(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: " + usage(defaults) + " (was: " + String.join(" ", args)
                        + ")");
            }
            values.put(name, args[i + 1]);
        }
        return new Options(values);
    }

    private static String usage(Map<String, String> defaults) {
        StringBuilder usage = new StringBuilder();
        defaults.forEach((name, value) -> usage.append(usage.length() == 0 ? "" : " ").append("[--").append(name)
                .append(' ').append(value).append(']'));
        return usage.toString();
    }

    String text(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name));
    }

    /** The options as given and defaulted, for the report. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        values.forEach((name, value) -> line.append(line.length() == 0 ? "" : " ").append("--").append(name)
                .append(' ').append(value));
        return line.toString();
    }
}
