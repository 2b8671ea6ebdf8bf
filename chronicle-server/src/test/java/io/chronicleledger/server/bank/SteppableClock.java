package io.chronicleledger.server.bank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The wall clock of one server process, stepped from the test without touching the machine's clock or the
 * server's code: libfaketime (its thread-safe build), preloaded into the process, adds the offset written in a
 * file to every reading of the real-time clock, and reads the file again within a second of a change. The JVM's
 * monotonic clock is left alone ({@code FAKETIME_DONT_FAKE_MONOTONIC}), and so are its timed waits
 * ({@code FAKETIME_FORCE_MONOTONIC_FIX=0}: with the fix libfaketime turns on for glibc 2.36, every timed wait
 * returns at once). The file is replaced, never rewritten in place: libfaketime kills a process that reads a
 * half-written offset. Needs Debian's {@code faketime} package, which {@code scripts/setup-services.sh}
 * installs.
 */
final class SteppableClock implements AutoCloseable {

    private static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    private final Path offsetFile;

    private SteppableClock(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    /** A clock at the true time, until stepped. */
    static SteppableClock create() throws IOException {
        if (!Files.isReadable(LIBRARY)) {
            throw new AssertionError("libfaketime is not installed (" + LIBRARY + "); the bank test steps server "
                    + "clocks with it. Install it with `scripts/setup-services.sh` (or `apt-get install faketime`).");
        }
        SteppableClock clock = new SteppableClock(Files.createTempFile("chronicle-clock-", ".offset"));
        clock.step(Duration.ZERO);
        return clock;
    }

    /** The variables that make a process read this clock. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", LIBRARY.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                "FAKETIME_CACHE_DURATION", "0");
    }

    /** Sets the clock {@code offset} away from the true time (negative: behind it). */
    void step(Duration offset) throws IOException {
        Path next = Files.createTempFile(offsetFile.getParent(), "chronicle-clock-", ".next");
        Files.writeString(next, (offset.isNegative() ? "-" : "+") + offset.abs().toSeconds() + "s\n");
        Files.move(next, offsetFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(offsetFile);
    }
}
