package io.chronicleledger.server;

import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * When {@code CHRONICLE_API_TOKEN} is set, every request must carry it as {@code Authorization: Bearer …}
 * (the event stream may pass it as {@code ?access_token=…}, since browsers' EventSource cannot set headers).
 * Tokens are compared in constant time, through their SHA-256 digests. CORS preflights pass, so that the
 * browser can learn it may send the header; so does the dashboard's page, which asks its user for the token.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ApiTokenFilter implements Ordered {

    /** The path of the event stream, which may carry the token as a query parameter. */
    static final String EVENT_STREAM = "/events/stream";

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> expected;

    /**
     * Creates the filter.
     *
     * @param config the server's configuration
     */
    public ApiTokenFilter(ServerConfig config) {
        this.expected = config.apiToken().map(ApiTokenFilter::digest);
    }

    /**
     * Refuses a request without the right token.
     *
     * @param request the request
     * @return a 401 when the token is missing or wrong, or {@code null} to let the request through
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        if (expected.isEmpty() || request.getMethod() == HttpMethod.OPTIONS
                || DashboardController.isDashboardPath(request.getPath())) {
            return null;
        }
        Optional<String> token = request.getHeaders().getAuthorization()
                .filter(header -> header.startsWith(BEARER))
                .map(header -> header.substring(BEARER.length()).trim());
        if (token.isEmpty() && request.getPath().equals(EVENT_STREAM)) {
            token = request.getParameters().getFirst("access_token");
        }
        if (token.isPresent() && MessageDigest.isEqual(expected.get(), digest(token.get()))) {
            return null;
        }
        return JsonResponses.json(HttpStatus.UNAUTHORIZED, JsonResponses.error("UNAUTHORIZED",
                "send the API token as 'Authorization: Bearer <token>'", null))
                .header("WWW-Authenticate", "Bearer");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
