package example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the reference server's Ledger API (port 4002) and Query API (port 4001) that retries a command
 * after a timeout or a lost connection with the same {@code Idempotency-Key}: the server records it once, and
 * answers a retry of a recorded command with the original answer ({@code Idempotent-Replayed: true}).
 *
 * <p>Where: {@code LEDGER_URL} (default {@code http://127.0.0.1:4002}), {@code QUERY_URL} (default
 * {@code http://127.0.0.1:4001}).
 */
public final class IdempotentClient {

    /** The first attempt's timeout is short on purpose: its answer may be lost after the server recorded it. */
    private static final List<Duration> ATTEMPT_TIMEOUTS = List.of(Duration.ofMillis(1), Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    private static final Pattern BALANCE = Pattern.compile("\"balance\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String ledger;
    private final String query;

    private IdempotentClient(String ledger, String query) {
        this.ledger = ledger;
        this.query = query;
    }

    /**
     * Opens an account, deposits into it with retries, sends the deposit once more as a confused client would,
     * and prints the balance: the deposit counted once.
     *
     * @param args none
     * @throws IOException          when the server cannot be reached at all
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        IdempotentClient client = new IdempotentClient(setting("LEDGER_URL", "http://127.0.0.1:4002"),
                setting("QUERY_URL", "http://127.0.0.1:4001"));
        String account = "ACC-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        client.command("/commands/create-account", "open-" + account, "{\"account_id\":\"" + account
                + "\",\"owner_name\":\"Fay\",\"initial_balance\":\"0.00\",\"currency\":\"USD\"}");

        String deposit = "{\"account_id\":\"" + account + "\",\"amount\":\"25.00\",\"description\":\"Refund\"}";
        client.command("/commands/deposit", "refund-" + account, deposit);
        HttpResponse<String> again = client.command("/commands/deposit", "refund-" + account, deposit);
        System.out.println("the same deposit sent again: " + again.statusCode() + ", replayed: "
                + again.headers().firstValue("Idempotent-Replayed").orElse("false"));

        Matcher position = POSITION.matcher(again.body());
        String after = position.find() ? "?min_position=" + position.group(1) : "";
        HttpResponse<String> view = client.http.send(HttpRequest.newBuilder(
                URI.create(client.query + "/accounts/" + account + after)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher balance = BALANCE.matcher(view.body());
        System.out.println("balance: " + (balance.find() ? balance.group(1) : view.body()));
    }

    /** Sends a command, retrying with the same key after a timeout or a lost connection. */
    private HttpResponse<String> command(String path, String key, String json) throws IOException,
            InterruptedException {
        IOException last = null;
        for (Duration timeout : ATTEMPT_TIMEOUTS) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ledger + path)).timeout(timeout)
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
                }
                return response;
            } catch (IOException e) { // HttpTimeoutException included: the command may have been recorded
                last = e;
            }
        }
        throw last;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
