package io.chronicleledger.benchmarks;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a benchmark run reports about the machine: for a plain-main benchmark, the time, the load and the JIT
 * next to its figures ({@link #now()}); for {@code benchmarks/run}, the machine's description as
 * {@code name: value} lines ({@link #main}), which the results report shows.
 */
final class Machine {

    private static final Pattern MODEL_NAME = Pattern.compile("(?m)^model name\\s*:\\s*(.+)$");
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s*(\\d+) kB$");

    private Machine() {
    }

    /**
     * Prints the CPU model, the cores, the memory, the JDK, PostgreSQL's {@code SELECT version()} (at
     * {@code CHRONICLE_PG_URL} or the benchmarks' default) and {@code nats-server --version}, one
     * {@code name: value} line each; what cannot be found is printed as {@code unknown (why)}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println("cpu: " + procFile("/proc/cpuinfo", MODEL_NAME));
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
        System.out.println("memory: " + memory());
        System.out.println("jdk: " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        System.out.println("postgresql: " + postgresVersion());
        System.out.println("nats-server: " + natsVersion());
        System.out.println("load: " + load());
    }

    /**
     * The time in UTC, the load averages (1, 5, 15 minutes) of {@code /proc/loadavg}, and the time this JVM's JIT
     * compilers have spent so far (on two cores, C2 competes with the measurement for a minute or more), on one
     * line.
     */
    static String now() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  load " + load() + "  cores "
                + Runtime.getRuntime().availableProcessors()
                + (jit != null && jit.isCompilationTimeMonitoringSupported()
                        ? String.format(Locale.ROOT, "  jit %.1f s", jit.getTotalCompilationTime() / 1e3) : "");
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        String kilobytes = procFile("/proc/meminfo", MEM_TOTAL);
        return kilobytes.matches("\\d+")
                ? String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kilobytes) / (1024.0 * 1024)) : kilobytes;
    }

    /** The first group of {@code pattern} in the file, or {@code unknown (why)}. */
    private static String procFile(String file, Pattern pattern) {
        try {
            Matcher matcher = pattern.matcher(Files.readString(Path.of(file)));
            return matcher.find() ? matcher.group(1).trim() : "unknown (not in " + file + ")";
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
    }

    private static String postgresVersion() {
        try (Connection connection = DriverManager.getConnection(StoreUnderTest.postgresUrl());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SELECT version()")) {
            return version.next() ? version.getString(1) : "unknown (no answer)";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String natsVersion() {
        String binary = System.getenv().getOrDefault("CHRONICLE_NATS_SERVER", "nats-server");
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()
                    .replaceFirst("^nats-server:\\s*", "");
            boolean answered = process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
            return answered ? output : "unknown (" + output + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
