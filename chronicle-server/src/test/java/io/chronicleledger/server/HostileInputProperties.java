package io.chronicleledger.server;

import io.chronicleledger.server.RunningServer.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input, generated (jqwik; {@link BadInputTest} holds the hand list): a command whose one field holds a
 * value that can never be valid for it, every other field valid, and account paths that can never name an
 * account. Every answer must be a 4xx with a JSON error body, within the client's timeout, and the store must
 * record nothing. A failure prints the seed; rerun with {@code -Djqwik.seeds.whenfixed=...} or the
 * {@code @Property(seed = ...)} it names.
 */
@Label("Hostile input, generated")
class HostileInputProperties {

    private static RunningServer server;
    private static String payer;
    private static String payee;

    @BeforeContainer
    static void startServer() {
        server = RunningServer.start();
        payer = server.createAccount("HP", "100.00");
        payee = server.createAccount("HQ", "100.00");
    }

    @AfterContainer
    static void stopServer() {
        server.close();
    }

    /** A command endpoint and a body it accepts, field by field, each of a kind. */
    private record Command(String path, Map<String, String> validFields, Map<String, Kind> kinds) {
    }

    /** What a field holds, which decides the values that can never be valid for it. */
    private enum Kind { ACCOUNT_ID, AMOUNT, OPENING_BALANCE, TEXT, CURRENCY }

    @Property(tries = 300)
    @Label("a command with one never-valid field is refused with a 4xx JSON error and records nothing")
    void hostileField(@ForAll("commands") Command command, @ForAll("fieldIndexes") int index,
                      @ForAll("hostileIds") String hostileId, @ForAll("hostileAmounts") String hostileAmount,
                      @ForAll("hostileBalances") String hostileBalance, @ForAll("hostileTexts") String hostileText,
                      @ForAll("hostileCurrencies") String hostileCurrency) {
        List<String> fields = List.copyOf(command.validFields().keySet());
        String field = fields.get(index % fields.size());
        String hostile = switch (command.kinds().get(field)) {
            case ACCOUNT_ID -> hostileId;
            case AMOUNT -> hostileAmount;
            case OPENING_BALANCE -> hostileBalance;
            case TEXT -> hostileText;
            case CURRENCY -> hostileCurrency;
        };
        Map<String, String> body = new LinkedHashMap<>(command.validFields());
        body.put(field, hostile);

        assertRefusedWithoutChange(() -> server.post(command.path(), json(body)), field + " = " + hostile);
    }

    @Property(tries = 100)
    @Label("an account path that can never name an account is refused with a 4xx JSON error")
    void hostileAccountPath(@ForAll("hostilePathIds") String id,
                            @ForAll("accountPaths") String path) {
        assertRefusedWithoutChange(() -> server.get(path.replace("{id}", id)), path + " with " + id);
    }

    private static void assertRefusedWithoutChange(Supplier<Response> send, String what) {
        long head = server.headPosition();
        Response response = send.get();
        assertThat(response.status()).as("the answer to %s: %s", what, response).isBetween(400, 499);
        assertThat(response.json()).as("a JSON error body for %s: %s", what, response).isNotNull();
        assertThat(response.json().path("error").path("code").asText())
                .as("an error code in %s", response.text()).matches("[A-Z_]+");
        assertThat(server.headPosition()).as("the store's head after %s", what).isEqualTo(head);
    }

    @Provide
    Arbitrary<Command> commands() {
        return Arbitraries.of(
                new Command("/commands/create-account", fields("account_id", "\"" + RunningServer.newId("HN") + "\"",
                        "owner_name", "\"Hostile Test\"", "initial_balance", "\"10.00\"", "currency", "\"USD\""),
                        Map.of("account_id", Kind.ACCOUNT_ID, "owner_name", Kind.TEXT, "initial_balance", Kind.OPENING_BALANCE,
                                "currency", Kind.CURRENCY)),
                new Command("/commands/deposit", fields("account_id", "\"" + payer + "\"", "amount", "\"1.00\"",
                        "description", "\"d\""),
                        Map.of("account_id", Kind.ACCOUNT_ID, "amount", Kind.AMOUNT, "description", Kind.TEXT)),
                new Command("/commands/withdraw", fields("account_id", "\"" + payer + "\"", "amount", "\"1.00\"",
                        "description", "\"w\""),
                        Map.of("account_id", Kind.ACCOUNT_ID, "amount", Kind.AMOUNT, "description", Kind.TEXT)),
                new Command("/commands/transfer", fields("from_account_id", "\"" + payer + "\"", "to_account_id",
                        "\"" + payee + "\"", "amount", "\"1.00\"", "description", "\"t\""),
                        Map.of("from_account_id", Kind.ACCOUNT_ID, "to_account_id", Kind.ACCOUNT_ID,
                                "amount", Kind.AMOUNT, "description", Kind.TEXT)));
    }

