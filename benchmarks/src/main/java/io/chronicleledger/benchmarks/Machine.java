package io.chronicleledger.benchmarks;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** What a plain-main benchmark reports about the machine next to its figures: the time, the load, the JIT. */
final class Machine {

    private Machine() {
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
}
