package io.chronicleledger.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code nats-server} with JetStream for fault tests: its own free port on 127.0.0.1 and its own store
 * directory, so that stopping, killing and restarting it never touches the machine's shared NATS. The port and
 * the store survive {@link #stop()} and {@link #restart()}, as they would across a real restart. Finds the
 * binary through {@code CHRONICLE_NATS_SERVER} (a path), else {@code /usr/sbin/nats-server} or
 * {@code nats-server} on the {@code PATH}; when there is none, the test fails and says how to install it.
 *
 * <pre>{@code
 * try (NatsServerProcess nats = NatsServerProcess.start()) {
 *     bus = connect(nats.url());
 *     nats.kill();   // as a crash
 *     nats.restart(); // same port, same store
 * }
 * }</pre>
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 15_000;
    private static NatsServerProcess forThisJvm;

    private final List<String> command;
    private final int port;
    private final Path directory;
    private final Path log;
    private Process process;

    private NatsServerProcess(String binary, List<String> options, int port, Path directory) {
        this.command = Stream.concat(Stream.of(binary), options.stream()).toList();
        this.port = port;
        this.directory = directory;
        this.log = directory.resolve("nats-server.log");
    }

    /**
     * Starts a server on a free port with a new, empty store directory.
     *
     * @return the running server
     */
    public static NatsServerProcess start() {
        String binary = binary();
        try {
            int port = FreePorts.take(1)[0];
            Path directory = Files.createTempDirectory("chronicle-nats-");
            return start(binary, port, directory,
                    List.of("-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", directory.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a private nats-server", e);
        }
    }

    /**
     * Starts a server with the given options and waits until it accepts connections on {@code port}.
     *
     * @param binary    the {@code nats-server} binary, as {@link #binary()} finds it
     * @param port      the client port that the options make the server listen on, at 127.0.0.1
     * @param directory the server's own directory: it holds the log, {@link #close()} deletes it
     * @param options   the command line options
     * @return the running server
     */
    static NatsServerProcess start(String binary, int port, Path directory, List<String> options) {
        NatsServerProcess server = new NatsServerProcess(binary, options, port, directory);
        server.startProcess();
        return server;
    }

    /**
     * Returns a private server that the tests of this JVM share (started on first use, killed when the JVM
     * exits): for tests that need a NATS but never stop it. Sharing a stream with earlier runs, as on the
     * machine's NATS, would make every new durable consumer wade through their events first.
     *
     * @return the running server; do not stop or close it
     */
    public static synchronized NatsServerProcess forThisJvm() {
        if (forThisJvm == null) {
            NatsServerProcess server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chronicle-nats-server-stop"));
            forThisJvm = server;
        }
        return forThisJvm;
    }

    /**
     * Returns the server's URL.
     *
     * @return {@code nats://127.0.0.1:<port>}
     */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /**
     * Returns the server's client port.
     *
     * @return the port on 127.0.0.1
     */
    int port() {
        return port;
    }

    /**
     * Returns the file that the server logs to.
     *
     * @return the log, in the server's directory
     */
    Path log() {
        return log;
    }

    /**
     * Starts the server again after {@link #stop()} or {@link #kill()}, on the same port and store, and waits
     * until it accepts connections.
     */
    public synchronized void restart() {
        startProcess();
    }

    private synchronized void startProcess() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server already runs");
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!accepts()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("nats-server did not start on port " + port + "; see " + log);
            }
            sleep(20);
        }
    }

    /** Stops the server gracefully (SIGTERM) and waits for it to end. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the server (SIGKILL), as a crash, and waits for it to end. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns whether the server runs.
     *
     * @return {@code true} while its process is alive
     */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the server and deletes its directory, store included. */
    @Override
    public synchronized void close() {
        end(true);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory: what remains is the system's to clean
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Finds the {@code nats-server} binary.
     *
     * @return its path, or its name on the {@code PATH}
     * @throws AssertionError when there is none
     */
    static String binary() {
        String configured = System.getenv("CHRONICLE_NATS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Files.isExecutable(Path.of("/usr/sbin/nats-server"))) {
            return "/usr/sbin/nats-server";
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(directory, "nats-server"))) {
                    return Path.of(directory, "nats-server").toString();
                }
            }
        }
        throw new AssertionError("nats-server is not installed; the fault tests start private servers with it. "
                + "Install it with `scripts/setup-services.sh` (or `apt-get install nats-server`), or point "
                + "CHRONICLE_NATS_SERVER at the binary.");
    }

    /**
     * Sleeps while waiting for a server.
     *
     * @param millis how long
     * @throws IllegalStateException when interrupted (the interrupt flag set again)
     */
    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nats-server", e);
        }
    }
}
