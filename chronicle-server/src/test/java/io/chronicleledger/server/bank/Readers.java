package io.chronicleledger.server.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker that runs while the system does: reader threads read the Query API and check every answer.
 * <ul>
 *   <li>an account's balance is never negative and in its currency;</li>
 *   <li>a page of an account's history (the audit log) is a chain: versions one apart, each
 *   {@code balance_after} the one before plus or minus its amount, never negative, times increasing;</li>
 *   <li>{@code balance-at} at the moment of an entry of the history answers that entry's balance and version;
 *   such a moment is in the account's past, so the answer must never change: earlier samples are asked
 *   again, during the run and at its end;</li>
 *   <li>a page of the global log ({@code /events}) has strictly increasing positions (with holes on PostgreSQL,
 *   where an append refused after claiming its positions leaves them unused).</li>
 * </ul>
 * A read that fails (the process busy, a 503 while the read model is behind) is counted, not a violation.
 */
final class Readers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** A balance read at a moment in an account's past: what {@code balance-at} must answer forever. */
    record PastBalance(String account, String at, String balance, long version) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String query;
    private final List<String> accounts;
    private final Violations violations;
    private final List<PastBalance> samples = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    private final AtomicLong pastBalancesRechecked = new AtomicLong();

    Readers(String queryUrl, List<String> accounts, Violations violations) {
        this.query = queryUrl;
        this.accounts = List.copyOf(accounts);
        this.violations = violations;
    }

    /** Reads and checks until {@link #stop()}, with its own seeded choices. */
    void run(long seed) throws InterruptedException {
        Random random = new Random(seed);
        while (!stop.get()) {
            String account = accounts.get(random.nextInt(accounts.size()));
            try {
                switch (random.nextInt(4)) {
                    case 0 -> checkAccount(account);
                    case 1 -> checkHistory(account, random);
                    case 2 -> recheckPastBalance(random);
                    default -> checkGlobalLog(random);
                }
            } catch (IOException | UnexpectedAnswer e) {
                failedReads.incrementAndGet();
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    void stop() {
        stop.set(true);
    }

    long reads() {
        return reads.get();
    }

    long failedReads() {
        return failedReads.get();
    }

    long pastBalancesRechecked() {
        return pastBalancesRechecked.get();
    }

    /** Asks {@code balance-at} again for every moment sampled; after the run, with retries. */
    void recheckAllPastBalances() throws InterruptedException {
        for (PastBalance sample : samples()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    recheck(sample);
                    break;
                } catch (IOException | UnexpectedAnswer e) {
                    if (attempt == 10) {
                        violations.add("balance-at of " + sample + " could not be read again: " + e.getMessage());
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(500);
                }
            }
        }
    }

    synchronized List<PastBalance> samples() {
        return List.copyOf(samples);
    }

    private void checkAccount(String account) throws IOException, InterruptedException, UnexpectedAnswer {
        JsonNode body = get("/accounts/" + account);
        BigDecimal balance = new BigDecimal(body.path("balance").asText());
        if (balance.signum() < 0) {
            violations.add("the Query API shows " + account + " with a negative balance: " + body);
        }
        if (!account.contains("-" + body.path("currency").asText() + "-")) {
            violations.add("the Query API shows " + account + " in another currency: " + body);
        }
    }

    private void checkHistory(String account, Random random) throws IOException, InterruptedException,
            UnexpectedAnswer {
        JsonNode entries = get("/accounts/" + account + "/transactions?limit=20").path("transactions");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            BigDecimal after = new BigDecimal(entry.path("balance_after").asText());
            if (after.signum() < 0) {
                violations.add(account + "'s history has a negative balance: " + entry);
            }
            if (i + 1 < entries.size()) {
                checkLink(account, entries.get(i + 1), entry);
            }
        }
        if (entries.size() > 1) {
            JsonNode past = entries.get(1 + random.nextInt(entries.size() - 1));
            PastBalance sample = new PastBalance(account, past.path("timestamp").asText(),
                    past.path("balance_after").asText(), past.path("version").asLong());
            recheck(sample);
            synchronized (this) {
                samples.add(sample);
            }
        }
    }

    private void checkLink(String account, JsonNode older, JsonNode newer) {
        BigDecimal amount = new BigDecimal(newer.path("amount").asText());
        BigDecimal change = switch (newer.path("type").asText()) {
            case "deposit", "transfer_in" -> amount;
            case "withdrawal", "transfer_out" -> amount.negate();
            default -> null;
        };
        BigDecimal expected = change == null ? null
                : new BigDecimal(older.path("balance_after").asText()).add(change);
        if (newer.path("version").asLong() != older.path("version").asLong() + 1 || expected == null
                || expected.compareTo(new BigDecimal(newer.path("balance_after").asText())) != 0
                || !Instant.parse(newer.path("timestamp").asText())
                        .isAfter(Instant.parse(older.path("timestamp").asText()))) {
            violations.add(account + "'s history does not chain: " + older + " then " + newer);
        }
    }

    private void recheckPastBalance(Random random) throws IOException, InterruptedException, UnexpectedAnswer {
        List<PastBalance> known = samples();
        if (!known.isEmpty()) {
            recheck(known.get(random.nextInt(known.size())));
            pastBalancesRechecked.incrementAndGet();
        }
    }

    private void recheck(PastBalance sample) throws IOException, InterruptedException, UnexpectedAnswer {
        JsonNode body = get("/accounts/" + sample.account() + "/balance-at?timestamp="
                + URLEncoder.encode(sample.at(), StandardCharsets.UTF_8));
        if (new BigDecimal(body.path("balance").asText()).compareTo(new BigDecimal(sample.balance())) != 0
                || body.path("version").asLong() != sample.version()) {
            violations.add("balance-at " + sample.at() + " of " + sample.account() + " answered " + body
                    + " where the history showed " + sample.balance() + " at version " + sample.version());
        }
    }

    private void checkGlobalLog(Random random) throws IOException, InterruptedException, UnexpectedAnswer {
        JsonNode events = get("/events?after=" + random.nextInt(1_000) * (1 + random.nextInt(20)) + "&limit=50")
                .path("events");
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).path("position").asLong() <= events.get(i - 1).path("position").asLong()) {
                violations.add("the global log goes from position " + events.get(i - 1).path("position")
                        + " to " + events.get(i).path("position"));
            }
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException, UnexpectedAnswer {
        reads.incrementAndGet();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(query + path))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500 && response.statusCode() != 503) {
            violations.add("HTTP " + response.statusCode() + " from the Query API " + path + ": " + response.body());
        }
        if (response.statusCode() != 200) {
            throw new UnexpectedAnswer(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A read answered with something other than 200: counted as failed, unless a 5xx other than 503. */
    private static final class UnexpectedAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        UnexpectedAnswer(String answer) {
            super(answer);
        }
    }
}
