package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chronicleledger.server.RunningServer.Response;
import io.chronicleledger.testkit.LedgerInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.chronicleledger.server.ApiAssertions.assertUuid;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The Ledger API's commands")
class CommandsTest {

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stopServer() {
        try {
            server.awaitCaughtUp();
            LedgerInvariants.assertHold(server.store(), server.readModel());
        } finally {
            server.close();
        }
    }

    private static String createBody(String id, String owner, String initialBalanceJson, String currencyOrNull) {
        return "{\"account_id\":\"" + id + "\",\"owner_name\":\"" + owner + "\",\"initial_balance\":"
                + initialBalanceJson + (currencyOrNull == null ? "" : ",\"currency\":\"" + currencyOrNull + "\"")
                + "}";
    }

    private static void assertJsonContentType(Response response) {
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    /** Asserts {"success":true,"event_id":uuid,"position":n} and nothing of a transfer. */
    private static long assertEventAnswer(Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertJsonContentType(response);
        JsonNode body = response.json();
        assertThat(body.path("success").booleanValue()).isTrue();
        assertUuid(body.path("event_id"), "event_id");
        assertThat(body.path("position").isIntegralNumber()).as("position is a number: %s", body).isTrue();
        assertThat(body.path("position").asLong()).isPositive();
        assertThat(body.has("transfer_id")).isFalse();
        assertThat(body.has("events")).isFalse();
        assertThat(body.has("error")).isFalse();
        assertThat(response.header(IdempotencyTest.REPLAYED)).as("no replay header on a first request").isEmpty();
        return body.path("position").asLong();
    }

    @Nested
    @DisplayName("POST /commands/create-account")
    class CreateAccount {

        @Test
        @DisplayName("answers 201 with the event id and position, and the account appears in the read model")
        void createsAnAccount() {
            String id = RunningServer.newId("C");
            Response response = server.post("/commands/create-account", createBody(id, "John Doe", "1000", "USD"));

            long position = assertEventAnswer(response, 201);
            assertThat(server.headPosition()).isEqualTo(position);
            JsonNode account = server.awaitAccountVersion(id, 1);
            assertThat(account.path("account_id").asText()).isEqualTo(id);
            assertThat(account.path("owner_name").asText()).isEqualTo("John Doe");
            assertThat(account.path("balance").asText()).isEqualTo("1000.00");
            assertThat(account.path("currency").asText()).isEqualTo("USD");
            assertThat(account.path("status").asText()).isEqualTo("active");
            assertThat(account.path("version").asLong()).isEqualTo(1);
        }

        @Test
        @DisplayName("records the AccountCreated event the answer names")
        void recordsTheNamedEvent() {
            String id = RunningServer.newId("C");
            Response response = server.post("/commands/create-account", createBody(id, "Ann", "\"12.34\"", "EUR"));
            assertEventAnswer(response, 201);

            server.awaitAccountVersion(id, 1);
            JsonNode events = server.get("/events?account_id=" + id).json().path("events");
            assertThat(events).hasSize(1);
            JsonNode event = events.get(0);
            assertThat(event.path("event_id").asText()).isEqualTo(response.json().path("event_id").asText());
            assertThat(event.path("position").asLong()).isEqualTo(response.json().path("position").asLong());
            assertThat(event.path("event_type").asText()).isEqualTo("AccountCreated");
            assertThat(event.path("event_data").path("initial_balance").asText()).isEqualTo("12.34");
            assertThat(event.path("event_data").path("currency").asText()).isEqualTo("EUR");
        }

        @Test
        @DisplayName("defaults the currency to USD when none is given")
        void defaultsToUsd() {
            String id = RunningServer.newId("C");
            assertEventAnswer(server.post("/commands/create-account", createBody(id, "Nobody", "5", null)), 201);
            JsonNode account = server.awaitAccountVersion(id, 1);
            assertThat(account.path("currency").asText()).isEqualTo("USD");
            assertThat(account.path("balance").asText()).isEqualTo("5.00");
        }

        @Test
        @DisplayName("defaults the currency to USD when it is null")
        void nullCurrencyIsUsd() {
            String id = RunningServer.newId("C");
            assertEventAnswer(server.post("/commands/create-account", "{\"account_id\":\"" + id
                    + "\",\"owner_name\":\"N\",\"initial_balance\":1,\"currency\":null}"), 201);
            assertThat(server.awaitAccountVersion(id, 1).path("currency").asText()).isEqualTo("USD");
        }

        @ParameterizedTest(name = "initial balance {0} {1} is shown as {2}")
        @CsvSource(delimiter = '|', value = {
                "1000      | JPY | 1000",
                "\"1000\"  | JPY | 1000",
                "1000.0    | JPY | 1000",
                "0         | USD | 0.00",
                "0.5       | USD | 0.50",
                "\"0.50\"  | USD | 0.50",
                "1.5       | BHD | 1.500",
                "1.3e3     | EUR | 1300.00",
                "\"9999999999999999.99\" | USD | 9999999999999999.99",
                "9999999999999999.99     | USD | 9999999999999999.99",
        })
        @DisplayName("keeps the currency's minor units")
        void keepsMinorUnits(String initialBalanceJson, String currency, String shown) {
            String id = RunningServer.newId("C");
            assertEventAnswer(server.post("/commands/create-account",
                    createBody(id, "Minor Units", initialBalanceJson, currency)), 201);
            JsonNode account = server.awaitAccountVersion(id, 1);
            assertThat(account.path("balance").asText()).isEqualTo(shown);
            assertThat(account.path("currency").asText()).isEqualTo(currency);
        }

        @Test
        @DisplayName("accepts an id of 64 letters, digits, '_' and '-'")
        void acceptsTheLongestId() {
            String id = (RunningServer.newId("Long_id") + "-0123456789".repeat(6)).substring(0, 64);
            assertThat(id).hasSize(64);
            assertEventAnswer(server.post("/commands/create-account", createBody(id, "L", "1", "USD")), 201);
            assertThat(server.awaitAccountVersion(id, 1).path("account_id").asText()).isEqualTo(id);
        }

        @Test
        @DisplayName("trims the owner's name and keeps non-ASCII letters")
        void trimsAndKeepsUnicodeNames() {
            String id = RunningServer.newId("C");
            assertEventAnswer(server.post("/commands/create-account",
                    createBody(id, "  Zoë Ñandú 山田 😀  ", "1", "USD")), 201);
            assertThat(server.awaitAccountVersion(id, 1).path("owner_name").asText()).isEqualTo("Zoë Ñandú 山田 😀");
        }

        @Test
        @DisplayName("accepts a Content-Type with a charset parameter")
        void acceptsCharsetParameter() {
            String id = RunningServer.newId("C");
            Response response = server.send(server.ledgerPort(), "POST", "/commands/create-account",
                    createBody(id, "C", "1", "USD").getBytes(StandardCharsets.UTF_8),
                    "application/json; charset=utf-8", Map.of());
            assertEventAnswer(response, 201);
        }

        @Test
        @DisplayName("ignores unknown fields")
        void ignoresUnknownFields() {
            String id = RunningServer.newId("C");
            assertEventAnswer(server.post("/commands/create-account", "{\"account_id\":\"" + id
                    + "\",\"owner_name\":\"U\",\"initial_balance\":1,\"nickname\":\"x\"}"), 201);
        }
    }

    @Nested
    @DisplayName("POST /commands/deposit and /commands/withdraw")
    class DepositAndWithdraw {

        @Test
        @DisplayName("a deposit answers 200 with the event id and raises the balance")
        void deposits() {
            String id = server.createAccount("D", "100.00");
            Response response = server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":500,\"description\":\"Salary\"}");

            long position = assertEventAnswer(response, 200);
            assertThat(server.headPosition()).isGreaterThanOrEqualTo(position);
            JsonNode account = server.awaitAccountVersion(id, 2);
            assertThat(account.path("balance").asText()).isEqualTo("600.00");
            JsonNode latest = server.get("/accounts/" + id + "/transactions?limit=1").json().path("transactions").get(0);
            assertThat(latest.path("type").asText()).isEqualTo("deposit");
            assertThat(latest.path("amount").asText()).isEqualTo("500.00");
            assertThat(latest.path("description").asText()).isEqualTo("Salary");
            assertThat(latest.path("transaction_id").asText()).isEqualTo(response.json().path("event_id").asText());
        }

        @Test
        @DisplayName("a withdrawal answers 200 with the event id and lowers the balance, to zero if asked")
        void withdraws() {
            String id = server.createAccount("W", "100.00");
            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":\"40.25\",\"description\":\"ATM\"}"), 200);
            assertThat(server.awaitAccountVersion(id, 2).path("balance").asText()).isEqualTo("59.75");

            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":59.75}"), 200);
            assertThat(server.awaitAccountVersion(id, 3).path("balance").asText()).isEqualTo("0.00");
        }

        @ParameterizedTest(name = "amount {0} adds {1}")
        @CsvSource(delimiter = '|', value = {
                "\"100\"     | 100.00",
                "100         | 100.00",
                "100.5       | 100.50",
                "\"100.50\"  | 100.50",
                "100.500     | 100.50",
                "\"0.01\"    | 0.01",
                "1e2         | 100.00",
                "\"1.5E1\"   | 15.00",
        })
        @DisplayName("amounts are JSON numbers or decimal strings, read exactly")
        void amountForms(String amountJson, String added) {
            String id = server.createAccount("D", "0");
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":" + amountJson + "}"), 200);
            assertThat(server.awaitAccountVersion(id, 2).path("balance").asText()).isEqualTo(added);

            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":" + amountJson + "}"), 200);
            assertThat(server.awaitAccountVersion(id, 3).path("balance").asText()).isEqualTo("0.00");
        }

        @ParameterizedTest(name = "description {0}")
        @ValueSource(strings = {"", ",\"description\":null", ",\"description\":\"\""})
        @DisplayName("the description is optional and then empty")
        void descriptionIsOptional(String description) {
            String id = server.createAccount("D", "10");
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1" + description + "}"), 200);
            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":1" + description + "}"), 200);
            server.awaitAccountVersion(id, 3);
            JsonNode history = server.get("/accounts/" + id + "/transactions").json().path("transactions");
            assertThat(history.get(0).path("description").asText()).isEmpty();
            assertThat(history.get(1).path("description").asText()).isEmpty();
        }

        @Test
        @DisplayName("a description of exactly 500 characters, of any script, is kept as sent")
        void longestDescription() {
            String id = server.createAccount("D", "10");
            String description = "Ünïcødé ".repeat(62) + "日本語😀";
            assertThat(description.codePointCount(0, description.length())).isEqualTo(500);
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1,\"description\":\"" + description + "\"}"), 200);
            server.awaitAccountVersion(id, 2);
            assertThat(server.get("/accounts/" + id + "/transactions?limit=1").json().path("transactions").get(0)
                    .path("description").asText()).isEqualTo(description);
        }

        @Test
        @DisplayName("a currency equal to the account's is accepted")
        void matchingCurrency() {
            String id = server.createAccount("D", "10", "EUR");
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1,\"currency\":\"EUR\"}"), 200);
            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":2,\"currency\":\"EUR\"}"), 200);
            assertThat(server.awaitAccountVersion(id, 3).path("balance").asText()).isEqualTo("9.00");
        }

        @Test
        @DisplayName("a JPY account takes whole amounts and shows no decimals")
        void jpyAmounts() {
            String id = server.createAccount("J", "1000", "JPY");
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":500}"), 200);
            assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":\"250\",\"currency\":\"JPY\"}"), 200);
            assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1.000}"), 200);
            JsonNode account = server.awaitAccountVersion(id, 4);
            assertThat(account.path("balance").asText()).isEqualTo("1251");
            assertThat(account.path("currency").asText()).isEqualTo("JPY");
            JsonNode history = server.get("/accounts/" + id + "/transactions").json().path("transactions");
            assertThat(history.get(0).path("amount").asText()).isEqualTo("1");
            assertThat(history.get(1).path("amount").asText()).isEqualTo("250");
            assertThat(history.get(1).path("balance_after").asText()).isEqualTo("1250");
        }

        @Test
        @DisplayName("each accepted command moves the global position forward")
        void positionsGrow() {
            String id = server.createAccount("D", "10");
            long first = assertEventAnswer(server.post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1}"), 200);
            long second = assertEventAnswer(server.post("/commands/withdraw",
                    "{\"account_id\":\"" + id + "\",\"amount\":1}"), 200);
            assertThat(second).isGreaterThan(first);
        }
    }

    @Nested
    @DisplayName("POST /commands/transfer")
    class TransferMoney {

        @Test
        @DisplayName("answers 200 with the transfer id and both legs, which carry the same transfer_id")
        void transfers() {
            String from = server.createAccount("TF", "1000.00");
            String to = server.createAccount("TT", "0");
            Response response = server.post("/commands/transfer", "{\"from_account_id\":\"" + from
                    + "\",\"to_account_id\":\"" + to + "\",\"amount\":200,\"description\":\"Payment\"}");

            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertJsonContentType(response);
            JsonNode body = response.json();
            assertThat(body.path("success").booleanValue()).isTrue();
            assertUuid(body.path("transfer_id"), "transfer_id");
            assertThat(body.has("event_id")).isFalse();
            String transferId = body.path("transfer_id").asText();
            JsonNode events = body.path("events");
            assertThat(events.isArray()).isTrue();
            assertThat(events).hasSize(2);

            JsonNode sent = events.get(0);
            JsonNode received = events.get(1);
            assertThat(sent.path("event_type").asText()).isEqualTo("TransferSent");
            assertThat(sent.path("aggregate_id").asText()).isEqualTo(from);
            assertThat(sent.path("stream_version").asLong()).isEqualTo(2);
            assertThat(sent.path("event_data").path("transfer_id").asText()).isEqualTo(transferId);
            assertThat(sent.path("event_data").path("to_account_id").asText()).isEqualTo(to);
            assertThat(sent.path("event_data").path("amount").asText()).isEqualTo("200.00");
            assertThat(sent.path("event_data").path("description").asText()).isEqualTo("Payment");

            assertThat(received.path("event_type").asText()).isEqualTo("TransferReceived");
            assertThat(received.path("aggregate_id").asText()).isEqualTo(to);
            assertThat(received.path("stream_version").asLong()).isEqualTo(2);
            assertThat(received.path("event_data").path("transfer_id").asText()).isEqualTo(transferId);
            assertThat(received.path("event_data").path("from_account_id").asText()).isEqualTo(from);
            assertThat(received.path("event_data").path("amount").asText()).isEqualTo("200.00");

            for (JsonNode event : events) {
                assertUuid(event.path("event_id"), "event_id");
                assertThat(event.path("aggregate_type").asText()).isEqualTo("Account");
                ApiAssertions.assertInstant(event.path("created_at"), "created_at");
                assertThat(event.path("metadata").isObject()).isTrue();
            }
            assertThat(sent.path("event_id").asText()).isNotEqualTo(received.path("event_id").asText());
            assertThat(received.path("position").asLong()).isEqualTo(sent.path("position").asLong() + 1);
            assertThat(body.path("position").asLong()).isEqualTo(received.path("position").asLong());

            assertThat(server.awaitAccountVersion(from, 2).path("balance").asText()).isEqualTo("800.00");
            assertThat(server.awaitAccountVersion(to, 2).path("balance").asText()).isEqualTo("200.00");
        }

        @Test
        @DisplayName("moves the whole balance, and works both ways")
        void movesEverything() {
            String a = server.createAccount("TA", "10.00");
            String b = server.createAccount("TB", "0.00");
            server.transfer(a, b, "10");
            server.transfer(b, a, "4.5");
            assertThat(server.awaitAccountVersion(a, 3).path("balance").asText()).isEqualTo("4.50");
            assertThat(server.awaitAccountVersion(b, 3).path("balance").asText()).isEqualTo("5.50");
        }

        @Test
        @DisplayName("takes an optional currency equal to both accounts' and an optional description")
        void optionalFields() {
            String a = server.createAccount("TA", "1000", "JPY");
            String b = server.createAccount("TB", "0", "JPY");
            Response withCurrency = server.post("/commands/transfer", "{\"from_account_id\":\"" + a
                    + "\",\"to_account_id\":\"" + b + "\",\"amount\":\"300\",\"currency\":\"JPY\"}");
            assertThat(withCurrency.status()).as("%s", withCurrency).isEqualTo(200);
            assertThat(withCurrency.json().path("events").get(0).path("event_data").path("description").asText())
                    .isEmpty();
            assertThat(withCurrency.json().path("events").get(0).path("event_data").path("amount").asText())
                    .isEqualTo("300");
            assertThat(server.awaitAccountVersion(b, 2).path("balance").asText()).isEqualTo("300");
        }

        @Test
        @DisplayName("the transfer can be read back by its id")
        void readableById() {
            String a = server.createAccount("TA", "50");
            String b = server.createAccount("TB", "0");
            String transferId = server.transfer(a, b, "12.34").json().path("transfer_id").asText();
            JsonNode transfer = server.awaitGet("/transfers/" + transferId,
                    r -> r.status() == 200 && "completed".equals(r.json().path("status").asText()),
                    "transfer " + transferId).json();
            assertThat(transfer.path("from_account_id").asText()).isEqualTo(a);
            assertThat(transfer.path("to_account_id").asText()).isEqualTo(b);
            assertThat(transfer.path("amount").asText()).isEqualTo("12.34");
        }
    }
}
