package io.chronicleledger.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("HTTPS from PEM files (CHRONICLE_TLS_CERT, CHRONICLE_TLS_KEY)")
class TlsTest {

    private static final Path TLS = Path.of("src", "test", "resources", "tls");

    @Test
    @DisplayName("every port answers HTTPS with the configured certificate, and no longer plain HTTP")
    void servesHttps() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of(
                "CHRONICLE_TLS_CERT", TLS.resolve("cert.pem").toString(),
                "CHRONICLE_TLS_KEY", TLS.resolve("key.pem").toString()))) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(TLS.resolve("cert.pem")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> account = trusting.send(HttpRequest.newBuilder(URI.create(
                    "https://127.0.0.1:" + server.queryPort() + "/accounts/NOPE-1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(account.statusCode()).isEqualTo(404);
            assertThat(account.body()).contains("ACCOUNT_NOT_FOUND");
            HttpResponse<String> deposit = trusting.send(HttpRequest.newBuilder(URI.create(
                    "https://127.0.0.1:" + server.ledgerPort() + "/commands/deposit"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"account_id\":\"NOPE-1\",\"amount\":\"1.00\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deposit.statusCode()).isEqualTo(404);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.queryPort() + "/accounts/NOPE-1")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("plain HTTP on an HTTPS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    @DisplayName("a certificate without its key, or a file that cannot be read, is refused at start, naming it")
    void refusesHalfOrMissingFiles() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of("CHRONICLE_TLS_CERT", TLS.resolve("cert.pem").toString()),
                List.of())).isInstanceOf(ConfigException.class).hasMessageStartingWith("CHRONICLE_TLS_KEY");
        assertThatThrownBy(() -> ServerConfig.from(Map.of("CHRONICLE_TLS_CERT", TLS.resolve("cert.pem").toString(),
                "CHRONICLE_TLS_KEY", TLS.resolve("missing.pem").toString()), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CHRONICLE_TLS_KEY");
        assertThat(ServerConfig.from(Map.of(), List.of()).scheme()).isEqualTo("http");
    }

    private static SSLContext trusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
