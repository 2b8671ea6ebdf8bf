package io.chronicleledger.server;

import io.chronicleledger.core.support.BoundedCache;
import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.function.LongSupplier;

/**
 * When {@code CHRONICLE_RATE_LIMIT} is set (requests per second, per client address), answers a client over it
 * with a 429, a JSON error {@code RATE_LIMITED} and {@code Retry-After} (whole seconds). Each client has a token
 * bucket that holds one second's worth of requests and refills at the limit, so a client may burst up to the limit
 * and then keeps to it. The buckets of the {@value #CLIENTS} most recent clients are kept (bounded memory); an
 * evicted client starts again with a full bucket. {@code /health} and {@code /metrics} are never limited (probes),
 * and the filter runs before the token check, so guessing tokens is limited too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RateLimitFilter implements Ordered {

    /** How many clients' buckets are kept. */
    static final int CLIENTS = 10_000;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final BoundedCache<String, Bucket> buckets = new BoundedCache<>(CLIENTS);

    /**
     * Creates the filter.
     *
     * @param config the server's configuration
     */
    public RateLimitFilter(ServerConfig config) {
        this(config.rateLimit(), System::nanoTime);
    }

    RateLimitFilter(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * Refuses a request of a client over the limit.
     *
     * @param request the request
     * @return a 429, or {@code null} to let the request through
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        if (perSecond == 0 || Probes.isProbe(request)) {
            return null;
        }
        long waitNanos = bucket(request.getRemoteAddress().getAddress().getHostAddress()).take(nanoTime.getAsLong());
        if (waitNanos == 0) {
            return null;
        }
        long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return JsonResponses.json(HttpStatus.TOO_MANY_REQUESTS, JsonResponses.error("RATE_LIMITED",
                "more than " + perSecond + " requests per second from this client; retry after " + retryAfter + " s",
                null)).header("Retry-After", Long.toString(retryAfter));
    }

    private Bucket bucket(String client) {
        synchronized (buckets) {
            Bucket bucket = buckets.get(client);
            if (bucket == null) {
                bucket = new Bucket(perSecond, nanoTime.getAsLong());
                buckets.put(client, bucket);
            }
            return bucket;
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    /** A client's tokens: one per request, refilled at the limit, at most one second's worth. */
    static final class Bucket {

        private static final long SECOND = 1_000_000_000L;

        private final int perSecond;
        private double tokens;
        private long refilledAt;

        Bucket(int perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.refilledAt = now;
        }

        /**
         * Takes a token if there is one.
         *
         * @param now the time, in nanoseconds
         * @return 0 when a token was taken, else how long until the next one, in nanoseconds
         */
        synchronized long take(long now) {
            tokens = Math.min(perSecond, tokens + (now - refilledAt) * (double) perSecond / SECOND);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * SECOND / perSecond);
        }
    }
}
