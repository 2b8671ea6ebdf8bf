package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the server's token, CORS, event stream and metrics")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityAndStreamingTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("with CHRONICLE_API_TOKEN set")
    class WithToken {

        private RunningServer server;

        @BeforeAll
        void start() {
            server = RunningServer.start(Map.of("CHRONICLE_API_TOKEN", TOKEN));
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        @DisplayName("a request without the token, or with a wrong one, gets a 401 and changes nothing")
        void missingOrWrongTokenIs401() {
            long head = server.headPosition();
            String body = "{\"account_id\":\"" + RunningServer.newId("T") + "\",\"owner_name\":\"T\","
                    + "\"initial_balance\":1}";
            for (Map<String, String> headers : List.of(Map.<String, String>of(),
                    Map.of("Authorization", "Bearer wrong-token-0123456789"),
                    Map.of("Authorization", TOKEN),
                    Map.of("Authorization", "Basic " + TOKEN))) {
                RunningServer.Response response = server.post("/commands/create-account", body, headers);
                assertThat(response.status()).as("%s", headers).isEqualTo(401);
                assertThat(response.json().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            }
            assertThat(server.send(server.queryPort(), "GET", "/health", null, null, Map.of()).status())
                    .isEqualTo(401);
            assertThat(server.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("the right bearer token opens both APIs")
        void rightTokenWorks() {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
            String id = RunningServer.newId("T");
            RunningServer.Response created = server.post("/commands/create-account", "{\"account_id\":\"" + id
                    + "\",\"owner_name\":\"T\",\"initial_balance\":1}", auth);
            assertThat(created.status()).isEqualTo(201);
            assertThat(server.send(server.queryPort(), "GET", "/health", null, null, auth).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("the event stream takes the token as ?access_token=, since EventSource cannot send headers")
        void streamTakesTokenAsParameter() throws Exception {
            HttpResponse<InputStream> refused = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.queryPort() + "/events/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            refused.body().close();
            assertThat(refused.statusCode()).isEqualTo(401);

            try (EventStream stream = EventStream.open(server.queryPort(), "?after=0&access_token=" + TOKEN, null)) {
                assertThat(stream.status()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("a CORS preflight passes without the token")
        void preflightPassesWithoutToken() {
            RunningServer.Response preflight = server.send(server.ledgerPort(), "OPTIONS", "/commands/deposit", null,
                    null, Map.of("Origin", server.dashboardOrigin(), "Access-Control-Request-Method", "POST",
                            "Access-Control-Request-Headers", "authorization,content-type"));
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(server.dashboardOrigin());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("without a token")
    class Open {

        private RunningServer server;

        @BeforeAll
        void start() {
            server = RunningServer.start();
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        @DisplayName("CORS allows the dashboard's origin, with the headers the dashboard sends, and no other origin")
        void corsAllowsOnlyTheDashboard() {
            RunningServer.Response allowed = server.send(server.ledgerPort(), "OPTIONS", "/commands/transfer", null,
                    null, Map.of("Origin", server.dashboardOrigin(), "Access-Control-Request-Method", "POST",
                            "Access-Control-Request-Headers", "content-type,idempotency-key"));
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(server.dashboardOrigin());
            assertThat(String.join(",", allowed.headers().allValues("Access-Control-Allow-Headers")).toLowerCase())
                    .contains("idempotency-key").contains("content-type");

            RunningServer.Response refused = server.send(server.ledgerPort(), "OPTIONS", "/commands/transfer", null,
                    null, Map.of("Origin", "http://evil.example", "Access-Control-Request-Method", "POST"));
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            RunningServer.Response simple = server.send(server.queryPort(), "GET", "/health", null, null,
                    Map.of("Origin", "http://evil.example"));
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        @DisplayName("the event stream delivers new events in global order, each with its position as id")
        void streamDeliversEventsInOrder() throws Exception {
            try (EventStream stream = EventStream.open(server.queryPort(), "", null)) {
                String a = server.createAccount("S", "10.00");
                server.deposit(a, "5.00");
                String b = server.createAccount("S", "0");
                server.transfer(a, b, "2.50");

                List<JsonNode> events = stream.next(5);
                assertThat(events).extracting(e -> e.path("event_type").asText()).containsExactly(
                        "AccountCreated", "MoneyDeposited", "AccountCreated", "TransferSent", "TransferReceived");
                assertThat(events).extracting(e -> e.path("position").asLong()).isSorted();
                assertThat(stream.ids()).containsExactlyElementsOf(
                        events.stream().map(e -> e.path("position").asText()).toList());
            }
        }

        @Test
        @DisplayName("a client resumes with Last-Event-ID and gets exactly the events after it")
        void streamResumesAfterLastEventId() throws Exception {
            String a = server.createAccount("R", "1.00");
            long first = server.headPosition();
            server.deposit(a, "1.00");
            server.deposit(a, "2.00");

            try (EventStream stream = EventStream.open(server.queryPort(), "", Long.toString(first))) {
                List<JsonNode> events = stream.next(2);
                assertThat(events).extracting(e -> e.path("position").asLong()).containsExactly(first + 1, first + 2);
                assertThat(events).extracting(e -> e.path("event_data").path("amount").asText())
                        .containsExactly("1.00", "2.00");
            }
        }

        @Test
        @DisplayName("a stream asked to start beyond the newest event is refused with 400, so a client can start over")
        void streamBeyondHeadIsRefused() {
            long beyond = server.headPosition() + 1_000;
            RunningServer.Response refused = server.get("/events/stream?after=" + beyond);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").path("field").asText()).isEqualTo("after");
            RunningServer.Response resumed = server.send(server.queryPort(), "GET", "/events/stream", null, null,
                    Map.of("Last-Event-ID", Long.toString(beyond)));
            assertThat(resumed.status()).isEqualTo(400);
            assertThat(resumed.json().path("error").path("field").asText()).isEqualTo("Last-Event-ID");
        }

        @Test
        @DisplayName("/metrics answers Prometheus text on both ports, with requests per route, appends and lag")
        void metricsInPrometheusFormat() {
            server.deposit(server.createAccount("M", "1.00"), "1.00");
            server.get("/health");
            for (int port : List.of(server.ledgerPort(), server.queryPort())) {
                RunningServer.Response metrics = server.send(port, "GET", "/metrics", null, null, Map.of());
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/plain"));
                assertThat(metrics.text())
                        .contains("http_server_requests_seconds_count{")
                        .contains("uri=\"/commands/deposit\"")
                        .contains("chronicle_store_appends_total{outcome=\"appended\"}")
                        .contains("chronicle_store_appends_total{outcome=\"conflict\"}")
                        .contains("chronicle_projection_lag_events");
            }
        }
    }

    /** A server-sent event stream read on its own thread. */
    private static final class EventStream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
        private final List<String> ids = new ArrayList<>();
        private final Thread reader;

        private EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(this::read, "sse-reader");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        static EventStream open(int port, String query, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/events/stream" + query))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }

        int status() {
            return response.statusCode();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        synchronized (ids) {
                            ids.add(line.substring(3).trim());
                        }
                    } else if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                        data.add(line.substring(5).trim());
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        }

        List<JsonNode> next(int count) throws Exception {
            List<JsonNode> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String event = data.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event %d of %d within 10 s", i + 1, count).isNotNull();
                events.add(JSON.readTree(event));
            }
            return events;
        }

        List<String> ids() {
            synchronized (ids) {
                return List.copyOf(ids);
            }
        }

        @Override
        public void close() throws java.io.IOException {
            response.body().close();
        }
    }
}
