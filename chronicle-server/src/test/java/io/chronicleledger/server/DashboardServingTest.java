package io.chronicleledger.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the dashboard's port")
class DashboardServingTest {

    private static final String TOKEN = "dashboard-token-0123456789";

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(Map.of("CHRONICLE_API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("serves the page and its files, without the token, with a policy that allows only the two APIs")
    void servesThePage() {
        RunningServer.Response page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.text()).contains("<html").contains("/static/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'self'")
                        .contains("http://127.0.0.1:" + server.ledgerPort())
                        .contains("http://127.0.0.1:" + server.queryPort()));

        RunningServer.Response script = get("/static/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
    }

    @Test
    @DisplayName("tells the page where the APIs are, on the host the browser used, and that they need a token")
    void configuration() {
        RunningServer.Response config = get("/config.json");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("ledger_url").asText()).isEqualTo("http://127.0.0.1:" + server.ledgerPort());
        assertThat(config.json().path("query_url").asText()).isEqualTo("http://127.0.0.1:" + server.queryPort());
        assertThat(config.json().path("token_required").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/static/missing.js", "/static/app.exe", "/static/..%2F..%2Fetc%2Fpasswd",
        "/static/APP.JS", "/accounts", "/commands/deposit"})
    @DisplayName("answers nothing else: unknown files and, even with the token, API routes are 404")
    void nothingElse(String path) {
        RunningServer.Response response = server.send(server.dashboardPort(), "GET", path, null, null,
                Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @DisplayName("the dashboard's paths are not served on the API ports")
    void notOnTheApiPorts() {
        for (int port : List.of(server.ledgerPort(), server.queryPort())) {
            for (String path : List.of("/", "/config.json", "/static/app.js")) {
                assertThat(server.send(port, "GET", path, null, null, Map.of("Authorization", "Bearer " + TOKEN))
                        .status()).as("%s on %d", path, port).isEqualTo(404);
            }
        }
    }

    private static RunningServer.Response get(String path) {
        return server.send(server.dashboardPort(), "GET", path, null, null, Map.of());
    }
}
