package io.chronicleledger.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What a plain-main benchmark reports about the machine next to its figures: the time and the load. */
final class Machine {

    private Machine() {
    }

    /** The time in UTC and the load averages (1, 5, 15 minutes) of {@code /proc/loadavg}, on one line. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  load " + load() + "  cores "
                + Runtime.getRuntime().availableProcessors();
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