    @Provide
    Arbitrary<Integer> fieldIndexes() {
        return Arbitraries.integers().between(0, 3);
    }

    /** JSON values an account id field can never take: other types, empty, too long, a character outside the set. */
    @Provide
    Arbitrary<String> hostileIds() {
        Arbitrary<String> outside = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(0).ofMaxLength(20)
                .flatMap(prefix -> Arbitraries.of(" ", "/", ".", "%", "'", ";", "\\\\", "\\\"", "\\u0000", "\\n",
                        "é", "€", "😀", "\\u202e").map(bad -> "\"" + prefix + bad + "\""));
        Arbitrary<String> tooLong = Arbitraries.integers().between(65, 5_000).map(n -> "\"" + "A".repeat(n) + "\"");
        return Arbitraries.oneOf(outside, tooLong, nonStrings(), Arbitraries.just("\"\""),
                Arbitraries.of("\"ACC-1' OR '1'='1\"", "\"ACC-1; DROP TABLE events; --\"", "\"../../etc/passwd\""));
    }

    /** JSON values an amount moved can never take in USD: not positive, or never a valid opening balance. */
    @Provide
    Arbitrary<String> hostileAmounts() {
        return Arbitraries.oneOf(hostileBalances(), Arbitraries.of("\"0\"", "\"0.00\"", "\"-0\"", "0", "0.00",
                "-0.0"));
    }

    /** JSON values an opening balance can never take in USD: negative, too many decimals, not a decimal. */
    @Provide
    Arbitrary<String> hostileBalances() {
        Arbitrary<String> negative = Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1_000_000),
                new BigDecimal("-0.01")).ofScale(2).map(amount -> "\"" + amount.toPlainString() + "\"");
        Arbitrary<String> tooFine = Arbitraries.integers().between(1, 999_999)
                .map(units -> "\"" + units + ".001\"");
        Arbitrary<String> huge = Arbitraries.integers().between(40, 400).map(n -> "\"" + "9".repeat(n) + "\"");
        Arbitrary<String> words = Arbitraries.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"0x10\"", "\"1,5\"",
                "\" 1\"", "\"1 \"", "\"\"", "\"one\"", "\"1e999999\"", "\"-1\"", "-1", "1.001", "1e999999");
        return Arbitraries.oneOf(negative, tooFine, huge, words, Arbitraries.of("true", "false", "[]", "{}",
                "[1]", "{\"value\":\"1.00\"}"));
    }

    /** JSON values a name or description can never take: a control or bidi character, or another type. */
    @Provide
    Arbitrary<String> hostileTexts() {
        Arbitrary<String> controls = Arbitraries.strings().alpha().ofMaxLength(30)
                .flatMap(text -> Arbitraries.of("\\u0000", "\\u0007", "\\n", "\\r", "\\t", "\\u007f", "\\u202e",
                        "\\u2066").map(control -> "\"" + text + control + text + "\""));
        return Arbitraries.oneOf(controls, Arbitraries.of("true", "[]", "{}", "[\"a\"]", "{\"text\":\"a\"}"));
    }

    /** JSON values a currency can never take. */
    @Provide
    Arbitrary<String> hostileCurrencies() {
        return Arbitraries.of("\"US\"", "\"USDX\"", "\"U$D\"", "\"123\"", "\"\"", "\"XYZ1\"", "true", "[]", "{}",
                "840");
    }

    @Provide
    Arbitrary<String> hostilePathIds() {
        return Arbitraries.oneOf(Arbitraries.integers().between(65, 2_000).map("A"::repeat),
                Arbitraries.of("%27%20OR%201%3D1", "a%2Fb", "%00", "%E2%80%AE", "A%20B", "%C3%84CC"));
    }

    @Provide
    Arbitrary<String> accountPaths() {
        return Arbitraries.of("/accounts/{id}", "/accounts/{id}/transactions", "/accounts/{id}/balance-at?version=1");
    }

    private static Arbitrary<String> nonStrings() {
        return Arbitraries.of("42", "-1", "1.5", "true", "false", "[]", "{}", "[\"ACC-1\"]", "{\"id\":\"ACC-1\"}");
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        return json.append('}').toString();
    }
}
