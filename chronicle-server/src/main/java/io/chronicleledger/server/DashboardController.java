package io.chronicleledger.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.server.api.ApiException;
import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the dashboard on its port: the page, its static files (from the {@code chronicle-dashboard} jar,
 * under {@code dashboard/} on the classpath), and {@code /config.json}, which tells the page where the two
 * APIs are and whether they need a token.
 */
@Controller
@Hidden
public final class DashboardController {

    /** The paths this controller serves, which answer on the dashboard port only. */
    static boolean isDashboardPath(String path) {
        return path.equals("/") || path.equals(CONFIG) || path.startsWith(STATIC);
    }

    private static final String CONFIG = "/config.json";
    private static final String STATIC = "/static/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(js|css|svg|png|ico)");
    private static final Map<String, MediaType> TYPES = Map.of(
            "html", MediaType.TEXT_HTML_TYPE,
            "js", MediaType.of("text/javascript"),
            "css", MediaType.of("text/css"),
            "svg", MediaType.of("image/svg+xml"),
            "png", MediaType.IMAGE_PNG_TYPE,
            "ico", MediaType.of("image/x-icon"));

    private final ServerConfig config;
    /** The files read so far; only files that exist, so that unknown names cannot grow it. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /**
     * Creates the controller.
     *
     * @param config the server's configuration
     */
    public DashboardController(ServerConfig config) {
        this.config = config;
    }

    /**
     * Returns the page.
     *
     * @param request the request, whose host the page's API addresses follow
     * @return the page
     */
    @Get("/")
    public HttpResponse<byte[]> index(HttpRequest<?> request) {
        return file("index.html", request);
    }

    /**
     * Returns a static file of the dashboard.
     *
     * @param name    the file name
     * @param request the request
     * @return the file, or a 404
     */
    @Get("/static/{name}")
    public HttpResponse<byte[]> asset(@PathVariable String name, HttpRequest<?> request) {
        if (!ASSET.matcher(name).matches()) {
            throw notFound(name);
        }
        return file(name, request);
    }

    /**
     * Tells the page where the APIs are, and whether they need a token.
     *
     * @param request the request, whose host the default addresses follow
     * @return {@code {"ledger_url","query_url","token_required"}}
     */
    @Get(CONFIG)
    public HttpResponse<String> configuration(HttpRequest<?> request) {
        ObjectNode body = JsonResponses.object()
                .put("ledger_url", ledgerUrl(request))
                .put("query_url", queryUrl(request))
                .put("token_required", config.apiToken().isPresent());
        return JsonResponses.json(HttpStatus.OK, body).header("Cache-Control", "no-store");
    }

    private HttpResponse<byte[]> file(String name, HttpRequest<?> request) {
        byte[] content = files.get(name);
        if (content == null) {
            content = load(name).orElseThrow(() -> notFound(name));
            files.put(name, content);
        }
        MediaType type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return HttpResponse.ok(content).contentType(type)
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; connect-src 'self' " + ledgerUrl(request)
                        + " " + queryUrl(request) + "; img-src 'self' data:; frame-ancestors 'none'");
    }

    private String ledgerUrl(HttpRequest<?> request) {
        return config.dashboardLedgerUrl().orElseGet(() -> sameHost(request, config.ledgerPort()));
    }

    private String queryUrl(HttpRequest<?> request) {
        return config.dashboardQueryUrl().orElseGet(() -> sameHost(request, config.queryPort()));
    }

    /** The address of another port on the host the browser used to reach the dashboard. */
    private String sameHost(HttpRequest<?> request, int port) {
        String host = request.getHeaders().get("Host");
        String name = host == null || host.isBlank() ? config.bind()
                : host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.split(":", 2)[0];
        return config.scheme() + "://" + name + ":" + port;
    }

    private static Optional<byte[]> load(String name) {
        try (InputStream in = DashboardController.class.getResourceAsStream("/dashboard/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + name, e);
        }
    }

    private static ApiException notFound(String name) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "the dashboard has no file " + name, null);
    }
}
