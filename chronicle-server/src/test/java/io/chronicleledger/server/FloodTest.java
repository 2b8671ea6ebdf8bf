package io.chronicleledger.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of requests, all at once: the threads that run requests and the requests waiting for them stay within
 * {@code CHRONICLE_REQUEST_THREADS} and {@code CHRONICLE_REQUEST_QUEUE}; the rest is refused at once with a 503
 * {@code SERVER_BUSY} and {@code Retry-After}; probes still answer; the server serves normally afterwards, and
 * the flood leaves nothing on the heap to speak of.
 */
@DisplayName("a flood of requests")
class FloodTest {

    private static final int THREADS = 2;
    private static final int QUEUE = 4;
    private static final int REQUESTS = 500;
    /** What a flood may leave on the heap: far less than it would keep if requests queued without bound. */
    private static final long HEAP_KEPT_AT_MOST = 128L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("keeps to the request threads and queue, refuses the rest with 503 SERVER_BUSY, and recovers")
    void boundedUnderFlood() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of(
                "CHRONICLE_REQUEST_THREADS", Integer.toString(THREADS),
                "CHRONICLE_REQUEST_QUEUE", Integer.toString(QUEUE)))) {
            String account = server.createAccount("FLOOD", "10.00");
            server.awaitAccountVersion(account, 1);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long heapBefore = heapAfterGc();
            HttpRequest read = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
                    + "/accounts/" + account + "/transactions")).timeout(Duration.ofSeconds(60)).build();
            Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
            AtomicInteger mostRequestThreads = new AtomicInteger();
            List<CompletableFuture<Void>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(http.sendAsync(read, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                    String code = response.statusCode() == 200 ? "200"
                            : response.statusCode() + " " + code(response.body());
                    if (response.statusCode() == 503 && code.endsWith("SERVER_BUSY")) {
                        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    }
                    codes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                }));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                mostRequestThreads.accumulateAndGet(requestThreads(), Math::max);
                assertThat(server.getUnchecked(server.queryPort(), "/health").status()).isEqualTo(200);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

            assertThat(mostRequestThreads.get()).as("request threads during the flood").isBetween(1, THREADS);
            assertThat(codes.keySet()).as("answers: %s", codes)
                    .allMatch(code -> code.equals("200") || code.equals("503 SERVER_BUSY"));
            assertThat(codes.get("503 SERVER_BUSY")).as("some refused at once: %s", codes).isNotNull();
            assertThat(server.deposit(account, "1.00").status()).isEqualTo(200);
            assertThat(heapAfterGc() - heapBefore).as("heap kept after the flood, in bytes")
                    .isLessThan(HEAP_KEPT_AT_MOST);
        }
    }

    /** The heap in use once the collector has run (the server under test shares this JVM). */
    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        TimeUnit.MILLISECONDS.sleep(200);
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The live threads of the request executor, in this JVM (the server under test runs in it). */
    private static int requestThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("chronicle-request-")).count();
    }

    private static String code(String body) {
        try {
            return JSON.readTree(body).path("error").path("code").asText();
        } catch (IOException e) {
            return "not JSON: " + body;
        }
    }
}
