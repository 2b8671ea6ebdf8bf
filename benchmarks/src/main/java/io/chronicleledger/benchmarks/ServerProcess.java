package io.chronicleledger.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged reference server ({@code chronicle-server.jar}) as a child process of the benchmark, with its
 * output in a log file. {@link #close()} stops it (SIGTERM, then SIGKILL after 20 s); so does a shutdown hook, when
 * the benchmark is interrupted.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final Thread stopOnExit;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stopOnExit = new Thread(process::destroyForcibly, "chronicle-server-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the server and waits until {@code health} answers 200.
     *
     * @param jar     the server's jar
     * @param jvm     the server JVM's options
     * @param env     the environment variables to add (the server's configuration)
     * @param health  a URL that answers 200 once the server is up
     * @return the running server
     * @throws InterruptedException when interrupted while waiting
     */
    static ServerProcess start(Path jar, List<String> jvm, Map<String, String> env, URI health)
            throws InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -q -pl chronicle-server -am"
                    + " package -DskipTests -Dmaven.javadoc.skip");
        }
        ServerProcess server;
        try {
            Path log = Files.createTempFile("chronicle-server-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            server = new ServerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
        try {
            server.awaitHealthy(health);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy(URI health) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer " + health + " within " + START_TIMEOUT
                        + "; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The server's output. */
    Path log() {
        return log;
    }

    /**
     * A free TCP port on the loopback address, for one of the server's listeners.
     *
     * @return the port
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Stops the server gracefully, forcibly after 20 s, and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway, and does no harm
        }
    }
}
