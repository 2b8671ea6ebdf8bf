package io.chronicleledger.server;

import io.chronicleledger.testkit.FreePorts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server jar, started the way the README's run command starts it, on free ports, as a separate
 * process. A crashed or stopped server can be started again on the same ports ({@link #restart()}), and a
 * running one paused and resumed (SIGSTOP, SIGCONT), as the fault tests need.
 */
public final class PackagedServer implements AutoCloseable {

    /** The repository's root. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> environment;
    private final Path log;
    private final int ledgerPort;
    private final int queryPort;
    private final int dashboardPort;
    private final int healthPort;
    private Process process;

    private PackagedServer(Map<String, String> environment, Path log, int ledgerPort, int queryPort,
                           int dashboardPort, int healthPort) {
        this.environment = environment;
        this.log = log;
        this.ledgerPort = ledgerPort;
        this.queryPort = queryPort;
        this.dashboardPort = dashboardPort;
        this.healthPort = healthPort;
    }

    /**
     * Starts the jar with the README's command and waits until it is healthy.
     *
     * @param environment more CHRONICLE_* variables
     * @return the running server
     * @throws Exception when it cannot start
     */
    public static PackagedServer start(Map<String, String> environment) throws Exception {
        int[] ports = FreePorts.take(4);
        int ledger = ports[0];
        int query = ports[1];
        int dashboard = ports[2];
        int processor = ports[3];
        Map<String, String> full = new HashMap<>(environment);
        full.put("CHRONICLE_LEDGER_PORT", Integer.toString(ledger));
        full.put("CHRONICLE_QUERY_PORT", Integer.toString(query));
        full.put("CHRONICLE_DASHBOARD_PORT", Integer.toString(dashboard));
        full.put("CHRONICLE_PROCESSOR_PORT", Integer.toString(processor));
        String role = environment.getOrDefault("CHRONICLE_ROLE", "all");
        int health = switch (role) {
            case "ledger" -> ledger;
            case "processor" -> processor;
            case "dashboard" -> dashboard;
            default -> query;
        };
        PackagedServer server = new PackagedServer(Map.copyOf(full),
                Files.createTempFile("chronicle-server", ".log"), ledger, query, dashboard, health);
        server.launch();
        return server;
    }

    /**
     * Starts the server again, with the same environment and ports, after it crashed or was stopped; waits
     * until it is healthy. Its log goes on in the same file.
     *
     * @throws Exception when it cannot start
     */
    public void restart() throws Exception {
        if (currentProcess().isAlive()) {
            throw new IllegalStateException("the server still runs");
        }
        launch();
    }

    private void launch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(readmeRunCommand()))
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        synchronized (this) {
            process = builder.start();
        }
        try {
            awaitHealthy();
        } catch (Exception | AssertionError e) {
            kill();
            throw e;
        }
    }

    /** Stops the process where it is (SIGSTOP): it holds its connections and answers nothing. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@linkplain #pause() paused} process run on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(currentProcess().pid()))
                .redirectErrorStream(true).start();
        assertThat(kill.waitFor()).as("kill -" + name + " of the server").isZero();
    }

    private synchronized Process currentProcess() {
        return process;
    }

    /** The base URL of the Ledger API, {@code http://127.0.0.1:<port>}. */
    public String ledgerUrl() {
        return "http://127.0.0.1:" + ledgerPort;
    }

    /** The base URL of the Query API, {@code http://127.0.0.1:<port>}. */
    public String queryUrl() {
        return "http://127.0.0.1:" + queryPort;
    }

    int ledgerPort() {
        return ledgerPort;
    }

    int queryPort() {
        return queryPort;
    }

    int dashboardPort() {
        return dashboardPort;
    }

    /** The port of {@code /health} for this process's role. */
    int healthPort() {
        return healthPort;
    }

    /**
     * Kills the process at once (SIGKILL), as a crash. A process with libfaketime preloaded leaves its shared
     * memory and semaphore behind when killed; they are removed, since they would stop a later process with the
     * same pid from starting.
     */
    public void kill() throws InterruptedException {
        Process running = currentProcess();
        running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(Path.of("/dev/shm/faketime_shm_" + running.pid()));
            Files.deleteIfExists(Path.of("/dev/shm/sem.faketime_sem_" + running.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove libfaketime's leftovers of a killed server", e);
        }
    }

    /** Returns what the server has logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGTERM and waits for the process to end; returns whether it ended in time. */
    boolean stop() throws InterruptedException {
        Process running = currentProcess();
        running.destroy();
        return running.waitFor(40, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Process running = currentProcess();
        if (running != null && running.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledgerPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && currentProcess().isAlive()) {
            try {
                if (get(healthPort, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the server did not become healthy; its log:\n" + log());
    }

    /** The {@code java -jar …} part of the README's run command. */
    private static String readmeRunCommand() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher command = Pattern.compile("&& (java -jar \\S+)").matcher(readme);
        assertThat(command.find()).as("the README has a run command ending in java -jar").isTrue();
        return command.group(1);
    }

    private static List<String> javaCommand(String readmeCommand) {
        List<String> command = new ArrayList<>(List.of(readmeCommand.split(" ")));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(new File(REPO.toFile(), command.get(command.size() - 1))).as("the packaged jar").exists();
        return command;
    }
}
