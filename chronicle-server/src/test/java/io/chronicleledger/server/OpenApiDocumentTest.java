package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.chronicleledger.server.RunningServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /openapi.yml}: the OpenAPI document generated from the code at build time is served on both ports, is
 * OpenAPI 3, describes every endpoint, and describes what the server really answers: every real answer below is
 * checked against the document by {@link OpenApiConformance} (status documented, content type documented, body
 * conforming to the documented schema: no undeclared property, every required one, the right JSON types).
 */
@DisplayName("GET /openapi.yml")
class OpenApiDocumentTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every operation of the two APIs. */
    private static final Set<String> OPERATIONS = Set.of(
            "POST /commands/create-account", "POST /commands/deposit", "POST /commands/withdraw",
            "POST /commands/transfer",
            "GET /accounts", "GET /accounts/{id}", "GET /accounts/{id}/balance-at", "GET /accounts/{id}/transactions",
            "GET /transfers/{id}", "GET /events", "GET /events/stream",
            "GET /health", "GET /metrics", "GET /openapi.yml");

    private static RunningServer server;
    private static Response served;
    private static JsonNode document;
    private static OpenApiConformance api;

    @BeforeAll
    static void startServer() throws IOException {
        server = RunningServer.start();
        served = server.get("/openapi.yml");
        assertThat(served.status()).as("%s", served).isEqualTo(200);
        document = YAML.readTree(served.text());
        api = new OpenApiConformance(document);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    // ---- the document ----

    @Test
    @DisplayName("is served on both ports, as YAML, exactly as micronaut-openapi generated it into the jar")
    void servedOnBothPorts() throws IOException {
        Response onLedgerPort = server.send(server.ledgerPort(), "GET", "/openapi.yml", null, null, Map.of());
        for (Response response : List.of(served, onLedgerPort)) {
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(response.header("Content-Type")).as("%s", response)
                    .hasValueSatisfying(type -> assertThat(OpenApiConformance.essence(type))
                            .isEqualTo("application/yaml"));
            api.assertConforms("GET", "/openapi.yml", response);
        }
        assertThat(onLedgerPort.text()).isEqualTo(served.text());
        try (InputStream generated = getClass().getClassLoader().getResourceAsStream(OpenApiController.DOCUMENT)) {
            assertThat(generated).as("the build generated %s", OpenApiController.DOCUMENT).isNotNull();
            assertThat(new String(generated.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(served.text());
        }
    }

    @Test
    @DisplayName("is OpenAPI 3 with an info object, the bearer scheme, and every endpoint of both APIs")
    void isOpenApi3() {
        assertThat(document.path("openapi").asText()).matches("3\\.\\d+\\.\\d+");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Chronicle Ledger");
        assertThat(document.path("info").path("version").asText()).isNotBlank();
        assertThat(api.operations()).containsExactlyInAnyOrderElementsOf(OPERATIONS);
        assertThat(api.danglingReferences()).as("$refs that point nowhere").isEmpty();

        JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").findValues("bearer")).as("the document requires the bearer scheme")
                .isNotEmpty();

        Set<String> operationIds = new HashSet<>();
        for (String operation : OPERATIONS) {
            String[] methodAndPath = operation.split(" ");
            JsonNode op = api.operation(methodAndPath[0], methodAndPath[1]);
            assertThat(operationIds.add(op.path("operationId").asText())).as("a unique operationId for %s", operation)
                    .isTrue();
            assertThat(op.path("summary").asText()).as("the summary of %s", operation).isNotBlank();
            assertThat(op.path("responses").size()).as("the responses of %s", operation).isPositive();
            op.path("responses").forEach(response -> assertThat(api.resolve(response).path("description").asText())
                    .as("every response of %s has a description", operation).isNotBlank());
            assertThat(op.path("responses").has("401")).as("%s documents the token's 401", operation).isTrue();
            Matcher variables = Pattern.compile("\\{([^}]+)}").matcher(methodAndPath[1]);
            while (variables.find()) {
                JsonNode parameter = parameter(op, variables.group(1), "path");
                assertThat(parameter.path("required").asBoolean()).as("path variable %s of %s is required",
                        variables.group(1), operation).isTrue();
            }
        }
    }

    @Test
    @DisplayName("describes each command's body, the Idempotency-Key header, and the query parameters")
    void parametersAndBodies() {
        Map<String, String> bodies = Map.of("create-account", "CreateAccountRequest", "deposit", "MoneyMovementRequest",
                "withdraw", "MoneyMovementRequest", "transfer", "TransferRequest");
        bodies.forEach((command, schema) -> {
            JsonNode op = api.operation("POST", "/commands/" + command);
            assertThat(op.path("requestBody").path("required").asBoolean()).isTrue();
            assertThat(op.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                    .asText()).isEqualTo("#/components/schemas/" + schema);
            assertThat(parameter(op, "Idempotency-Key", "header").path("required").asBoolean(false)).isFalse();
            assertThat(api.documentedResponse("POST", "/commands/" + command, 200 + (command.equals("create-account")
                    ? 1 : 0), command).path("headers").has("Idempotent-Replayed")).isTrue();
        });
        assertThat(fieldNames(api.componentSchema("CreateAccountRequest").path("properties")))
                .containsExactlyInAnyOrder("account_id", "owner_name", "initial_balance", "currency");
        assertThat(texts(api.componentSchema("CreateAccountRequest").path("required")))
                .containsExactlyInAnyOrder("account_id", "owner_name", "initial_balance");
        assertThat(texts(api.componentSchema("MoneyMovementRequest").path("required")))
                .containsExactlyInAnyOrder("account_id", "amount");
        assertThat(texts(api.componentSchema("TransferRequest").path("required")))
                .containsExactlyInAnyOrder("from_account_id", "to_account_id", "amount");
        JsonNode amount = api.componentSchema("MoneyMovementRequest").path("properties").path("amount");
        assertThat(amount.path("oneOf").findValuesAsText("type")).as("an amount is a string or a number")
                .containsExactlyInAnyOrder("string", "number");
        assertThat(api.componentSchema("AccountJson").path("properties").path("balance").path("type").asText())
                .as("a balance is written as a string").isEqualTo("string");

        parameter(api.operation("GET", "/accounts/{id}"), "min_position", "query");
        parameter(api.operation("GET", "/accounts"), "after", "query");
        parameter(api.operation("GET", "/accounts"), "limit", "query");
        parameter(api.operation("GET", "/accounts/{id}/balance-at"), "timestamp", "query");
        parameter(api.operation("GET", "/accounts/{id}/balance-at"), "version", "query");
        parameter(api.operation("GET", "/accounts/{id}/transactions"), "before", "query");
        parameter(api.operation("GET", "/accounts/{id}/transactions"), "limit", "query");
        for (String name : List.of("after", "limit", "account_id", "type")) {
            parameter(api.operation("GET", "/events"), name, "query");
        }
        JsonNode stream = api.operation("GET", "/events/stream");
        parameter(stream, "Last-Event-ID", "header");
        parameter(stream, "after", "query");
        assertThat(stream.path("security").findValues("access_token"))
                .as("the stream also takes the token as ?access_token=").isNotEmpty();
        assertThat(stream.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
    }

    @Test
    @DisplayName("the checker itself refuses bodies that break a schema")
    void checkerRefusesViolations() {
        JsonNode schema = api.componentSchema("AccountJson");
        ObjectNode good = JSON.createObjectNode().put("account_id", "A-1").put("owner_name", "O")
                .put("balance", "1.00").put("currency", "USD").put("status", "active").put("version", 1)
                .put("created_at", "2026-01-01T00:00:00Z").put("last_updated", "2026-01-01T00:00:00Z");
        api.assertBodyConforms(schema, good, "a good account");
        List<ObjectNode> bad = List.of(
                good.deepCopy().put("extra", 1),
                good.deepCopy().without("owner_name"),
                good.deepCopy().put("balance", 1.0),
                good.deepCopy().put("version", "1"),
                good.deepCopy().put("status", "closed"),
                good.deepCopy().put("created_at", "yesterday"));
        for (ObjectNode body : bad) {
            assertThat(catchAssertion(() -> api.assertBodyConforms(schema, body, "a bad account")))
                    .as("the checker refuses %s", body).isTrue();
        }
        ObjectNode error = JSON.createObjectNode().put("success", false);
        error.putObject("error").put("code", "X").put("message", "m").put("unknown", "u");
        assertThat(catchAssertion(() -> api.assertBodyConforms(api.componentSchema("ErrorBody"), error, "error")))
                .as("an undeclared property inside a $ref'd nested object").isTrue();
        JsonNode amount = api.componentSchema("MoneyMovementRequest");
        assertThat(catchAssertion(() -> api.assertBodyConforms(amount,
                JSON.createObjectNode().put("account_id", "A").put("amount", true), "request")))
                .as("an amount that is neither a string nor a number").isTrue();
    }

    // ---- real answers ----

    @Test
    @DisplayName("describes every answer of the commands, accepted or refused")
    void commandsConform() {
        String a = RunningServer.newId("OA");
        String b = RunningServer.newId("OB");
        Response created = command("create-account", "{\"account_id\":\"" + a + "\",\"owner_name\":\"Ann\","
                + "\"initial_balance\":\"100.00\",\"currency\":\"USD\"}", Map.of(), 201);
        command("create-account", "{\"account_id\":\"" + b + "\",\"owner_name\":\"Bob\",\"initial_balance\":0}",
                Map.of(), 201);
        assertThat(created.json().path("event_id").isTextual()).isTrue();
        command("create-account", "{\"account_id\":\"" + a + "\",\"owner_name\":\"Ann\",\"initial_balance\":1}",
                Map.of(), 409);

        command("deposit", "{\"account_id\":\"" + a + "\",\"amount\":\"25.50\",\"description\":\"pay\"}",
                Map.of(), 200);
        command("deposit", "{\"account_id\":\"" + a + "\",\"amount\":10,\"currency\":\"USD\"}", Map.of(), 200);
        command("deposit", "{\"account_id\":\"NOPE-" + UUID.randomUUID() + "\",\"amount\":1}", Map.of(), 404);
        command("deposit", "{\"account_id\":\"" + a + "\",\"amount\":1,\"currency\":\"EUR\"}", Map.of(), 422);
        command("withdraw", "{\"account_id\":\"" + a + "\",\"amount\":\"5\"}", Map.of(), 200);
        command("withdraw", "{\"account_id\":\"" + a + "\",\"amount\":\"1000000\"}", Map.of(), 422);
        Response transfer = command("transfer", "{\"from_account_id\":\"" + a + "\",\"to_account_id\":\"" + b
                + "\",\"amount\":\"30.00\",\"description\":\"rent\"}", Map.of(), 200);
        assertThat(transfer.json().path("events").size()).isEqualTo(2);
        command("transfer", "{\"from_account_id\":\"" + a + "\",\"to_account_id\":\"" + a + "\",\"amount\":1}",
                Map.of(), 422);

        String key = UUID.randomUUID().toString();
        String keyed = "{\"account_id\":\"" + a + "\",\"amount\":\"1.00\"}";
        command("deposit", keyed, Map.of("Idempotency-Key", key), 200);
        Response replayed = command("deposit", keyed, Map.of("Idempotency-Key", key), 200);
        assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
        command("deposit", "{\"account_id\":\"" + a + "\",\"amount\":\"2.00\"}", Map.of("Idempotency-Key", key), 422);
        command("withdraw", keyed, Map.of("Idempotency-Key", "has space"), 400);

        command("deposit", "{\"account_id\":", Map.of(), 400);
        command("deposit", "{\"account_id\":\"" + a + "\"}", Map.of(), 400);
        command("transfer", "{\"from_account_id\":\"" + a + "\",\"to_account_id\":7,\"amount\":1}", Map.of(), 400);
        Response textPlain = server.send(server.ledgerPort(), "POST", "/commands/deposit",
                keyed.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
        assertThat(textPlain.status()).isEqualTo(415);
        api.assertConforms("POST", "/commands/deposit", textPlain);
        Response tooLarge = server.post("/commands/withdraw", "{\"padding\":\"" + "p".repeat(64 * 1024) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        api.assertConforms("POST", "/commands/withdraw", tooLarge);
    }

    @Test
    @DisplayName("describes every answer of the queries, found or not")
    void queriesConform() {
        String a = server.createAccount("QA", "500.00");
        String b = server.createAccount("QB", "0");
        server.deposit(a, "12.34");
        String transferId = server.transfer(a, b, "100").json().path("transfer_id").asText();
        long position = server.deposit(b, "1").json().path("position").asLong();
        server.awaitCaughtUp();
        String unknown = RunningServer.newId("NONE");

        query("/accounts/{id}", "/accounts/" + a, 200);
        query("/accounts/{id}", "/accounts/" + b + "?min_position=" + position, 200);
        query("/accounts/{id}", "/accounts/" + unknown, 404);
        query("/accounts/{id}", "/accounts/bad%20id", 400);
        query("/accounts/{id}", "/accounts/" + a + "?min_position=-1", 400);

        assertThat(query("/accounts", "/accounts?limit=2", 200).json().has("next_after")).isTrue();
        assertThat(query("/accounts", "/accounts?after=zzzzzzzz", 200).json().has("next_after")).isFalse();
        query("/accounts", "/accounts?limit=0", 400);

        query("/accounts/{id}/balance-at", "/accounts/" + a + "/balance-at?version=2", 200);
        query("/accounts/{id}/balance-at", "/accounts/" + a + "/balance-at?timestamp="
                + RunningServer.encode(Instant.now().plusSeconds(60).toString()), 200);
        query("/accounts/{id}/balance-at", "/accounts/" + a + "/balance-at?version=999", 404);
        query("/accounts/{id}/balance-at", "/accounts/" + a + "/balance-at?timestamp=2000-01-01T00:00:00Z", 404);
        query("/accounts/{id}/balance-at", "/accounts/" + a + "/balance-at", 400);
        query("/accounts/{id}/balance-at", "/accounts/" + unknown + "/balance-at?version=1", 404);

        JsonNode history = query("/accounts/{id}/transactions", "/accounts/" + a + "/transactions", 200).json();
        assertThat(history.path("transactions").findValuesAsText("type")).contains("opening", "deposit",
                "transfer_out");
        query("/accounts/{id}/transactions", "/accounts/" + a + "/transactions?limit=1&before="
                + history.path("next_before").asLong(), 200);
        query("/accounts/{id}/transactions", "/accounts/" + unknown + "/transactions", 404);
        query("/accounts/{id}/transactions", "/accounts/" + a + "/transactions?limit=x", 400);

        query("/transfers/{id}", "/transfers/" + transferId, 200);
        query("/transfers/{id}", "/transfers/" + UUID.randomUUID(), 404);
        query("/transfers/{id}", "/transfers/not-a-uuid", 400);

        query("/events", "/events?account_id=" + a, 200);
        query("/events", "/events?type=TransferSent,TransferReceived&limit=1000", 200);
        query("/events", "/events?after=" + Long.MAX_VALUE / 2, 200);
        query("/events", "/events?limit=1001", 400);

        for (int port : List.of(server.queryPort(), server.ledgerPort())) {
            Response health = server.send(port, "GET", "/health", null, null, Map.of());
            assertThat(health.status()).isEqualTo(200);
            api.assertConforms("GET", "/health", health);
            Response metrics = server.send(port, "GET", "/metrics", null, null, Map.of());
            assertThat(metrics.status()).isEqualTo(200);
            api.assertConforms("GET", "/metrics", metrics);
        }
    }

    @Test
    @DisplayName("describes the event stream: its content type, each event's data, and its refusals")
    void eventStreamConforms() throws Exception {
        String a = server.createAccount("QS", "1");
        server.deposit(a, "2");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
                + "/events/stream?after=0")).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        List<String> firstEvent;
        try (Stream<String> lines = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            String contentType = response.headers().firstValue("Content-Type").orElseThrow();
            JsonNode documented = api.documentedResponse("GET", "/events/stream", 200, "the stream");
            assertThat(fieldNames(documented.path("content")))
                    .anySatisfy(type -> assertThat(OpenApiConformance.essence(type))
                            .isEqualTo(OpenApiConformance.essence(contentType)));
            Iterator<String> iterator = lines.iterator();
            firstEvent = CompletableFuture.supplyAsync(() -> {
                List<String> event = new ArrayList<>();
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.isEmpty() && event.stream().anyMatch(l -> l.startsWith("data:"))) {
                        return event;
                    }
                    event.add(line);
                }
                return event;
            }).get(20, TimeUnit.SECONDS);
        }
        String data = firstEvent.stream().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim())
                .findFirst().orElseThrow();
        String id = firstEvent.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim())
                .findFirst().orElseThrow();
        JsonNode event = JSON.readTree(data);
        api.assertBodyConforms(api.componentSchema("EventJson"), event, "the stream's first event");
        assertThat(event.path("position").asText()).isEqualTo(id);

        Response badLastEventId = server.send(server.queryPort(), "GET", "/events/stream", null, null,
                Map.of("Last-Event-ID", "x"));
        assertThat(badLastEventId.status()).isEqualTo(400);
        api.assertConforms("GET", "/events/stream", badLastEventId);
        Response badAfter = server.get("/events/stream?after=-1");
        assertThat(badAfter.status()).isEqualTo(400);
        api.assertConforms("GET", "/events/stream", badAfter);
    }

    @Test
    @DisplayName("is guarded by the API token like everything else, and documents that 401")
    void guardedByTheToken() {
        String token = "openapi-test-token-" + UUID.randomUUID();
        try (RunningServer guarded = RunningServer.start(Map.of("CHRONICLE_API_TOKEN", token))) {
            for (int port : List.of(guarded.ledgerPort(), guarded.queryPort())) {
                Response anonymous = guarded.send(port, "GET", "/openapi.yml", null, null, Map.of());
                assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
                assertThat(anonymous.header("WWW-Authenticate")).hasValue("Bearer");
                assertThat(anonymous.text()).doesNotContain("openapi:");
                api.assertConforms("GET", "/openapi.yml", anonymous);
                Response wrong = guarded.send(port, "GET", "/openapi.yml", null, null,
                        Map.of("Authorization", "Bearer not-" + token));
                assertThat(wrong.status()).isEqualTo(401);
                Response allowed = guarded.send(port, "GET", "/openapi.yml", null, null,
                        Map.of("Authorization", "Bearer " + token));
                assertThat(allowed.status()).isEqualTo(200);
                assertThat(allowed.text()).isEqualTo(served.text());
                Response health = guarded.send(port, "GET", "/health", null, null, Map.of());
                assertThat(health.status()).isEqualTo(401);
                api.assertConforms("GET", "/health", health);
            }
            Response accounts = guarded.get("/accounts");
            assertThat(accounts.status()).isEqualTo(401);
            api.assertConforms("GET", "/accounts", accounts);
        }
    }

    // ---- helpers ----

    /** Sends a command, asserts its status, and checks the answer (and the body sent) against the document. */
    private static Response command(String command, String body, Map<String, String> headers, int status) {
        String path = "/commands/" + command;
        Response response = server.post(path, body, headers);
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        api.assertConforms("POST", path, response);
        if (status < 300) {
            JsonNode requestSchema = api.operation("POST", path).path("requestBody").path("content")
                    .path("application/json").path("schema");
            try {
                api.assertBodyConforms(requestSchema, JSON.readTree(body), "the request " + body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return response;
    }

    /** GETs a query on the query port, asserts its status, and checks the answer against the document. */
    private static Response query(String template, String path, int status) {
        Response response = server.get(path);
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        api.assertConforms("GET", template, response);
        return response;
    }

    private static JsonNode parameter(JsonNode operation, String name, String in) {
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = api.resolve(parameter);
            if (resolved.path("name").asText().equals(name) && resolved.path("in").asText().equals(in)) {
                assertThat(resolved.path("description").asText()).as("the description of %s", name).isNotBlank();
                assertThat(resolved.path("schema").isObject()).as("the schema of %s", name).isTrue();
                return resolved;
            }
        }
        throw new AssertionError("no " + in + " parameter " + name + " in " + operation.path("operationId"));
    }

    private static boolean catchAssertion(Runnable check) {
        try {
            check.run();
            return false;
        } catch (AssertionError expected) {
            return true;
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
