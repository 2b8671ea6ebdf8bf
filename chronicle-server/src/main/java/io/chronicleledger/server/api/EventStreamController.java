package io.chronicleledger.server.api;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /events/stream}: server-sent events of the global log as events commit, each with its global
 * position as the event id. A client resumes where it stopped with {@code Last-Event-ID} (browsers send it on
 * reconnect) or {@code ?after=}; without either, the stream starts with the next event to commit. Each
 * client's buffer is bounded: a client that falls {@value #BUFFER} events behind is disconnected and resumes
 * with its last id.
 */
@Controller("/events/stream")
@Tag(name = "Query API")
@Server(url = "http://127.0.0.1:4001", description = "The query port (CHRONICLE_QUERY_PORT, default 4001)")
public final class EventStreamController implements GracefulShutdownCapable {

    /** The most events buffered for one client. */
    public static final int BUFFER = 10_000;

    /** The most event streams open at once; one more is refused with a 503. */
    public static final int MAX_STREAMS = 100;

    /** How often an idle stream sends a keep-alive comment. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final EventStore store;
    private final AtomicInteger open = new AtomicInteger();
    private final Sinks.Empty<Void> closing = Sinks.empty();

    /**
     * Creates the controller.
     *
     * @param store the event store whose global log is streamed
     */
    public EventStreamController(EventStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Streams the events after a position.
     *
     * @param lastEventId the position of the last event the client has, sent by browsers on reconnect
     * @param after       the same, as a query parameter
     * @return the stream
     */
    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(operationId = "streamEvents", summary = "Streams the events of the global log as they commit.",
            description = "Server-sent events: each event's id is its global position, its data one EventJson"
                    + " object (see components/schemas/EventJson). A client resumes after the last id it has with"
                    + " Last-Event-ID (browsers send it on reconnect) or after; without either, the stream starts"
                    + " with the next event to commit. A client that falls " + BUFFER + " events behind is disconnected"
                    + " and resumes with its last id. Browsers' EventSource cannot set headers, so this operation"
                    + " also accepts the token as ?access_token=.",
            security = {@SecurityRequirement(name = ApiDocs.BEARER), @SecurityRequirement(name = ApiDocs.ACCESS_TOKEN)})
    @ApiResponse(responseCode = "200", description = "The stream, open until the client leaves.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string",
                    description = "Events such as 'id: 42', 'data: {\"position\":42,…}' and a blank line.")))
    @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: Last-Event-ID or after is not a whole"
            + " number, 0 or more (error.field names it).",
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED + " Here ?access_token= works too.",
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
            content = @Content(mediaType = ApiDocs.JSON_ERROR, schema = @Schema(implementation = ErrorBody.class)))
    public Publisher<Event<String>> stream(
            @Parameter(description = "The global position of the last event the client has; browsers send it on"
                    + " reconnect. Wins over after.", schema = @Schema(type = "integer", format = "int64",
                    minimum = "0"))
            @Header("Last-Event-ID") @Nullable String lastEventId,
            @Parameter(description = "The global position to start after; without it (and Last-Event-ID) the"
                    + " stream starts with the next event to commit.",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @QueryValue @Nullable String after) {
        long head = store.headPosition();
        long start = lastEventId != null
                ? QueryParameters.number("Last-Event-ID", lastEventId.trim()).orElseThrow()
                : QueryParameters.number("after", after).orElse(head);
        if (start > head) {
            throw ApiException.badRequest("INVALID_PARAMETER", "position " + start
                    + " is beyond the newest event, " + head + "; start again from 0",
                    lastEventId != null ? "Last-Event-ID" : "after");
        }
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_STREAMS",
                    "the server already serves " + MAX_STREAMS + " event streams; retry later", null);
        }
        Flux<Event<String>> events = Flux.<Event<String>>create(sink -> {
            Subscription tail = store.tail(start, event -> sink.next(
                    Event.of(JsonResponses.write(Views.event(event))).id(Long.toString(event.position()))));
            sink.onDispose(tail::close);
        }).onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.ERROR);
        return Flux.merge(events, keepAlive())
                .takeUntilOther(closing.asMono())
                .doFinally(signal -> open.decrementAndGet());
    }

    /**
     * Ends every open stream when the server shuts down, so that graceful shutdown does not wait for clients
     * that never leave (they reconnect, with their last id, to the next server).
     *
     * @return a stage already complete: the streams end at once
     */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        closing.tryEmitEmpty();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A comment at once (so that the client sees the stream open before the first event) and every
     * {@link #KEEP_ALIVE} after, so that idle connections survive proxies. Clients ignore comments, and an
     * event with empty data is never dispatched.
     */
    private static Flux<Event<String>> keepAlive() {
        return Flux.interval(Duration.ZERO, KEEP_ALIVE).onBackpressureDrop()
                .map(tick -> Event.of("").comment("keep-alive"));
    }
}
