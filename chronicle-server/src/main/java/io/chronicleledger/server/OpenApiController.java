package io.chronicleledger.server;

import io.chronicleledger.server.api.JsonResponses;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /openapi.yml}: the OpenAPI 3 description of both APIs, on both ports. The document is generated from
 * the controllers and their annotations at compile time by micronaut-openapi (an annotation processor of this
 * module), which writes it to {@value #DOCUMENT} in the jar; this controller serves that resource as it is. The
 * definition of the document as a whole (title, servers, security schemes) is the annotations of this class.
 */
@Controller("/openapi.yml")
@Tag(name = "Operations")
@OpenAPIDefinition(
        info = @Info(title = "Chronicle Ledger", version = "0.1.0",
                description = "The HTTP API of the Chronicle Ledger reference server: the Ledger API (commands) on"
                        + " the ledger port, the Query API on the query port, and /health, /metrics and this"
                        + " document on both. A request on the other API's port answers 404 NOT_FOUND. Every"
                        + " JSON error has the ErrorBody shape {\"success\": false, \"error\": {\"code\","
                        + " \"message\", \"field\"?}}; an unknown route or method answers 404 NOT_FOUND or 405"
                        + " METHOD_NOT_ALLOWED with it. Amounts are written as decimal strings with the currency's"
                        + " minor units, times as ISO-8601 in UTC, names in snake_case."),
        servers = {
            @Server(url = "http://127.0.0.1:4002", description = "The ledger port (CHRONICLE_LEDGER_PORT, default"
                    + " 4002)"),
            @Server(url = "http://127.0.0.1:4001", description = "The query port (CHRONICLE_QUERY_PORT, default"
                    + " 4001)")
        },
        security = @SecurityRequirement(name = ApiDocs.BEARER))
@SecurityScheme(name = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The API token, when the server runs with CHRONICLE_API_TOKEN set (then every request needs"
                + " it, except CORS preflights); without it, no request needs a token.")
@SecurityScheme(name = ApiDocs.ACCESS_TOKEN, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.QUERY,
        paramName = "access_token", description = "The API token as a query parameter, accepted by"
                + " GET /events/stream only (browsers' EventSource cannot set headers).")
public final class OpenApiController {

    /** Where micronaut-openapi writes the document: its file name is set in the module's compiler arguments. */
    public static final String DOCUMENT = "META-INF/swagger/chronicle-ledger.yml";

    /** The content type of the document (RFC 9512). */
    public static final String YAML = "application/yaml";

    private final Optional<String> document;

    /** Creates the controller and reads the document from the class path. */
    public OpenApiController() {
        this.document = read();
    }

    /**
     * Returns the OpenAPI document.
     *
     * @return 200 with the YAML document; 404 when this build has none
     */
    @Get
    @Produces(YAML)
    @Operation(operationId = "openApiDocument", summary = "Returns this OpenAPI document.")
    @ApiResponse(responseCode = "200", description = "The OpenAPI 3 document of both APIs, generated from the code.",
            content = @Content(mediaType = YAML, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: this build carries no document.",
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> document() {
        return document.<HttpResponse<String>>map(text -> HttpResponse.ok(text).contentType(YAML))
                .orElseGet(() -> JsonResponses.json(HttpStatus.NOT_FOUND, JsonResponses.error("NOT_FOUND",
                        "this build of the server carries no OpenAPI document", null)));
    }

    private static Optional<String> read() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + DOCUMENT, e);
        }
    }
}
