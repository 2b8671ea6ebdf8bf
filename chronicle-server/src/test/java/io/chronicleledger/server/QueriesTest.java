package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.server.RunningServer.Response;
import io.chronicleledger.testkit.EventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.chronicleledger.server.ApiAssertions.assertError;
import static io.chronicleledger.server.ApiAssertions.assertInstant;
import static io.chronicleledger.server.ApiAssertions.assertUuid;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The Query API")
class QueriesTest {

    private static RunningServer server;

    /** An account with a known history: opened with 100.00, +50 Salary, -20 ATM, -30 Rent to {@link #payee}. */
    private static String history;
    private static String payee;
    private static String transferId;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start();
        history = server.createAccount("QH", "100.00");
        payee = server.createAccount("QP", "0");
        assertThat(server.post("/commands/deposit", "{\"account_id\":\"" + history
                + "\",\"amount\":50,\"description\":\"Salary\"}").status()).isEqualTo(200);
        assertThat(server.post("/commands/withdraw", "{\"account_id\":\"" + history
                + "\",\"amount\":\"20\",\"description\":\"ATM\"}").status()).isEqualTo(200);
        Response transfer = server.post("/commands/transfer", "{\"from_account_id\":\"" + history
                + "\",\"to_account_id\":\"" + payee + "\",\"amount\":30,\"description\":\"Rent\"}");
        assertThat(transfer.status()).isEqualTo(200);
        transferId = transfer.json().path("transfer_id").asText();
        server.awaitAccountVersion(history, 4);
        server.awaitAccountVersion(payee, 2);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Nested
    @DisplayName("GET /accounts/{id}")
    class Account {

        @Test
        @DisplayName("shows the balance as a string with the currency's minor units, and the account's metadata")
        void shape() {
            String id = server.createAccount("QA", "1300");
            JsonNode account = server.awaitAccountVersion(id, 1);
            assertThat(account.path("account_id").asText()).isEqualTo(id);
            assertThat(account.path("owner_name").asText()).isEqualTo("Owner of " + id);
            assertThat(account.path("balance").isTextual()).isTrue();
            assertThat(account.path("balance").asText()).isEqualTo("1300.00");
            assertThat(account.path("currency").asText()).isEqualTo("USD");
            assertThat(account.path("status").asText()).isEqualTo("active");
            assertThat(account.path("version").isIntegralNumber()).isTrue();
            assertThat(account.path("version").asLong()).isEqualTo(1);
            Instant created = assertInstant(account.path("created_at"), "created_at");
            Instant updated = assertInstant(account.path("last_updated"), "last_updated");
            assertThat(updated).isEqualTo(created);
            assertThat(created).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
            assertThat(account.has("success")).isFalse();
        }

        @Test
        @DisplayName("moves last_updated and version with each change, not created_at")
        void changes() {
            String id = server.createAccount("QA", "1");
            JsonNode before = server.awaitAccountVersion(id, 1);
            server.deposit(id, "2.5");
            JsonNode after = server.awaitAccountVersion(id, 2);
            assertThat(after.path("balance").asText()).isEqualTo("3.50");
            assertThat(after.path("created_at").asText()).isEqualTo(before.path("created_at").asText());
            assertThat(Instant.parse(after.path("last_updated").asText()))
                    .isAfterOrEqualTo(Instant.parse(before.path("last_updated").asText()));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"JPY:5000:5000", "BHD:1.5:1.500", "EUR:0:0.00", "KWD:0.001:0.001",
                "USD:9999999999999999.99:9999999999999999.99"})
        @DisplayName("shows balances with exactly the currency's minor units")
        void minorUnits(String spec) {
            String[] parts = spec.split(":");
            String id = server.createAccount("QM", parts[1], parts[0]);
            JsonNode account = server.awaitAccountVersion(id, 1);
            assertThat(account.path("balance").asText()).isEqualTo(parts[2]);
            assertThat(account.path("currency").asText()).isEqualTo(parts[0]);
        }

