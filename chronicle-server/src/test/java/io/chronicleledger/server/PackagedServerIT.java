package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the packaged jar the way the README says, and uses it. */
class PackagedServerIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("the README's run command starts a working ledger on the in-memory adapters, which stops cleanly")
    void readmeRunCommandStartsAWorkingLedger() throws Exception {
        int ledgerPort = freePort();
        int queryPort = freePort();
        Path log = Files.createTempFile("chronicle-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(javaCommand(readmeRunCommand()))
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CHRONICLE_LEDGER_PORT", Integer.toString(ledgerPort));
        builder.environment().put("CHRONICLE_QUERY_PORT", Integer.toString(queryPort));
        server = builder.start();

        awaitHealthy(queryPort, log);
        assertThat(Files.readString(log)).contains("in-memory adapters").contains("lost when it stops");

        HttpResponse<String> created = post(ledgerPort, "/commands/create-account",
                "{\"account_id\":\"ACC-001\",\"owner_name\":\"John Doe\",\"initial_balance\":1000,\"currency\":\"USD\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("success").asBoolean()).isTrue();

        JsonNode account = awaitAccount(queryPort, "ACC-001");
        assertThat(account.path("balance").asText()).isEqualTo("1000.00");
        assertThat(account.path("currency").asText()).isEqualTo("USD");

        server.destroy();
        assertThat(server.waitFor(40, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
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

    private static void awaitHealthy(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the server did not become healthy; its log:\n" + Files.readString(log));
    }

    private static JsonNode awaitAccount(int port, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response;
        do {
            response = get(port, "/accounts/" + id);
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + id + " never appeared: " + response.body());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
