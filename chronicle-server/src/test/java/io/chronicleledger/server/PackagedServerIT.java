package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the packaged jar the way the README says, and uses it. */
class PackagedServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("the README's run command starts a working ledger on the in-memory adapters, which stops cleanly")
    void readmeRunCommandStartsAWorkingLedger() throws Exception {
        try (PackagedServer server = PackagedServer.start(Map.of())) {
            assertThat(server.log()).contains("in-memory adapters").contains("lost when it stops");

            HttpResponse<String> created = server.post("/commands/create-account",
                    "{\"account_id\":\"ACC-001\",\"owner_name\":\"John Doe\",\"initial_balance\":1000,\"currency\":\"USD\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(created.body()).path("success").asBoolean()).isTrue();

            JsonNode account = awaitAccount(server, "ACC-001");
            assertThat(account.path("balance").asText()).isEqualTo("1000.00");
            assertThat(account.path("currency").asText()).isEqualTo("USD");

            assertThat(server.get(server.dashboardPort(), "/").statusCode()).as("the dashboard").isEqualTo(200);

            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.queryPort() + "/events/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            long stopping = System.nanoTime();
            assertThat(server.stop()).as("the server stops on SIGTERM").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping))
                    .as("an open event stream does not hold the shutdown for its whole grace period")
                    .isLessThan(Duration.ofSeconds(20));
            stream.body().close();
        }
    }

    private static JsonNode awaitAccount(PackagedServer server, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response;
        do {
            response = server.get(server.queryPort(), "/accounts/" + id);
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("account " + id + " never appeared: " + response.body());
    }
}
