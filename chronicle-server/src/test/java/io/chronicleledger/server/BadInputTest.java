package io.chronicleledger.server;

import io.chronicleledger.server.RunningServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.chronicleledger.server.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input is refused with the right status, code and field, and changes nothing: the store records no
 * event, and the read model shows the same accounts and audit log as before.
 */
@DisplayName("Bad input")
class BadInputTest {

    private static final String ID_65 = "A".repeat(65);

    private static RunningServer server;
    /** The accounts of the placeholders the cases use: $USD, $USD2, $JPY, $EUR, $FULL, $SCRATCH, $SCRATCH2. */
    private static final Map<String, String> ACCOUNTS = new LinkedHashMap<>();

    @BeforeAll
    static void startServer() {
        server = RunningServer.start();
        ACCOUNTS.put("$USD2", server.createAccount("BU2", "100.00"));
        ACCOUNTS.put("$USD", server.createAccount("BU", "100.00"));
        ACCOUNTS.put("$JPY", server.createAccount("BJ", "1000", "JPY"));
        ACCOUNTS.put("$EUR", server.createAccount("BE", "50.00", "EUR"));
        ACCOUNTS.put("$FULL", server.createAccount("BF", "9999999999999999.99"));
        // Accounts for the requests that a bug might let through, so that the other accounts stay as they are.
        ACCOUNTS.put("$SCRATCH2", server.createAccount("BS2", "100.00"));
        ACCOUNTS.put("$SCRATCH", server.createAccount("BS", "100.00"));
        ACCOUNTS.put("$UNKNOWN", RunningServer.newId("NOPE"));
        server.awaitCaughtUp();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Replaces the placeholders: the fixture accounts, and $NEW with an id no account has. */
    private static String fill(String template) {
        String filled = template;
        for (Map.Entry<String, String> account : ACCOUNTS.entrySet()) {
            filled = filled.replace(account.getKey(), account.getValue());
        }
        return filled.replace("$NEW", RunningServer.newId("NEW"));
    }

    /** What the client can see of the ledger: the store's head, the audit log and the fixture accounts. */
    private record Observed(long head, long healthHead, int events, Map<String, String> accounts) {

        static Observed now() {
            Map<String, String> accounts = new LinkedHashMap<>();
            ACCOUNTS.forEach((placeholder, id) -> {
                Response account = server.get("/accounts/" + id);
                accounts.put(placeholder, account.status() + " " + account.text());
            });
            Response events = server.get("/events?limit=1000");
            assertThat(events.json().path("has_more").asBoolean()).isFalse();
            return new Observed(server.headPosition(),
                    server.get("/health").json().path("store").path("head_position").asLong(),
                    events.json().path("events").size(), accounts);
        }
    }

    /** Sends a request that must be refused, and asserts that it changed nothing. */
    private static Response refused(Supplier<Response> send) {
        server.awaitCaughtUp();
        Observed before = Observed.now();
        Response response = send.get();
        assertThat(Observed.now()).as("the store, the audit log and the accounts must be as before the refused"
                + " request, but it was answered %s", response).isEqualTo(before);
        return response;
    }

    private static Response refusedPost(String path, String template) {
        String body = fill(template);
        return refused(() -> server.post(path, body));
    }

    /**
     * A bad request and how it must be refused.
     *
     * @param name   what is wrong
     * @param body   the body, with placeholders
     * @param status the expected status
     * @param code   the expected error code
     * @param field  the expected field, or {@code null}
     */
    record Bad(String name, String body, int status, String code, String field) {
        @Override
        public String toString() {
            return name + " -> " + status + " " + code + (field == null ? "" : " on " + field);
        }
    }

    private static Bad bad(String name, String body, String code, String field) {
        return new Bad(name, body, 400, code, field);
    }

    private static void check(String path, Bad bad) {
        assertError(refusedPost(path, bad.body()), bad.status(), bad.code(), bad.field());
    }

    // ---- case lists shared by the commands ----

    /** Bodies that are no single JSON object; {@code valid} is a body the endpoint would accept. */
    private static List<Bad> malformed(String valid) {
        String inner = valid.substring(1, valid.length() - 1);
        String firstPair = inner.substring(0, inner.indexOf(','));
        return List.of(
                bad("not JSON at all", "hello", "MALFORMED_JSON", null),
                bad("a truncated object", valid.substring(0, valid.length() - 3), "MALFORMED_JSON", null),
                bad("an empty body", "", "MALFORMED_JSON", null),
                bad("only whitespace", "  \n ", "MALFORMED_JSON", null),
                bad("a JSON array of the object", "[" + valid + "]", "MALFORMED_JSON", null),
                bad("an empty JSON array", "[]", "MALFORMED_JSON", null),
                bad("a JSON string", "\"" + valid.replace("\"", "\\\"") + "\"", "MALFORMED_JSON", null),
                bad("a JSON number", "42", "MALFORMED_JSON", null),
                bad("JSON null", "null", "MALFORMED_JSON", null),
                bad("JSON true", "true", "MALFORMED_JSON", null),
                bad("single quotes", valid.replace('"', '\''), "MALFORMED_JSON", null),
                bad("unquoted keys", valid.replaceAll("\"([a-z_]+)\":", "$1:"), "MALFORMED_JSON", null),
                bad("a trailing comma", "{" + inner + ",}", "MALFORMED_JSON", null),
                bad("a comment", "{/* note */" + inner + "}", "MALFORMED_JSON", null),
                bad("a duplicate key", "{" + firstPair + "," + inner + "}", "MALFORMED_JSON", null),
                bad("a NaN literal", "{" + inner + ",\"x\":NaN}", "MALFORMED_JSON", null),
                bad("a number with a leading zero", "{" + inner + ",\"x\":01}", "MALFORMED_JSON", null),
                bad("an Infinity literal", "{" + inner + ",\"x\":Infinity}", "MALFORMED_JSON", null),
                bad("arrays nested 2,000 deep", "{" + inner + ",\"x\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                        "MALFORMED_JSON", null),
                bad("a number of 1,500 digits", "{" + inner + ",\"x\":" + "9".repeat(1_500) + "}", "MALFORMED_JSON",
                        null));
    }

    /**
     * Bodies with something after the one JSON object. They use the scratch accounts, since the server might run
     * them.
     */
    private static List<Bad> trailing(String valid) {
        return List.of(
                bad("text after the object", valid + " trailing", "MALFORMED_JSON", null),
                bad("a second object after the first", valid + "{}", "MALFORMED_JSON", null),
                bad("the object twice", valid + valid, "MALFORMED_JSON", null),
                bad("a stray closing brace", valid + "}", "MALFORMED_JSON", null));
    }

    /** Bad values of an account id field; {@code template} holds {@code ID} where the value goes. */
    private static List<Bad> badIds(String template, String field) {
        List<Bad> cases = new ArrayList<>();
        cases.add(bad(field + " missing", template.replace("\"" + field + "\":ID,", ""), "MISSING_FIELD", field));
        cases.add(bad(field + " null", template.replace("ID", "null"), "MISSING_FIELD", field));
        cases.add(bad(field + " a number", template.replace("ID", "42"), "INVALID_FIELD_TYPE", field));
        cases.add(bad(field + " an object", template.replace("ID", "{\"id\":\"$USD\"}"), "INVALID_FIELD_TYPE", field));
        cases.add(bad(field + " an array", template.replace("ID", "[\"$USD\"]"), "INVALID_FIELD_TYPE", field));
        cases.add(bad(field + " a boolean", template.replace("ID", "true"), "INVALID_FIELD_TYPE", field));
        for (String id : List.of("", ID_65, "has space", " $USD", "$USD ", "ÄCC-1", "ACC/1", "ACC.1", "ACC\\n1",
                "ACC\\u00001", "日本", "😀", "ACC%201", "../etc")) {
            cases.add(bad(field + " \"" + id + "\"", template.replace("ID", "\"" + id + "\""),
                    "INVALID_ACCOUNT_ID", field));
        }
        return cases;
    }

    /** Amounts no command takes, in any currency; {@code template} holds {@code AMT} where the value goes. */
    private static List<Bad> badAmounts(String template, String field, boolean zeroAllowed) {
        List<Bad> cases = new ArrayList<>();
        cases.add(bad(field + " missing", template.replace(",\"" + field + "\":AMT", ""), "MISSING_FIELD", field));
        cases.add(bad(field + " null", template.replace("AMT", "null"), "MISSING_FIELD", field));
        for (String wrongType : List.of("{}", "{\"value\":1}", "true", "false", "[1]", "[]")) {
            cases.add(bad(field + " " + wrongType, template.replace("AMT", wrongType), "INVALID_FIELD_TYPE", field));
        }
        List<String> invalid = new ArrayList<>(List.of("-1", "\"-1\"", "-0.01", "\"-0.01\"", "0.001", "\"0.001\"",
                "0.00001", "1e999999", "\"1e999999\"", "-1e999999", "1e-999999", "\"1e-999999\"", "1e31", "\"1e31\"",
                "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1,5\"", "\" 1\"", "\"1 \"", "\"+1\"", "\"0x10\"",
                "\"1_000\"", "\"\"", "\"1.\"", "\".5\"", "\"١\"", "\"１\"", "\"1e\"", "\"--1\"",
                "10000000000000000.00", "\"10000000000000000\"", "10000000000000000", "1e17",
                "123456789012345678901234567890", "\"123456789012345678901234567890\"",
                "99999999999999999999999999999999999999999999999999",
                "1.00000000000000000000000000000000000000000000000001", "\"" + "9".repeat(100) + "\""));
        if (!zeroAllowed) {
            invalid.addAll(List.of("0", "\"0\"", "0.00", "\"0.00\"", "-0", "\"-0\"", "0e5"));
        }
        for (String amount : invalid) {
            cases.add(bad(field + " " + amount, template.replace("AMT", amount), "INVALID_AMOUNT", field));
        }
        return cases;
    }

    /** Bad optional currencies; {@code template} holds {@code CUR} where the value goes. */
    private static List<Bad> badCurrencies(String template) {
        List<Bad> cases = new ArrayList<>();
        for (String currency : List.of("\"ZZZ\"", "\"usd\"", "\"Usd\"", "\"US\"", "\"USDD\"", "\"\"", "\" USD\"",
                "\"US1\"", "\"€\"")) {
            cases.add(bad("currency " + currency, template.replace("CUR", currency), "INVALID_CURRENCY", "currency"));
        }
        for (String wrongType : List.of("840", "true", "{}", "[\"USD\"]")) {
            cases.add(bad("currency " + wrongType, template.replace("CUR", wrongType), "INVALID_FIELD_TYPE",
                    "currency"));
        }
        return cases;
    }

    /** Bad optional descriptions; {@code template} holds {@code DESC} where the value goes. */
    private static List<Bad> badDescriptions(String template) {
        List<Bad> cases = new ArrayList<>();
        cases.add(bad("description of 501 characters", template.replace("DESC", "\"" + "d".repeat(501) + "\""),
                "INVALID_DESCRIPTION", "description"));
        cases.add(bad("description of 501 emoji", template.replace("DESC", "\"" + "😀".repeat(501) + "\""),
                "INVALID_DESCRIPTION", "description"));
        for (String control : List.of("\\u0000", "\\u0007", "\\n", "\\r", "\\t", "\\u007f", "\\u202e", "\\u2066",
                "\\ud800")) {
            cases.add(bad("description with " + control, template.replace("DESC", "\"a" + control + "b\""),
                    "INVALID_DESCRIPTION", "description"));
        }
        for (String wrongType : List.of("42", "true", "{}", "[\"x\"]")) {
            cases.add(bad("description " + wrongType, template.replace("DESC", wrongType), "INVALID_FIELD_TYPE",
                    "description"));
        }
        return cases;
    }

    // ---- the commands ----

    @Nested
    @DisplayName("to POST /commands/create-account")
    class CreateAccount {

        private static final String PATH = "/commands/create-account";
        private static final String VALID = "{\"account_id\":\"$NEW\",\"owner_name\":\"Bad Input\",\"initial_balance\":1}";

        static Stream<Bad> malformedBodies() {
            return malformed(VALID).stream();
        }

        static Stream<Bad> trailingContent() {
            return trailing(VALID).stream();
        }

        static Stream<Bad> badFields() {
            List<Bad> cases = new ArrayList<>();
            cases.addAll(badIds("{\"account_id\":ID,\"owner_name\":\"Bad Input\",\"initial_balance\":1}",
                    "account_id"));
            String owner = "{\"account_id\":\"$NEW\",\"owner_name\":NAME,\"initial_balance\":1}";
            cases.add(bad("owner_name missing", "{\"account_id\":\"$NEW\",\"initial_balance\":1}", "MISSING_FIELD",
                    "owner_name"));
            cases.add(bad("owner_name null", owner.replace("NAME", "null"), "MISSING_FIELD", "owner_name"));
            for (String name : List.of("\"\"", "\"   \"", "\"\\t\\n\"", "\"\\u200b\"", "\"\\u00a0\\u3000\"",
                    "\"" + "n".repeat(201) + "\"", "\" " + "n".repeat(201) + " \"", "\"" + "名".repeat(201) + "\"",
                    "\"a\\u0007b\"", "\"a\\u0000b\"", "\"Jane\\nDoe\"", "\"\\u202eevil\"", "\"a\\udc00\"")) {
                cases.add(bad("owner_name " + name, owner.replace("NAME", name), "INVALID_OWNER_NAME", "owner_name"));
            }
            for (String wrongType : List.of("42", "true", "{}", "[\"Jane\"]")) {
                cases.add(bad("owner_name " + wrongType, owner.replace("NAME", wrongType), "INVALID_FIELD_TYPE",
                        "owner_name"));
            }
            cases.addAll(badAmounts("{\"account_id\":\"$NEW\",\"owner_name\":\"Bad Input\",\"initial_balance\":AMT}",
                    "initial_balance", true));
            cases.add(bad("initial_balance 1.5 JPY", "{\"account_id\":\"$NEW\",\"owner_name\":\"B\","
                    + "\"initial_balance\":1.5,\"currency\":\"JPY\"}", "INVALID_AMOUNT", "initial_balance"));
            cases.add(bad("initial_balance \"0.5\" JPY", "{\"account_id\":\"$NEW\",\"owner_name\":\"B\","
                    + "\"initial_balance\":\"0.5\",\"currency\":\"JPY\"}", "INVALID_AMOUNT", "initial_balance"));
            cases.add(bad("initial_balance 0.0001 BHD", "{\"account_id\":\"$NEW\",\"owner_name\":\"B\","
                    + "\"initial_balance\":0.0001,\"currency\":\"BHD\"}", "INVALID_AMOUNT", "initial_balance"));
            cases.addAll(badCurrencies("{\"account_id\":\"$NEW\",\"owner_name\":\"B\",\"initial_balance\":1,"
                    + "\"currency\":CUR}"));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        @DisplayName("a body that is no JSON object is refused")
        void createMalformedBody(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("trailingContent")
        @DisplayName("a body with anything after the JSON object is refused")
        void createTrailingContent(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFields")
        @DisplayName("a missing, mistyped or invalid field is refused, naming the field")
        void createBadField(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "currency {0}")
        @ValueSource(strings = {"XAU", "XXX", "XDR"})
        @DisplayName("a currency without minor units is refused, naming the currency")
        void currencyWithoutMinorUnits(String currency) {
            assertError(refusedPost(PATH, "{\"account_id\":\"$NEW\",\"owner_name\":\"B\",\"initial_balance\":1,"
                    + "\"currency\":\"" + currency + "\"}"), 400, "INVALID_CURRENCY", "currency");
        }

        @Test
        @DisplayName("an existing id is refused with 409 ACCOUNT_EXISTS, whatever the rest of the body")
        void existingAccount() {
            assertError(refusedPost(PATH, "{\"account_id\":\"$USD\",\"owner_name\":\"Again\",\"initial_balance\":100}"),
                    409, "ACCOUNT_EXISTS", "account_id");
            assertError(refusedPost(PATH, "{\"account_id\":\"$USD\",\"owner_name\":\"Other\",\"initial_balance\":0,"
                    + "\"currency\":\"EUR\"}"), 409, "ACCOUNT_EXISTS", "account_id");
        }

        @Test
        @DisplayName("account ids are case-sensitive: acc-1 and ACC-1 are two accounts, but each only once")
        void idsAreCaseSensitive() {
            String lower = ACCOUNTS.get("$USD").toLowerCase(Locale.ROOT);
            Response created = server.post(PATH, "{\"account_id\":\"" + lower
                    + "\",\"owner_name\":\"Lower\",\"initial_balance\":1}");
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            assertError(refused(() -> server.post(PATH, "{\"account_id\":\"" + lower
                    + "\",\"owner_name\":\"Lower\",\"initial_balance\":1}")), 409, "ACCOUNT_EXISTS", "account_id");
        }
    }

    /** The cases of a deposit or a withdrawal, which read the same fields. */
    private static List<Bad> movementCases() {
        List<Bad> cases = new ArrayList<>();
        cases.addAll(badIds("{\"account_id\":ID,\"amount\":1}", "account_id"));
        cases.addAll(badAmounts("{\"account_id\":\"$USD\",\"amount\":AMT}", "amount", false));
        cases.add(bad("amount 1.5 on a JPY account", "{\"account_id\":\"$JPY\",\"amount\":1.5}", "INVALID_AMOUNT",
                "amount"));
        cases.add(bad("amount \"0.1\" on a JPY account", "{\"account_id\":\"$JPY\",\"amount\":\"0.1\"}",
                "INVALID_AMOUNT", "amount"));
        cases.add(bad("amount 1.001 on a USD account", "{\"account_id\":\"$USD\",\"amount\":1.001}", "INVALID_AMOUNT",
                "amount"));
        cases.addAll(badCurrencies("{\"account_id\":\"$USD\",\"amount\":1,\"currency\":CUR}"));
        cases.addAll(badDescriptions("{\"account_id\":\"$USD\",\"amount\":1,\"description\":DESC}"));
        cases.add(new Bad("an unknown account", "{\"account_id\":\"$UNKNOWN\",\"amount\":1}", 404,
                "ACCOUNT_NOT_FOUND", "account_id"));
        cases.add(new Bad("an unknown account and another currency",
                "{\"account_id\":\"$UNKNOWN\",\"amount\":1,\"currency\":\"EUR\"}", 404, "ACCOUNT_NOT_FOUND",
                "account_id"));
        cases.add(new Bad("another currency than the account's (EUR on USD)",
                "{\"account_id\":\"$USD\",\"amount\":1,\"currency\":\"EUR\"}", 422, "CURRENCY_MISMATCH", null));
        cases.add(new Bad("another currency than the account's (USD on JPY)",
                "{\"account_id\":\"$JPY\",\"amount\":1,\"currency\":\"USD\"}", 422, "CURRENCY_MISMATCH", null));
        cases.add(new Bad("a currency without minor units (XAU on USD)",
                "{\"account_id\":\"$USD\",\"amount\":1,\"currency\":\"XAU\"}", 422, "CURRENCY_MISMATCH", null));
        return cases;
    }

    @Nested
    @DisplayName("to POST /commands/deposit")
    class Deposit {

        private static final String PATH = "/commands/deposit";

        static Stream<Bad> malformedBodies() {
            return malformed("{\"account_id\":\"$SCRATCH\",\"amount\":1}").stream();
        }

        static Stream<Bad> trailingContent() {
            return trailing("{\"account_id\":\"$SCRATCH\",\"amount\":1}").stream();
        }

        static Stream<Bad> badFields() {
            List<Bad> cases = new ArrayList<>(movementCases());
            cases.add(new Bad("a balance beyond 9999999999999999.99", "{\"account_id\":\"$FULL\",\"amount\":0.01}",
                    422, "BALANCE_LIMIT_EXCEEDED", null));
            cases.add(new Bad("the largest amount onto a balance", "{\"account_id\":\"$USD\","
                    + "\"amount\":\"9999999999999999.99\"}", 422, "BALANCE_LIMIT_EXCEEDED", null));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        @DisplayName("a body that is no JSON object is refused")
        void depositMalformedBody(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("trailingContent")
        @DisplayName("a body with anything after the JSON object is refused")
        void depositTrailingContent(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFields")
        @DisplayName("a missing, mistyped or invalid field, or a refused deposit, changes nothing")
        void depositBadField(Bad bad) {
            check(PATH, bad);
        }
    }

    @Nested
    @DisplayName("to POST /commands/withdraw")
    class Withdraw {

        private static final String PATH = "/commands/withdraw";

        static Stream<Bad> malformedBodies() {
            return malformed("{\"account_id\":\"$SCRATCH\",\"amount\":1}").stream();
        }

        static Stream<Bad> trailingContent() {
            return trailing("{\"account_id\":\"$SCRATCH\",\"amount\":1}").stream();
        }

        static Stream<Bad> badFields() {
            List<Bad> cases = new ArrayList<>(movementCases());
            cases.add(new Bad("a cent more than the balance", "{\"account_id\":\"$USD\",\"amount\":\"100.01\"}",
                    422, "INSUFFICIENT_FUNDS", null));
            cases.add(new Bad("the largest amount", "{\"account_id\":\"$USD\",\"amount\":9999999999999999.99}",
                    422, "INSUFFICIENT_FUNDS", null));
            cases.add(new Bad("a yen more than the balance", "{\"account_id\":\"$JPY\",\"amount\":1001}",
                    422, "INSUFFICIENT_FUNDS", null));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        @DisplayName("a body that is no JSON object is refused")
        void withdrawMalformedBody(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("trailingContent")
        @DisplayName("a body with anything after the JSON object is refused")
        void withdrawTrailingContent(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFields")
        @DisplayName("a missing, mistyped or invalid field, or a refused withdrawal, changes nothing")
        void withdrawBadField(Bad bad) {
            check(PATH, bad);
        }
    }

    @Nested
    @DisplayName("to POST /commands/transfer")
    class Transfer {

        private static final String PATH = "/commands/transfer";
        private static final String SCRATCH = "{\"from_account_id\":\"$SCRATCH\",\"to_account_id\":\"$SCRATCH2\","
                + "\"amount\":1}";

        static Stream<Bad> malformedBodies() {
            return malformed(SCRATCH).stream();
        }

        static Stream<Bad> trailingContent() {
            return trailing(SCRATCH).stream();
        }

        static Stream<Bad> badFields() {
            List<Bad> cases = new ArrayList<>();
            cases.addAll(badIds("{\"from_account_id\":ID,\"to_account_id\":\"$USD2\",\"amount\":1}",
                    "from_account_id"));
            cases.addAll(badIds("{\"to_account_id\":ID,\"from_account_id\":\"$USD\",\"amount\":1}",
                    "to_account_id"));
            cases.addAll(badAmounts("{\"from_account_id\":\"$USD\",\"to_account_id\":\"$USD2\",\"amount\":AMT}",
                    "amount", false));
            cases.add(bad("amount 1.5 from a JPY account", "{\"from_account_id\":\"$JPY\",\"to_account_id\":\"$USD\","
                    + "\"amount\":1.5}", "INVALID_AMOUNT", "amount"));
            cases.add(bad("amount 0.001 between USD accounts", "{\"from_account_id\":\"$USD\","
                    + "\"to_account_id\":\"$USD2\",\"amount\":0.001}", "INVALID_AMOUNT", "amount"));
            cases.addAll(badCurrencies("{\"from_account_id\":\"$USD\",\"to_account_id\":\"$USD2\",\"amount\":1,"
                    + "\"currency\":CUR}"));
            cases.addAll(badDescriptions("{\"from_account_id\":\"$USD\",\"to_account_id\":\"$USD2\",\"amount\":1,"
                    + "\"description\":DESC}"));
            cases.add(new Bad("the same account twice", "{\"from_account_id\":\"$USD\",\"to_account_id\":\"$USD\","
                    + "\"amount\":1}", 422, "SAME_ACCOUNT_TRANSFER", null));
            cases.add(new Bad("an unknown account twice", "{\"from_account_id\":\"$UNKNOWN\","
                    + "\"to_account_id\":\"$UNKNOWN\",\"amount\":1}", 422, "SAME_ACCOUNT_TRANSFER", null));
            cases.add(new Bad("an unknown payee", "{\"from_account_id\":\"$USD\",\"to_account_id\":\"$UNKNOWN\","
                    + "\"amount\":1}", 404, "ACCOUNT_NOT_FOUND", "to_account_id"));
            cases.add(new Bad("an unknown payee and too large an amount", "{\"from_account_id\":\"$USD\","
                    + "\"to_account_id\":\"$UNKNOWN\",\"amount\":1000}", 404, "ACCOUNT_NOT_FOUND", "to_account_id"));
            cases.add(new Bad("an unknown payer", "{\"from_account_id\":\"$UNKNOWN\",\"to_account_id\":\"$USD\","
                    + "\"amount\":1}", 404, "ACCOUNT_NOT_FOUND", "from_account_id"));
            cases.add(new Bad("two unknown accounts", "{\"from_account_id\":\"$UNKNOWN\",\"to_account_id\":\"$NEW\","
                    + "\"amount\":1}", 404, "ACCOUNT_NOT_FOUND", "from_account_id"));
            cases.add(new Bad("USD to EUR", "{\"from_account_id\":\"$USD\",\"to_account_id\":\"$EUR\","
                    + "\"amount\":1}", 422, "CURRENCY_MISMATCH", null));
            cases.add(new Bad("EUR to USD", "{\"from_account_id\":\"$EUR\",\"to_account_id\":\"$USD\","
                    + "\"amount\":1}", 422, "CURRENCY_MISMATCH", null));
            cases.add(new Bad("USD to JPY", "{\"from_account_id\":\"$USD\",\"to_account_id\":\"$JPY\","
                    + "\"amount\":1}", 422, "CURRENCY_MISMATCH", null));
            cases.add(new Bad("EUR between USD accounts", "{\"from_account_id\":\"$USD\",\"to_account_id\":\"$USD2\","
                    + "\"amount\":1,\"currency\":\"EUR\"}", 422, "CURRENCY_MISMATCH", null));
            cases.add(new Bad("a cent more than the payer has", "{\"from_account_id\":\"$USD\","
                    + "\"to_account_id\":\"$USD2\",\"amount\":\"100.01\"}", 422, "INSUFFICIENT_FUNDS", null));
            cases.add(new Bad("a payee balance beyond the limit", "{\"from_account_id\":\"$USD\","
                    + "\"to_account_id\":\"$FULL\",\"amount\":\"0.01\"}", 422, "BALANCE_LIMIT_EXCEEDED", null));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        @DisplayName("a body that is no JSON object is refused")
        void transferMalformedBody(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("trailingContent")
        @DisplayName("a body with anything after the JSON object is refused")
        void transferTrailingContent(Bad bad) {
            check(PATH, bad);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFields")
        @DisplayName("a missing, mistyped or invalid field, or a refused transfer, changes nothing")
        void transferBadField(Bad bad) {
            check(PATH, bad);
        }
    }

    // ---- the HTTP envelope ----

    @Nested
    @DisplayName("in the HTTP envelope of a command")
    class Envelope {

        static Stream<String[]> commands() {
            return Stream.of(
                    new String[] {"/commands/create-account",
                            "{\"account_id\":\"$NEW\",\"owner_name\":\"E\",\"initial_balance\":1}"},
                    new String[] {"/commands/deposit", "{\"account_id\":\"$SCRATCH\",\"amount\":1}"},
                    new String[] {"/commands/withdraw", "{\"account_id\":\"$SCRATCH\",\"amount\":1}"},
                    new String[] {"/commands/transfer",
                            "{\"from_account_id\":\"$SCRATCH\",\"to_account_id\":\"$SCRATCH2\",\"amount\":1}"});
        }

        private Response postAs(String[] command, String contentType) {
            byte[] body = fill(command[1]).getBytes(StandardCharsets.UTF_8);
            return refused(() -> server.send(server.ledgerPort(), "POST", command[0], body, contentType, Map.of()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        @DisplayName("a body sent as text/plain is refused with 415")
        void textPlain(String path, String body) {
            assertError(postAs(new String[] {path, body}, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE", null);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        @DisplayName("a body sent as a form or XML is refused with 415")
        void otherTypes(String path, String body) {
            assertError(postAs(new String[] {path, body}, "application/x-www-form-urlencoded"), 415,
                    "UNSUPPORTED_MEDIA_TYPE", null);
            assertError(postAs(new String[] {path, body}, "application/xml"), 415, "UNSUPPORTED_MEDIA_TYPE", null);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        @DisplayName("a body without a Content-Type is refused with 415")
        void noContentType(String path, String body) {
            assertError(postAs(new String[] {path, body}, null), 415, "UNSUPPORTED_MEDIA_TYPE", null);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        @DisplayName("a body over 64 KiB is refused with 413")
        void tooLarge(String path, String body) {
            String padded = "{\"padding\":\"" + "p".repeat(64 * 1024) + "\"," + body.substring(1);
            assertError(postAs(new String[] {path, padded}, "application/json"), 413, "PAYLOAD_TOO_LARGE", null);
        }

        @Test
        @DisplayName("a body just under 64 KiB is read and judged on its content")
        void justUnderTheLimit() {
            String body = "{\"padding\":\"" + "p".repeat(60 * 1024) + "\",\"account_id\":\"$USD\",\"amount\":1,"
                    + "\"description\":\"" + "d".repeat(501) + "\"}";
            assertError(refusedPost("/commands/deposit", body), 400, "INVALID_DESCRIPTION", "description");
        }

        @Test
        @DisplayName("an Accept header that excludes JSON is refused with 406 NOT_ACCEPTABLE, and the command not run")
        void notAcceptable() {
            byte[] body = fill("{\"account_id\":\"$SCRATCH\",\"amount\":1}").getBytes(StandardCharsets.UTF_8);
            assertError(refused(() -> server.send(server.ledgerPort(), "POST", "/commands/deposit", body,
                    "application/json", Map.of("Accept", "text/html"))), 406, "NOT_ACCEPTABLE", null);
        }

        @Test
        @DisplayName("request headers over the server's limit are refused as too large, not blamed on the body")
        void headersTooLarge() {
            byte[] body = fill("{\"account_id\":\"$SCRATCH\",\"amount\":1}").getBytes(StandardCharsets.UTF_8);
            Response response = refused(() -> server.send(server.ledgerPort(), "POST", "/commands/deposit", body,
                    "application/json", Map.of("X-Padding", "h".repeat(20_000))));
            assertRequestTooLarge(response);
        }

        @Test
        @DisplayName("a body that is not UTF-8 is refused as malformed")
        void notUtf8() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(fill("{\"account_id\":\"$USD\",\"amount\":1,\"description\":\"").getBytes(
                    StandardCharsets.UTF_8));
            bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
            bytes.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            byte[] body = bytes.toByteArray();
            assertError(refused(() -> server.send(server.ledgerPort(), "POST", "/commands/deposit", body,
                    "application/json", Map.of())), 400, "MALFORMED_JSON", null);
        }

        @Test
        @DisplayName("a number literal of 2,000 digits is refused with 400")
        void hugeNumberLiteral() {
            Response response = refusedPost("/commands/deposit",
                    "{\"account_id\":\"$USD\",\"amount\":" + "9".repeat(2_000) + "}");
            assertThat(response.status()).as("%s", response).isEqualTo(400);
            assertThat(response.errorCode()).isIn("MALFORMED_JSON", "INVALID_AMOUNT");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\"amount\":1e2147483648", "\"amount\":1,\"junk\":1.5e-2147483647"})
        @DisplayName("an exponent beyond what a number can hold, in any field, is refused with 400")
        void exponentOverflow(String fields) {
            Response response = refusedPost("/commands/deposit", "{\"account_id\":\"$USD\"," + fields + "}");
            assertThat(response.status()).as("%s", response).isEqualTo(400);
            assertThat(response.errorCode()).isIn("MALFORMED_JSON", "INVALID_AMOUNT");
        }

        @Test
        @DisplayName("a nesting 10,000 arrays deep is refused as malformed")
        void deepNesting() {
            String deep = "[".repeat(10_000) + "]".repeat(10_000);
            assertError(refusedPost("/commands/deposit", "{\"account_id\":\"$USD\",\"amount\":1,\"x\":" + deep + "}"),
                    400, "MALFORMED_JSON", null);
        }
    }

    @Nested
    @DisplayName("in the route")
    class Routes {

        @ParameterizedTest(name = "POST {0} on the ledger port")
        @ValueSource(strings = {"/commands/nope", "/commands", "/commands/", "/commands/deposit/extra", "/nope",
                "/commands/DEPOSIT"})
        @DisplayName("an unknown command route is 404 NOT_FOUND")
        void unknownCommand(String path) {
            byte[] body = fill("{\"account_id\":\"$SCRATCH\",\"amount\":1}").getBytes(StandardCharsets.UTF_8);
            assertError(refused(() -> server.send(server.ledgerPort(), "POST", path, body, "application/json",
                    Map.of())), 404, "NOT_FOUND", null);
        }

        @ParameterizedTest(name = "GET {0} on the query port")
        @ValueSource(strings = {"/nope", "/accounts/$USD/nope", "/transfers", "/account/$USD", "/"})
        @DisplayName("an unknown query route is 404 NOT_FOUND")
        void unknownQuery(String path) {
            assertError(refused(() -> server.get(fill(path))), 404, "NOT_FOUND", null);
        }

        @Test
        @DisplayName("a request line over the server's limit is refused as too large, not blamed on the body")
        void uriTooLong() {
            Response response = refused(() -> server.get("/accounts/" + "a".repeat(5_000)));
            assertRequestTooLarge(response);
        }

        @Test
        @DisplayName("an id too long for an account, in a URL within the server's limit, is 400 INVALID_ACCOUNT_ID")
        void longIdInUrl() {
            assertError(refused(() -> server.get("/accounts/" + "a".repeat(3_000))), 400, "INVALID_ACCOUNT_ID", "id");
        }

        @ParameterizedTest(name = "{0} /commands/deposit")
        @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
        @DisplayName("another method than POST on a command route is 405")
        void wrongMethodOnCommand(String method) {
            byte[] body = method.equals("GET") || method.equals("DELETE") ? null
                    : fill("{\"account_id\":\"$SCRATCH\",\"amount\":1}").getBytes(StandardCharsets.UTF_8);
            assertError(refused(() -> server.send(server.ledgerPort(), method, "/commands/deposit", body,
                    body == null ? null : "application/json", Map.of())), 405, "METHOD_NOT_ALLOWED", null);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"DELETE /accounts/$USD", "PUT /accounts/$USD", "POST /accounts/$USD",
                "DELETE /accounts", "POST /events", "DELETE /transfers/00000000-0000-0000-0000-000000000000",
                "PATCH /accounts/$USD/transactions"})
        @DisplayName("another method than GET on a query route is 405")
        void wrongMethodOnQuery(String request) {
            String[] parts = request.split(" ");
            byte[] body = parts[0].equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8);
            assertError(refused(() -> server.send(server.queryPort(), parts[0], fill(parts[1]), body,
                    body == null ? null : "application/json", Map.of())), 405, "METHOD_NOT_ALLOWED", null);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.chronicleledger.server.BadInputTest$Envelope#commands")
        @DisplayName("a command on the query port is 404 and not run")
        void commandOnQueryPort(String path, String body) {
            byte[] bytes = fill(body).getBytes(StandardCharsets.UTF_8);
            assertError(refused(() -> server.send(server.queryPort(), "POST", path, bytes, "application/json",
                    Map.of())), 404, "NOT_FOUND", null);
        }

        @ParameterizedTest(name = "GET {0}")
        @ValueSource(strings = {"/accounts/$USD", "/accounts", "/accounts/$USD/transactions",
                "/accounts/$USD/balance-at?version=1", "/events", "/transfers/00000000-0000-0000-0000-000000000000"})
        @DisplayName("a query on the ledger port is 404")
        void queryOnLedgerPort(String path) {
            assertError(refused(() -> server.send(server.ledgerPort(), "GET", fill(path), null, null, Map.of())),
                    404, "NOT_FOUND", null);
        }
    }

    @Nested
    @DisplayName("in query parameters")
    class QueryParameters {

        static Stream<Bad> badQueries() {
            String txs = "/accounts/$USD/transactions";
            return Stream.of(
                    bad("/accounts?limit=0", "/accounts?limit=0", "INVALID_PARAMETER", "limit"),
                    bad("/accounts?limit=1001", "/accounts?limit=1001", "INVALID_PARAMETER", "limit"),
                    bad("/accounts?limit=-1", "/accounts?limit=-1", "INVALID_PARAMETER", "limit"),
                    bad("/accounts?limit=abc", "/accounts?limit=abc", "INVALID_PARAMETER", "limit"),
                    bad("/accounts?limit=1.5", "/accounts?limit=1.5", "INVALID_PARAMETER", "limit"),
                    bad("/accounts?limit=99999999999999999999", "/accounts?limit=99999999999999999999",
                            "INVALID_PARAMETER", "limit"),
                    bad("/accounts?after=bad id", "/accounts?after=bad%20id", "INVALID_ACCOUNT_ID", "after"),
                    bad("/accounts?after=65 chars", "/accounts?after=" + ID_65, "INVALID_ACCOUNT_ID", "after"),
                    bad("/accounts/bad id", "/accounts/bad%20id", "INVALID_ACCOUNT_ID", "id"),
                    bad("/accounts/65 chars", "/accounts/" + ID_65, "INVALID_ACCOUNT_ID", "id"),
                    bad("/accounts/unicode", "/accounts/%C3%84CC", "INVALID_ACCOUNT_ID", "id"),
                    new Bad("/accounts/unknown", "/accounts/$UNKNOWN", 404, "ACCOUNT_NOT_FOUND", "id"),
                    new Bad("/accounts/unknown/transactions", "/accounts/$UNKNOWN/transactions", 404,
                            "ACCOUNT_NOT_FOUND", "id"),
                    bad("transactions of a bad id", "/accounts/bad%20id/transactions", "INVALID_ACCOUNT_ID", "id"),
                    bad("transactions?before=-1", txs + "?before=-1", "INVALID_PARAMETER", "before"),
                    bad("transactions?before=abc", txs + "?before=abc", "INVALID_PARAMETER", "before"),
                    bad("transactions?limit=0", txs + "?limit=0", "INVALID_PARAMETER", "limit"),
                    bad("transactions?limit=1001", txs + "?limit=1001", "INVALID_PARAMETER", "limit"),
                    bad("/transfers/not-a-uuid", "/transfers/not-a-uuid", "INVALID_TRANSFER_ID", "id"),
                    bad("/transfers/uuid with extra", "/transfers/" + UUID.randomUUID() + "0", "INVALID_TRANSFER_ID",
                            "id"),
                    new Bad("/transfers/unknown", "/transfers/" + UUID.randomUUID(), 404, "TRANSFER_NOT_FOUND", "id"),
                    bad("/events?after=-1", "/events?after=-1", "INVALID_PARAMETER", "after"),
                    bad("/events?after=x", "/events?after=x", "INVALID_PARAMETER", "after"),
                    bad("/events?limit=0", "/events?limit=0", "INVALID_PARAMETER", "limit"),
                    bad("/events?limit=1001", "/events?limit=1001", "INVALID_PARAMETER", "limit"),
                    bad("/events?account_id=bad id", "/events?account_id=bad%20id", "INVALID_ACCOUNT_ID",
                            "account_id"),
                    bad("/events?account_id=", "/events?account_id=", "INVALID_ACCOUNT_ID", "account_id"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badQueries")
        @DisplayName("a bad parameter or id is refused, naming it")
        void badQuery(Bad bad) {
            assertError(refused(() -> server.get(fill(bad.body()))), bad.status(), bad.code(), bad.field());
        }

        @Test
        @DisplayName("a UUID in another spelling is either refused with 400 or simply not found")
        void otherUuidSpellings() {
            for (String id : List.of("1-1-1-1-1", "{00000000-0000-0000-0000-000000000000}",
                    "00000000000000000000000000000000")) {
                Response response = server.get("/transfers/" + RunningServer.encode(id));
                assertThat(response.status()).as("%s", response).isIn(400, 404);
                assertThat(response.errorCode()).isIn("INVALID_TRANSFER_ID", "TRANSFER_NOT_FOUND");
            }
        }
    }

    /**
     * The framework answers an over-long request line or header section with 413 and no cause that tells the two
     * apart, so the API answers it as {@code REQUEST_TOO_LARGE} without blaming the body.
     */
    private static void assertRequestTooLarge(Response response) {
        assertThat(response.status()).as("%s", response).isIn(413, 414, 431);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(response.errorMessage()).doesNotContain("body");
    }
}
