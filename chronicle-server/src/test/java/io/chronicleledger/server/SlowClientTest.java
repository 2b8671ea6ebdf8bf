package io.chronicleledger.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients: a request that trickles in is answered 408 REQUEST_TIMEOUT once {@link RequestDeadline#LIMIT}
 * has passed since its first byte, and changes nothing; a kept-alive connection that waits longer than that
 * between two requests is not cut.
 */
@DisplayName("a slow client")
class SlowClientTest {

    private static final Duration ANSWER_BOUND = RequestDeadline.LIMIT.plusSeconds(10);

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        server.post("/commands/create-account",
                "{\"account_id\":\"SLOW-1\",\"owner_name\":\"Slow\",\"initial_balance\":\"10.00\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("whose body trickles in gets 408 REQUEST_TIMEOUT within the bound, its connection closed, nothing"
            + " recorded; headers that trickle in too; a kept-alive connection idle for longer is still served")
    void slowRequests() throws Exception {
        String body = "{\"account_id\":\"SLOW-1\",\"amount\":\"1.00\"}";
        CompletableFuture<String> slowBody = trickle("POST /commands/deposit HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n", body);
        CompletableFuture<String> slowHeaders = trickle("", "POST /commands/deposit HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        CompletableFuture<String> idleBetween = CompletableFuture.supplyAsync(this::twoRequestsFarApart);

        for (CompletableFuture<String> trickled : List.of(slowBody, slowHeaders)) {
            String answer = trickled.get(ANSWER_BOUND.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Content-Type: application/json")
                    .contains("\"code\":\"REQUEST_TIMEOUT\"");
        }
        assertThat(idleBetween.get(ANSWER_BOUND.toSeconds() + 5, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200 ");
        assertThat(server.get("/accounts/SLOW-1").json().path("balance").asText()).isEqualTo("10.00");
    }

    /**
     * Sends {@code head} at once, then {@code rest} a byte every 300 ms; returns everything the server sent until
     * it closed the connection (or the bound passed).
     */
    private CompletableFuture<String> trickle(String head, String rest) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", server.ledgerPort())) {
                socket.setSoTimeout((int) ANSWER_BOUND.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                long deadline = System.nanoTime() + ANSWER_BOUND.toNanos();
                for (int i = 0; i < rest.length() && in.available() == 0 && System.nanoTime() < deadline; i++) {
                    try {
                        out.write(rest.charAt(i));
                        out.flush();
                    } catch (SocketException closed) {
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(300);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Two requests on one connection, the second after waiting longer than the limit; returns the second answer. */
    private String twoRequestsFarApart() {
        String request = "GET /accounts/SLOW-1 HTTP/1.1\r\nHost: test\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.queryPort())) {
            socket.setSoTimeout((int) ANSWER_BOUND.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            readResponse(socket.getInputStream());
            TimeUnit.MILLISECONDS.sleep(RequestDeadline.LIMIT.plusSeconds(1).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readResponse(socket.getInputStream());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int length = -1;
        while (length < 0 || read.size() < length) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            read.write(next);
            String text = read.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (length < 0 && end >= 0) {
                String lengthHeader = text.substring(0, end).lines()
                        .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                        .findFirst().orElse("content-length: 0");
                length = end + 4 + Integer.parseInt(lengthHeader.substring(15).trim());
            }
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
