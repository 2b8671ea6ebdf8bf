package io.chronicleledger.server.api;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.EventStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

import java.util.Objects;

/**
 * {@code GET /events/stream}: server-sent events of the global log as events commit, each with its global
 * position as the event id. A client resumes where it stopped with {@code Last-Event-ID} (browsers send it on
 * reconnect) or {@code ?after=}; without either, the stream starts with the next event to commit. Each
 * client's buffer is bounded: a client that falls {@value #BUFFER} events behind is disconnected and resumes
 * with its last id.
 */
@Controller("/events/stream")
public final class EventStreamController {

    /** The most events buffered for one client. */
    public static final int BUFFER = 10_000;

    private final EventStore store;

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
    public Publisher<Event<String>> stream(@Header("Last-Event-ID") @Nullable String lastEventId,
                                           @QueryValue @Nullable String after) {
        long start = lastEventId != null
                ? QueryParameters.number("Last-Event-ID", lastEventId.trim()).orElseThrow()
                : QueryParameters.number("after", after).orElseGet(store::headPosition);
        return Flux.<Event<String>>create(sink -> {
            Subscription tail = store.tail(start, event -> sink.next(
                    Event.of(JsonResponses.write(Views.event(event))).id(Long.toString(event.position()))));
            sink.onDispose(tail::close);
        }).onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.ERROR);
    }
}
