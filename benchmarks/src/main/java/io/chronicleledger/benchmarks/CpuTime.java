package io.chronicleledger.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time as Linux's scheduler counts it ({@code /proc/<pid>/task/<tid>/schedstat}, the first field: nanoseconds
 * on a CPU), of this JVM (every thread: the writers, the driver, JIT and GC) and of the PostgreSQL server on this
 * machine (every process named {@code postgres}: the backends, the WAL writer, the checkpointer). A thread or
 * process that ends between two readings takes its time with it; the benchmarks read around work whose threads
 * and backends outlive it.
 */
final class CpuTime {

    private static final Path PROC = Path.of("/proc");
    private static final String POSTGRES = "postgres";

    private CpuTime() {
    }

    /**
     * The CPU time of this JVM so far.
     *
     * @return nanoseconds, or empty where {@code /proc} has no scheduler statistics
     */
    static OptionalLong ofThisJvm() {
        return ofProcess(PROC.resolve("self"));
    }

    /**
     * The CPU time of the PostgreSQL server's processes on this machine so far.
     *
     * @return nanoseconds, or empty where {@code /proc} has no scheduler statistics or no process is named
     * {@value #POSTGRES} (a PostgreSQL on another machine)
     */
    static OptionalLong ofPostgres() {
        long sum = 0;
        boolean found = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, CpuTime::isProcess)) {
            for (Path process : processes) {
                if (POSTGRES.equals(read(process.resolve("comm")))) {
                    OptionalLong time = ofProcess(process);
                    if (time.isPresent()) {
                        sum += time.getAsLong();
                        found = true;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC, e);
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    private static boolean isProcess(Path path) {
        return path.getFileName().toString().chars().allMatch(Character::isDigit);
    }

    /** The sum over a process's threads, empty when the process has ended or there are no statistics. */
    private static OptionalLong ofProcess(Path process) {
        long sum = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                String schedstat = read(thread.resolve("schedstat"));
                if (schedstat == null) {
                    continue; // the thread ended while listed
                }
                sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
            }
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of " + process, e);
        }
        return sum == 0 ? OptionalLong.empty() : OptionalLong.of(sum);
    }

    /** A /proc file's text without its line end, or {@code null} when it is gone or unreadable. */
    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
