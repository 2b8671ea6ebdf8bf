package io.chronicleledger.server.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.server.PackagedServer;
import io.chronicleledger.testkit.LedgerInvariants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank test, after Jepsen's bank workload and TigerBeetle's seeded simulations: accounts in two currencies,
 * client threads sending random transfers, deposits and withdrawals over HTTP with {@code Idempotency-Key} (and
 * retrying as a real client does), reader threads checking what the Query API shows, and two lanes of faults
 * drawn from the seed (see {@link Fault}) against the seed's processes on a three-node JetStream cluster. After
 * the load: the commands whose answer never came are sent once more with their key, and the whole system is
 * held against the clients' history ({@link StoreAudit}, {@link JetStreamAudit}, {@link LedgerInvariants},
 * the totals, and every {@code balance-at} answer read during the run). The short form runs in the build; see
 * {@link BankSettings} for the long form and for rerunning a seed.
 */
@Tag("bank")
@DisplayName("the bank under faults")
class BankIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(30);
    private static final Duration RESOLVE_PATIENCE = Duration.ofSeconds(60);
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    @Test
    @DisplayName("loses, creates and double-counts no money while processes crash, links fail and clocks step")
    void conservesMoneyUnderFaults() throws Exception {
        BankSettings settings = BankSettings.fromSystemProperties();
        say("seed " + settings.seed() + "; rerun this run's schedule and workload with " + settings.rerun());
        Violations violations = new Violations();
        try (BankCluster cluster = BankCluster.start();
             HikariDataSource storePool = cluster.storeDataSource();
             HikariDataSource readPool = cluster.readDataSource()) {
            EventStore store = cluster.store(storePool);
            List<String> ledgers = cluster.ledgers().stream().map(PackagedServer::ledgerUrl).toList();
            Set<String> setUpKeys = new HashSet<>();
            List<String> accounts = openAccounts(ledgers, settings, setUpKeys, violations);
            awaitVisible(cluster.query().queryUrl(), accounts);

            History history = new History();
            Readers readers = new Readers(cluster.query().queryUrl(), accounts, violations);
            StoreWatch watch = new StoreWatch(store, history, violations);
            FaultInjector injector = runLoad(cluster, settings, ledgers, history, readers, watch, violations);

            resolveIndeterminate(history, ledgers, violations);
            Map<BankCurrency, BigDecimal> expected = history.expectedTotals(settings.accountsPerCurrency());
            Map<String, AccountState> replayed = awaitConverged(store, cluster.readModel(readPool), violations);
            compareTotals("the store's replay", expected, totalsOf(replayed), violations);
            compareTotals("the Query API", expected, queryTotals(cluster.query().queryUrl()), violations);
            StoreAudit audit = StoreAudit.of(store);
            audit.check(history, setUpKeys, violations);
            readers.recheckAllPastBalances();
            long jetStreamMessages = JetStreamAudit.check(cluster.nats().url(), BankCluster.STREAM, audit.eventIds(),
                    violations);
            report(settings, history, injector, readers, watch, audit.events(), jetStreamMessages, expected,
                    violations);
        }
        assertThat(violations.count())
                .as("violations (rerun with " + settings.rerun() + "):\n  " + violations.describe())
                .isZero();
    }

    private static List<String> openAccounts(List<String> ledgers, BankSettings settings, Set<String> keys,
                                             Violations violations) throws InterruptedException {
        List<String> accounts = new ArrayList<>();
        BankClient client = new BankClient(ledgers, 0, violations, settings.seed());
        for (BankCurrency currency : BankCurrency.values()) {
            for (int i = 0; i < settings.accountsPerCurrency(); i++) {
                String account = currency.accountId(i);
                String key = "open-" + account;
                Outcome opened = client.send(new BankCommand.Open(key, currency, account), RESOLVE_PATIENCE);
                assertThat(opened).as("opening " + account).isInstanceOf(Outcome.Acked.class);
                keys.add(key);
                accounts.add(account);
            }
        }
        return accounts;
    }

    private static FaultInjector runLoad(BankCluster cluster, BankSettings settings, List<String> ledgers,
                                         History history, Readers readers, StoreWatch watch, Violations violations)
            throws Exception {
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        FaultInjector injector = new FaultInjector(cluster, violations, start);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                BankClient client = new BankClient(ledgers, c, violations, settings.seed() + c);
                Workload workload = new Workload(settings.seed() * 31 + c, settings.accountsPerCurrency());
                clients.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        BankCommand command = workload.next();
                        history.record(command, client.send(command, CLIENT_PATIENCE));
                    }
                    return null;
                }));
            }
            List<Future<?>> others = new ArrayList<>();
            for (int r = 0; r < settings.readers(); r++) {
                long seed = settings.seed() + 1_000 + r;
                others.add(threads.submit(() -> {
                    readers.run(seed);
                    return null;
                }));
            }
            others.add(threads.submit(() -> {
                watch.run();
                return null;
            }));
            for (Fault.Lane lane : Fault.Lane.values()) {
                FaultSchedule schedule = FaultSchedule.draw(lane, settings.seed(), settings.duration());
                others.add(threads.submit(() -> {
                    injector.run(schedule);
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(settings.duration().toSeconds() + CLIENT_PATIENCE.toSeconds() + 60, TimeUnit.SECONDS);
            }
            injector.stop();
            readers.stop();
            watch.stop();
            for (Future<?> other : others) {
                other.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        return injector;
    }

    /** Sends again, with its key, every command whose answer never came: as a client does once the system is back. */
    private static void resolveIndeterminate(History history, List<String> ledgers, Violations violations)
            throws InterruptedException {
        BankClient client = new BankClient(ledgers, 0, violations, 0);
        for (History.Entry entry : history.indeterminate()) {
            Outcome outcome = client.send(entry.command(), RESOLVE_PATIENCE);
            history.resolve(entry, outcome);
            if (outcome instanceof Outcome.Indeterminate unknown) {
                violations.add(entry.command() + " is still unanswered after the run: " + unknown.lastError());
            }
        }
        for (History.Entry entry : history.entries()) {
            if (entry.outcome() instanceof Outcome.Refused refused && !"INSUFFICIENT_FUNDS".equals(refused.code())) {
                violations.add(entry.command() + " was refused with " + refused.status() + " " + refused.code());
            }
        }
    }

    private static Map<String, AccountState> awaitConverged(EventStore store, LedgerQueries readModel,
                                                            Violations violations) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (true) {
            try {
                return LedgerInvariants.assertHold(store, readModel);
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    violations.add("the read model did not converge to the store in " + CONVERGENCE + ": "
                            + notYet.getMessage());
                    return LedgerInvariants.assertHold(store);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    private static Map<BankCurrency, BigDecimal> totalsOf(Map<String, AccountState> accounts) {
        Map<BankCurrency, BigDecimal> totals = new EnumMap<>(BankCurrency.class);
        accounts.values().forEach(state -> totals.merge(BankCurrency.valueOf(state.currency().getCurrencyCode()),
                state.balance().amount(), BigDecimal::add));
        return totals;
    }

    private static Map<BankCurrency, BigDecimal> queryTotals(String query) throws Exception {
        Map<BankCurrency, BigDecimal> totals = new EnumMap<>(BankCurrency.class);
        HttpClient http = HttpClient.newHttpClient();
        String after = "";
        boolean more = true;
        while (more) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(query + "/accounts?limit=100"
                    + (after.isEmpty() ? "" : "&after=" + after))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.path("accounts").forEach(account -> totals.merge(
                    BankCurrency.valueOf(account.path("currency").asText()),
                    new BigDecimal(account.path("balance").asText()), BigDecimal::add));
            more = body.path("has_more").asBoolean();
            after = body.path("next_after").asText();
        }
        return totals;
    }

    private static void compareTotals(String where, Map<BankCurrency, BigDecimal> expected,
                                      Map<BankCurrency, BigDecimal> actual, Violations violations) {
        expected.forEach((currency, total) -> {
            BigDecimal shown = actual.getOrDefault(currency, BigDecimal.ZERO);
            if (shown.compareTo(total) != 0) {
                violations.add(where + " holds " + shown.toPlainString() + " " + currency + " where the clients'"
                        + " acknowledged commands make " + total.toPlainString());
            }
        });
    }

    private static void awaitVisible(String query, List<String> accounts) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String account : accounts) {
            while (http.send(HttpRequest.newBuilder(URI.create(query + "/accounts/" + account)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                assertThat(System.nanoTime()).as("the read model shows " + account + " in time").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void report(BankSettings settings, History history, FaultInjector injector, Readers readers,
                               StoreWatch watch, long events, long jetStreamMessages, Map<BankCurrency, BigDecimal> totals,
                               Violations violations) {
        Map<Fault, Integer> faults = injector.injected();
        Map<String, Long> refusals = new TreeMap<>();
        history.entries().forEach(entry -> {
            if (entry.outcome() instanceof Outcome.Refused refused) {
                refusals.merge(refused.code(), 1L, Long::sum);
            }
        });
        say("load " + settings.duration() + ": " + settings.clients() + " clients, " + settings.readers()
                + " readers, " + settings.accountsPerCurrency() + " accounts in each of " + List.of(BankCurrency.values()));
        say("commands " + history.entries().size() + ": acknowledged " + history.count(Outcome.Acked.class)
                + ", refused " + refusals + ", answered after a retry " + history.retried() + ", unanswered "
                + history.count(Outcome.Indeterminate.class));
        List<Fault> missed = Arrays.stream(Fault.values()).filter(fault -> !faults.containsKey(fault)).toList();
        say("faults injected " + faults.values().stream().mapToInt(Integer::intValue).sum() + ": " + faults
                + (missed.isEmpty() ? "" : "; not reached in this run's time: " + missed));
        say("reads " + readers.reads() + " (failed " + readers.failedReads() + "), balance-at moments "
                + readers.samples().size() + ", asked again during the run " + readers.pastBalancesRechecked()
                + " and all again at the end");
        say("the whole store checked " + watch.rounds() + " times while the load ran (" + watch.failedRounds()
                + " rounds could not read it)");
        say("events in the store " + events + ", messages in JetStream " + jetStreamMessages);
        say("totals " + totals);
        say("violations " + violations.count());
    }

    private static void say(String line) {
        System.out.println("[bank] " + line);
    }
}