        @Test
        @DisplayName("with min_position answers after the read model has applied the command at that position")
        void readYourWrites() {
            String id = server.createAccount("QR", "10");
            for (int i = 1; i <= 5; i++) {
                long position = server.deposit(id, "1").json().path("position").asLong();
                JsonNode account = server.get("/accounts/" + id + "?min_position=" + position).json();
                assertThat(account.path("version").asLong()).isEqualTo(1 + i);
                assertThat(account.path("balance").asText()).isEqualTo((10 + i) + ".00");
            }
        }

        @Test
        @DisplayName("refuses a min_position that is no position")
        void badMinPosition() {
            assertError(server.get("/accounts/" + history + "?min_position=-1"), 400, "INVALID_PARAMETER",
                    "min_position");
            assertError(server.get("/accounts/" + history + "?min_position=x"), 400, "INVALID_PARAMETER",
                    "min_position");
        }
    }

    @Nested
    @DisplayName("GET /accounts")
    class Accounts {

        @Test
        @DisplayName("pages through the accounts by id with after, limit, has_more and next_after")
        void paging() {
            String prefix = RunningServer.newId("QL");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = prefix + "-" + i;
                assertThat(server.post("/commands/create-account", "{\"account_id\":\"" + id
                        + "\",\"owner_name\":\"Pager\",\"initial_balance\":" + i + "}").status()).isEqualTo(201);
                ids.add(id);
            }
            ids.forEach(id -> server.awaitAccountVersion(id, 1));

            List<String> seen = new ArrayList<>();
            String after = prefix;
            int pages = 0;
            while (true) {
                JsonNode page = server.get("/accounts?limit=2&after=" + after).json();
                pages++;
                List<JsonNode> accounts = list(page.path("accounts"));
                assertThat(accounts).hasSizeLessThanOrEqualTo(2);
                List<String> mine = accounts.stream().map(a -> a.path("account_id").asText())
                        .filter(id -> id.startsWith(prefix)).toList();
                seen.addAll(mine);
                if (mine.size() < accounts.size() || !page.path("has_more").asBoolean()) {
                    break;
                }
                assertThat(page.path("next_after").asText()).isEqualTo(mine.get(mine.size() - 1));
                after = page.path("next_after").asText();
            }
            assertThat(seen).containsExactlyElementsOf(ids);
            assertThat(pages).isGreaterThanOrEqualTo(3);
        }

        @Test
        @DisplayName("lists accounts in id order with their full shape, 50 by default")
        void orderAndShape() {
            JsonNode page = server.get("/accounts").json();
            List<JsonNode> accounts = list(page.path("accounts"));
            assertThat(accounts).isNotEmpty().hasSizeLessThanOrEqualTo(50);
            List<String> ids = accounts.stream().map(a -> a.path("account_id").asText()).toList();
            assertThat(ids).isSorted();
            assertThat(page.path("has_more").isBoolean()).isTrue();
            JsonNode first = accounts.get(0);
            assertThat(first.fieldNames()).toIterable().contains("account_id", "owner_name", "balance", "currency",
                    "status", "version", "created_at", "last_updated");
        }

        @Test
        @DisplayName("answers an empty last page without next_after")
        void emptyPage() {
            JsonNode page = server.get("/accounts?after=zzzzzzzzzzzzzzzzzzzzzzzzzzzzz").json();
            assertThat(page.path("accounts")).isEmpty();
            assertThat(page.path("has_more").asBoolean()).isFalse();
            assertThat(page.has("next_after")).isFalse();
        }
    }

    @Nested
    @DisplayName("GET /accounts/{id}/transactions")
    class Transactions {

        @Test
        @DisplayName("lists the history newest first, with type, amount, balance_after, description and time")
        void newestFirst() {
            JsonNode body = server.get("/accounts/" + history + "/transactions").json();
            assertThat(body.path("account_id").asText()).isEqualTo(history);
            assertThat(body.path("has_more").asBoolean()).isFalse();
            List<JsonNode> entries = list(body.path("transactions"));
            assertThat(entries).extracting(e -> e.path("type").asText())
                    .containsExactly("transfer_out", "withdrawal", "deposit", "opening");
            assertThat(entries).extracting(e -> e.path("version").asLong()).containsExactly(4L, 3L, 2L, 1L);
            assertThat(entries).extracting(e -> e.path("amount").asText())
                    .containsExactly("30.00", "20.00", "50.00", "100.00");
            assertThat(entries).extracting(e -> e.path("balance_after").asText())
                    .containsExactly("100.00", "130.00", "150.00", "100.00");
            assertThat(entries).extracting(e -> e.path("description").asText())
                    .containsExactly("Rent", "ATM", "Salary", "");
            Instant later = Instant.MAX;
            for (JsonNode entry : entries) {
                assertUuid(entry.path("transaction_id"), "transaction_id");
                assertThat(entry.path("account_id").asText()).isEqualTo(history);
                assertThat(entry.path("currency").asText()).isEqualTo("USD");
                Instant time = assertInstant(entry.path("timestamp"), "timestamp");
                assertThat(time).isBeforeOrEqualTo(later);
                later = time;
            }
            assertThat(entries.get(0).path("transfer_id").asText()).isEqualTo(transferId);
            assertThat(entries.subList(1, 4)).allSatisfy(e -> assertThat(e.has("transfer_id")).isFalse());
        }

        @Test
        @DisplayName("shows the payee's side of a transfer with the same transfer_id, and no opening entry for 0")
        void payeeSide() {
            List<JsonNode> entries = list(server.get("/accounts/" + payee + "/transactions").json()
                    .path("transactions"));
            assertThat(entries).hasSize(1);
            JsonNode in = entries.get(0);
            assertThat(in.path("type").asText()).isEqualTo("transfer_in");
            assertThat(in.path("amount").asText()).isEqualTo("30.00");
            assertThat(in.path("balance_after").asText()).isEqualTo("30.00");
            assertThat(in.path("description").asText()).isEqualTo("Rent");
            assertThat(in.path("transfer_id").asText()).isEqualTo(transferId);
            assertThat(in.path("version").asLong()).isEqualTo(2);
        }

        @Test
        @DisplayName("pages with before, limit, has_more and next_before")
        void keysetPaging() {
            JsonNode first = server.get("/accounts/" + history + "/transactions?limit=3").json();
            assertThat(list(first.path("transactions"))).extracting(e -> e.path("version").asLong())
                    .containsExactly(4L, 3L, 2L);
            assertThat(first.path("has_more").asBoolean()).isTrue();
            assertThat(first.path("next_before").asLong()).isEqualTo(2);

            JsonNode second = server.get("/accounts/" + history + "/transactions?limit=3&before="
                    + first.path("next_before").asLong()).json();
            assertThat(list(second.path("transactions"))).extracting(e -> e.path("version").asLong())
                    .containsExactly(1L);
            assertThat(second.path("has_more").asBoolean()).isFalse();

            JsonNode exact = server.get("/accounts/" + history + "/transactions?limit=4").json();
            assertThat(exact.path("transactions")).hasSize(4);
            assertThat(exact.path("has_more").asBoolean()).isFalse();

            JsonNode none = server.get("/accounts/" + history + "/transactions?before=1").json();
            assertThat(none.path("transactions")).isEmpty();
            assertThat(none.has("next_before")).isFalse();
        }

        @Test
        @DisplayName("keeps an owner name and descriptions that hold SQL and JSON as text, read back unchanged")
        void sqlAndJsonAsText() throws Exception {
            String owner = "Robert'); DROP TABLE events; --";
            String description = "'; DELETE FROM account_balance; -- {\"x\": [1]} \\ \u00e9 $1 ? %s";
            String id = RunningServer.newId("QSQL");
            ObjectMapper json = new ObjectMapper();
            assertThat(server.post("/commands/create-account", json.writeValueAsString(Map.of("account_id", id,
                    "owner_name", owner, "initial_balance", "10.00"))).status()).isEqualTo(201);
            assertThat(server.post("/commands/deposit", json.writeValueAsString(Map.of("account_id", id,
                    "amount", "1.00", "description", description))).status()).isEqualTo(200);
            server.awaitAccountVersion(id, 2);

            assertThat(server.get("/accounts/" + id).json().path("owner_name").asText()).isEqualTo(owner);
            assertThat(server.get("/accounts/" + id + "/transactions").json().path("transactions").get(0)
                    .path("description").asText()).isEqualTo(description);
            assertThat(server.get("/events?account_id=" + id).json().path("events").get(1).path("event_data")
                    .path("description").asText()).isEqualTo(description);
            assertThat(server.get("/accounts/" + history).json().path("balance").asText()).isEqualTo("100.00");
        }

        @Test
        @DisplayName("an account opened with nothing has an empty history")
        void emptyHistory() {
            String id = server.createAccount("QE", "0.00");
            server.awaitAccountVersion(id, 1);
            JsonNode body = server.get("/accounts/" + id + "/transactions").json();
            assertThat(body.path("transactions")).isEmpty();
            assertThat(body.path("has_more").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("GET /transfers/{id}")
    class Transfers {

        @Test
        @DisplayName("shows a completed transfer with both accounts, amount, currency and description")
        void shape() {
            JsonNode transfer = server.awaitGet("/transfers/" + transferId,
                    r -> r.status() == 200 && "completed".equals(r.json().path("status").asText()), "the transfer")
                    .json();
            assertThat(transfer.path("transfer_id").asText()).isEqualTo(transferId);
            assertThat(transfer.path("from_account_id").asText()).isEqualTo(history);
            assertThat(transfer.path("to_account_id").asText()).isEqualTo(payee);
            assertThat(transfer.path("amount").asText()).isEqualTo("30.00");
            assertThat(transfer.path("currency").asText()).isEqualTo("USD");
            assertThat(transfer.path("description").asText()).isEqualTo("Rent");
            assertInstant(transfer.path("created_at"), "created_at");
        }

        @Test
        @DisplayName("accepts the transfer id in upper case")
        void upperCaseId() {
            Response response = server.get("/transfers/" + transferId.toUpperCase(Locale.ROOT));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("transfer_id").asText()).isEqualTo(transferId);
        }

        @Test
        @DisplayName("refuses an id that is no UUID with 400 and an unknown one with 404")
        void badIds() {
            assertError(server.get("/transfers/not-a-uuid"), 400, "INVALID_TRANSFER_ID", "id");
            assertError(server.get("/transfers/12345"), 400, "INVALID_TRANSFER_ID", "id");
            assertError(server.get("/transfers/" + UUID.randomUUID()), 404, "TRANSFER_NOT_FOUND", "id");
        }

        @Test
        @DisplayName("does not take an event id for a transfer id")
        void eventIdIsNoTransferId() {
            String eventId = server.get("/events?account_id=" + history + "&type=TransferSent").json()
                    .path("events").get(0).path("event_id").asText();
            assertError(server.get("/transfers/" + eventId), 404, "TRANSFER_NOT_FOUND", "id");
        }
    }

    @Nested
    @DisplayName("GET /events")
    class Events {

        @Test
        @DisplayName("lists an account's events in global order with every field")
        void shape() {
            JsonNode body = server.get("/events?account_id=" + history).json();
            List<JsonNode> events = list(body.path("events"));
            assertThat(events).extracting(e -> e.path("event_type").asText())
                    .containsExactly("AccountCreated", "MoneyDeposited", "MoneyWithdrawn", "TransferSent");
            assertThat(events).extracting(e -> e.path("stream_version").asLong()).containsExactly(1L, 2L, 3L, 4L);
            long position = 0;
            for (JsonNode event : events) {
                assertThat(event.path("position").asLong()).isGreaterThan(position);
                position = event.path("position").asLong();
                assertUuid(event.path("event_id"), "event_id");
                assertThat(event.path("aggregate_id").asText()).isEqualTo(history);
                assertThat(event.path("aggregate_type").asText()).isEqualTo("Account");
                assertThat(event.path("event_version").asInt()).isEqualTo(1);
                assertThat(event.path("event_data").isObject()).as("event_data is an object: %s", event).isTrue();
                assertThat(event.path("metadata").isObject()).as("metadata is an object: %s", event).isTrue();
                assertUuid(event.path("metadata").path("correlation_id"), "correlation_id");
                assertInstant(event.path("created_at"), "created_at");
            }
            assertThat(body.path("next_after").asLong()).isEqualTo(position);
            assertThat(body.path("has_more").asBoolean()).isFalse();

            JsonNode created = events.get(0).path("event_data");
            assertThat(created.path("account_id").asText()).isEqualTo(history);
            assertThat(created.path("owner_name").asText()).isEqualTo("Owner of " + history);
            assertThat(created.path("currency").asText()).isEqualTo("USD");
            assertThat(created.path("initial_balance").asText()).isEqualTo("100.00");
            assertThat(events.get(1).path("event_data").path("amount").asText()).isEqualTo("50.00");
            assertThat(events.get(1).path("event_data").path("description").asText()).isEqualTo("Salary");
            assertThat(events.get(3).path("event_data").path("transfer_id").asText()).isEqualTo(transferId);
        }

        @Test
        @DisplayName("lists every event of the store, page by page, in strictly increasing global positions")
        void globalOrder() {
            server.awaitCaughtUp();
            List<Long> stored = new ArrayList<>();
            EventLog.forEach(server.store(), event -> stored.add(event.position()));
            List<JsonNode> events = new ArrayList<>();
            long after = 0;
            JsonNode page;
            do {
                page = server.get("/events?limit=7&after=" + after).json();
                events.addAll(list(page.path("events")));
                if (page.has("next_after")) {
                    after = page.path("next_after").asLong();
                }
            } while (page.path("has_more").asBoolean());
            assertThat(events).extracting(e -> e.path("position").asLong())
                    .containsExactlyElementsOf(stored).doesNotHaveDuplicates().isSorted()
                    .last().isEqualTo(server.headPosition());
            assertThat(events.stream().map(e -> e.path("event_id").asText()).collect(Collectors.toSet()))
                    .hasSize(events.size());
        }

        @Test
        @DisplayName("pages an account's events with limit and next_after")
        void keysetPaging() {
            List<String> types = new ArrayList<>();
            String after = "0";
            int pages = 0;
            while (true) {
                JsonNode page = server.get("/events?account_id=" + history + "&limit=1&after=" + after).json();
                pages++;
                list(page.path("events")).forEach(e -> types.add(e.path("event_type").asText()));
                if (!page.path("has_more").asBoolean()) {
                    break;
                }
                after = page.path("next_after").asText();
            }
            assertThat(types).containsExactly("AccountCreated", "MoneyDeposited", "MoneyWithdrawn", "TransferSent");
            assertThat(pages).isEqualTo(4);
        }

        @Test
        @DisplayName("filters by event type, one or several, alone or with the account")
        void typeFilter() {
            server.awaitCaughtUp();
            List<JsonNode> transfers = list(server.get("/events?type=TransferSent,TransferReceived&limit=1000")
                    .json().path("events"));
            assertThat(transfers).isNotEmpty();
            assertThat(transfers).extracting(e -> e.path("event_type").asText())
                    .allMatch(t -> t.equals("TransferSent") || t.equals("TransferReceived"));

            List<JsonNode> mine = list(server.get("/events?account_id=" + history
                    + "&type=MoneyDeposited,%20MoneyWithdrawn").json().path("events"));
            assertThat(mine).extracting(e -> e.path("event_type").asText())
                    .containsExactly("MoneyDeposited", "MoneyWithdrawn");

            assertThat(server.get("/events?type=NoSuchEvent").json().path("events")).isEmpty();
        }

        @Test
        @DisplayName("shows both legs of a transfer next to each other, with one correlation id")
        void transferLegs() {
            List<JsonNode> legs = list(server.get("/events?type=TransferSent,TransferReceived&limit=1000").json()
                    .path("events")).stream()
                    .filter(e -> e.path("event_data").path("transfer_id").asText().equals(transferId)).toList();
            assertThat(legs).hasSize(2);
            assertThat(legs.get(1).path("position").asLong()).isEqualTo(legs.get(0).path("position").asLong() + 1);
            assertThat(legs.get(0).path("metadata").path("correlation_id").asText())
                    .isEqualTo(legs.get(1).path("metadata").path("correlation_id").asText());
            assertThat(legs).extracting(e -> e.path("aggregate_id").asText()).containsExactly(history, payee);
        }

        @Test
        @DisplayName("an unknown account has no events")
        void unknownAccount() {
            JsonNode body = server.get("/events?account_id=" + RunningServer.newId("NOPE")).json();
            assertThat(body.path("events")).isEmpty();
            assertThat(body.path("has_more").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("GET /accounts/{id}/balance-at (time travel)")
    class TimeTravel {

        private List<JsonNode> events(String id) {
            return list(server.get("/events?account_id=" + id).json().path("events"));
        }

        private Response at(String id, Instant time) {
            return server.get("/accounts/" + id + "/balance-at?timestamp=" + time);
        }

        @Test
        @DisplayName("answers the balance at each event's created_at, inclusive")
        void atEachEvent() {
            List<JsonNode> events = events(history);
            List<String> balances = List.of("100.00", "150.00", "130.00", "100.00");
            assertThat(events).hasSize(balances.size());
            for (int i = 0; i < events.size(); i++) {
                Instant createdAt = Instant.parse(events.get(i).path("created_at").asText());
                int last = i;
                while (last + 1 < events.size()
                        && !Instant.parse(events.get(last + 1).path("created_at").asText()).isAfter(createdAt)) {
                    last++; // a later event at the same instant counts too
                }
                Response response = at(history, createdAt);
                assertThat(response.status()).as("%s", response).isEqualTo(200);
                JsonNode body = response.json();
                assertThat(body.path("account_id").asText()).isEqualTo(history);
                assertThat(body.path("balance").asText()).as("balance at event %d", i + 1)
                        .isEqualTo(balances.get(last));
                assertThat(body.path("currency").asText()).isEqualTo("USD");
                assertThat(Instant.parse(body.path("at").asText())).isEqualTo(createdAt);
                assertThat(body.path("version").asLong()).isEqualTo(last + 1);
            }
        }

        @Test
        @DisplayName("answers the balance just before an event without it")
        void justBefore() {
            List<JsonNode> events = events(history);
            Instant deposit = Instant.parse(events.get(1).path("created_at").asText());
            Instant created = Instant.parse(events.get(0).path("created_at").asText());
            if (deposit.isAfter(created)) {
                JsonNode body = at(history, deposit.minusNanos(1)).json();
                assertThat(body.path("balance").asText()).isEqualTo("100.00");
                assertThat(body.path("version").asLong()).isEqualTo(1);
            }
        }

        @Test
        @DisplayName("takes timestamps with any offset")
        void offsets() {
            Instant createdAt = Instant.parse(events(history).get(0).path("created_at").asText());
            String plusTwo = createdAt.atOffset(ZoneOffset.ofHours(2)).toString();
            Response response = server.get("/accounts/" + history + "/balance-at?timestamp="
                    + RunningServer.encode(plusTwo));
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(Instant.parse(response.json().path("at").asText())).isEqualTo(createdAt);
            assertThat(response.json().path("version").asLong()).isGreaterThanOrEqualTo(1);

            Response later = server.get("/accounts/" + history + "/balance-at?timestamp="
                    + RunningServer.encode("2999-01-01T00:00:00-05:00"));
            assertThat(later.json().path("balance").asText()).isEqualTo("100.00");
            assertThat(later.json().path("version").asLong()).isEqualTo(4);
        }

        @Test
        @DisplayName("answers the balance after version N")
        void atVersion() {
            List<String> expected = List.of("100.00", "150.00", "130.00", "100.00");
            List<JsonNode> events = events(history);
            for (int version = 1; version <= 4; version++) {
                Response response = server.get("/accounts/" + history + "/balance-at?version=" + version);
                assertThat(response.status()).as("%s", response).isEqualTo(200);
                assertThat(response.json().path("balance").asText()).isEqualTo(expected.get(version - 1));
                assertThat(response.json().path("version").asLong()).isEqualTo(version);
                assertThat(response.json().path("at").asText())
                        .isEqualTo(events.get(version - 1).path("created_at").asText());
            }
        }

        @Test
        @DisplayName("a moment before the account was created is 404 ACCOUNT_NOT_YET_CREATED")
        void beforeCreation() {
            Instant createdAt = Instant.parse(events(history).get(0).path("created_at").asText());
            assertError(at(history, createdAt.minusNanos(1)), 404, "ACCOUNT_NOT_YET_CREATED", "timestamp");
            assertError(at(history, Instant.parse("2000-01-01T00:00:00Z")), 404, "ACCOUNT_NOT_YET_CREATED",
                    "timestamp");
        }

        @Test
        @DisplayName("an unknown account is 404 ACCOUNT_NOT_FOUND, by timestamp and by version")
        void unknownAccount() {
            String unknown = RunningServer.newId("NOPE");
            assertError(at(unknown, Instant.now()), 404, "ACCOUNT_NOT_FOUND", "id");
            assertError(server.get("/accounts/" + unknown + "/balance-at?version=1"), 404, "ACCOUNT_NOT_FOUND", "id");
        }

        @Test
        @DisplayName("a version beyond the account's is 404 VERSION_NOT_REACHED")
        void beyondVersion() {
            assertError(server.get("/accounts/" + history + "/balance-at?version=5"), 404, "VERSION_NOT_REACHED",
                    "version");
            assertError(server.get("/accounts/" + history + "/balance-at?version=9223372036854775807"), 404,
                    "VERSION_NOT_REACHED", "version");
        }

        @ParameterizedTest(name = "?{0}")
        @ValueSource(strings = {"", "timestamp=2026-01-01T00:00:00Z&version=1"})
        @DisplayName("both or neither of timestamp and version is 400")
        void bothOrNeither(String query) {
            Response response = server.get("/accounts/" + history + "/balance-at?" + query);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("INVALID_PARAMETER");
            assertThat(response.errorField()).isIn("timestamp", "version");
        }

        @ParameterizedTest(name = "timestamp={0}")
        @ValueSource(strings = {"2026-01-01T10:00:00", "2026-01-01", "yesterday", "1767261600", "",
                "2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01T10:00:00+25:00"})
        @DisplayName("a timestamp that is not ISO-8601 with an offset is 400")
        void badTimestamp(String timestamp) {
            assertError(server.get("/accounts/" + history + "/balance-at?timestamp="
                    + RunningServer.encode(timestamp)), 400, "INVALID_PARAMETER", "timestamp");
        }

        @ParameterizedTest(name = "version={0}")
        @ValueSource(strings = {"0", "-1", "x", "1.5", "99999999999999999999"})
        @DisplayName("a version that is not 1 or more is 400")
        void badVersion(String version) {
            assertError(server.get("/accounts/" + history + "/balance-at?version=" + version), 400,
                    "INVALID_PARAMETER", "version");
        }

        @Test
        @DisplayName("an invalid account id is 400")
        void badId() {
            assertError(server.get("/accounts/bad%20id/balance-at?version=1"), 400, "INVALID_ACCOUNT_ID", "id");
        }

        @Test
        @DisplayName("answers from the event store, so a command is visible at once")
        void fromTheStore() {
            String id = server.createAccount("QT", "1");
            server.deposit(id, "1");
            JsonNode body = server.get("/accounts/" + id + "/balance-at?version=2").json();
            assertThat(body.path("balance").asText()).isEqualTo("2.00");
            JsonNode now = server.get("/accounts/" + id + "/balance-at?timestamp="
                    + RunningServer.encode(Instant.now().plusSeconds(1).toString())).json();
            assertThat(now.path("balance").asText()).isEqualTo("2.00");
        }
    }

    @Nested
    @DisplayName("GET /health")
    class Health {

        @ParameterizedTest(name = "on the {0} port")
        @ValueSource(strings = {"ledger", "query"})
        @DisplayName("answers 200 UP with the store's head, the bus and the projection's lag")
        void shape(String which) {
            server.awaitCaughtUp();
            int port = which.equals("ledger") ? server.ledgerPort() : server.queryPort();
            Response response = server.send(port, "GET", "/health", null, null, Map.of());
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.path("store").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("store").path("head_position").asLong()).isEqualTo(server.headPosition());
            assertThat(body.path("bus").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("projection").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("projection").path("lag").isIntegralNumber()).isTrue();
            assertThat(body.path("projection").path("lag").asLong()).isZero();
            assertThat(Set.of("store", "bus", "projection", "status")).isSubsetOf(
                    iterable(body.fieldNames()));
        }

        private Set<String> iterable(Iterator<String> names) {
            Set<String> set = new HashSet<>();
            names.forEachRemaining(set::add);
            return set;
        }
    }
}
