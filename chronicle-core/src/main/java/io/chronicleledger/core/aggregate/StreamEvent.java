package io.chronicleledger.core.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event a decision over several streams records, and the stream it goes to.
 *
 * @param streamId the stream
 * @param event    the event
 * @param <E>      the event type
 */
public record StreamEvent<E>(String streamId, E event) {

    /**
     * Checks that neither is missing.
     *
     * @param streamId the stream
     * @param event    the event
     */
    public StreamEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(event, "event");
    }

    /**
     * Puts the events of a decision on one stream into that stream, for a {@link StreamsDecider}.
     *
     * @param streamId the stream
     * @param decision the decision of the stream's aggregate
     * @param <E>      the event type
     * @param <R>      the rejection type
     * @return the same decision, its events each with the stream
     */
    public static <E, R extends Rejection> Decision<StreamEvent<E>, R> inStream(String streamId,
                                                                               Decision<E, R> decision) {
        if (decision instanceof Decision.Rejected<E, R> rejected) {
            return Decision.reject(rejected.rejection());
        }
        List<E> decided = ((Decision.Accepted<E, R>) decision).events();
        if (decided.size() == 1) { // most decisions: an immutable list of one, which the decision keeps uncopied
            return Decision.accept(List.of(new StreamEvent<>(streamId, decided.get(0))));
        }
        List<StreamEvent<E>> events = new ArrayList<>(decided.size());
        for (E event : decided) {
            events.add(new StreamEvent<>(streamId, event));
        }
        return Decision.accept(events);
    }
}
