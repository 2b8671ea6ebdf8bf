package io.chronicleledger.server.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Sends commands to the Ledger API processes as a careful client does: with the command's
 * {@code Idempotency-Key}, a timeout on every request, and, on a timeout, a lost connection or a 5xx/429, the
 * same request again after a jittered back-off, to the next ledger process, until a deadline. A 5xx is noted
 * in the {@link Violations}: the server should answer an outage with a 503, never a 500.
 */
final class BankClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> ledgers;
    private final Violations violations;
    private final Random jitter;
    private int next;

    BankClient(List<String> ledgers, int first, Violations violations, long seed) {
        this.ledgers = List.copyOf(ledgers);
        this.next = first;
        this.violations = violations;
        this.jitter = new Random(seed);
    }

    /** Sends the command until it is answered or {@code giveUpAfter} has passed. */
    Outcome send(BankCommand command, Duration giveUpAfter) throws InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        String lastError = "never sent";
        long backOffMillis = 50;
        for (int attempt = 1; ; attempt++) {
            String ledger = ledgers.get(next % ledgers.size());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ledger + command.path()))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", command.key())
                        .POST(HttpRequest.BodyPublishers.ofString(command.json())).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                JsonNode body = parse(response.body());
                if (status >= 200 && status < 300) {
                    return new Outcome.Acked(body, attempt);
                }
                String code = body.path("error").path("code").asText("");
                if (status >= 400 && status < 500 && status != 429) {
                    return new Outcome.Refused(status, code, attempt);
                }
                if (status >= 500 && status != 503) {
                    violations.add("HTTP " + status + " " + code + " from " + ledger + command.path() + ": "
                            + response.body());
                }
                lastError = "HTTP " + status + " " + code;
            } catch (IOException e) {
                lastError = e.toString();
            }
            next++;
            if (System.nanoTime() > deadline) {
                return new Outcome.Indeterminate(lastError, attempt);
            }
            TimeUnit.MILLISECONDS.sleep(backOffMillis / 2 + jitter.nextInt((int) backOffMillis));
            backOffMillis = Math.min(backOffMillis * 2, 1_000);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", body);
        }
    }
}
