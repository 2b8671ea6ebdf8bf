package io.chronicleledger.server;

import io.chronicleledger.server.RunningServer.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

import static io.chronicleledger.server.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Rate limit per client")
class RateLimitTest {

    private static final long MILLI = 1_000_000L;

    @Test
    @DisplayName("a bucket lets a second's worth through at once, then one request per 1/limit seconds")
    void bucket() {
        RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(4, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.take(0)).as("request %d of the burst", i + 1).isZero();
        }
        assertThat(bucket.take(0)).as("the fifth waits a quarter second").isEqualTo(250 * MILLI);
        assertThat(bucket.take(100 * MILLI)).as("100 ms later, 150 ms to go").isEqualTo(150 * MILLI);
        assertThat(bucket.take(250 * MILLI)).isZero();
        assertThat(bucket.take(10_000 * MILLI)).as("a long pause refills one second's worth, no more").isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(10_000 * MILLI)).isZero();
        }
        assertThat(bucket.take(10_000 * MILLI)).isPositive();
    }

    @Test
    @DisplayName("over the limit: 429 RATE_LIMITED with Retry-After, nothing recorded; /health is never limited")
    void overTheLimit() throws InterruptedException {
        try (RunningServer server = RunningServer.start(Map.of("CHRONICLE_RATE_LIMIT", "5"))) {
            long head = server.headPosition();
            long start = System.nanoTime();
            List<Response> answers = IntStream.range(0, 20).parallel()
                    .mapToObj(i -> server.post("/commands/deposit", "{\"account_id\":\"NOPE-1\",\"amount\":\"1.00\"}"))
                    .toList();
            // the bucket holds 5 and refills 5 a second: at most 5 + 5 per second taken pass (more time on a busy
            // machine lets more through, but never more than that)
            long passable = 5 + (long) Math.ceil(5 * (System.nanoTime() - start) / 1e9);
            List<Response> limited = answers.stream().filter(answer -> answer.status() == 429).toList();
            assertThat(limited).as("20 requests at once with a limit of 5 per second")
                    .hasSizeGreaterThanOrEqualTo((int) Math.max(1, 20 - passable));
            Response first = limited.get(0);
            assertError(first, 429, "RATE_LIMITED", null);
            long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2L);
            assertThat(server.headPosition()).isEqualTo(head);
            assertThat(server.get("/health").status()).isNotEqualTo(429);

            Thread.sleep(retryAfter * 1_000);
            assertThat(server.get("/accounts/NOPE-1").status()).as("after Retry-After").isEqualTo(404);
        }
    }
}
