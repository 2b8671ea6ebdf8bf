package io.chronicleledger.core.aggregate;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link Aggregate#decide}: either the events to record or a rejection.
 *
 * @param <E> the event type
 * @param <R> the rejection type
 */
public sealed interface Decision<E, R extends Rejection> {

    /**
     * Returns a decision that accepts the command with these events.
     *
     * @param events the events to append, in order
     * @param <E>    the event type
     * @param <R>    the rejection type
     * @return the decision
     */
    static <E, R extends Rejection> Decision<E, R> accept(List<E> events) {
        return new Accepted<>(events);
    }

    /**
     * Returns a decision that accepts the command with one event.
     *
     * @param event the event to append
     * @param <E>   the event type
     * @param <R>   the rejection type
     * @return the decision
     */
    static <E, R extends Rejection> Decision<E, R> accept(E event) {
        return new Accepted<>(List.of(event));
    }

    /**
     * Returns a decision that refuses the command.
     *
     * @param rejection why
     * @param <E>       the event type
     * @param <R>       the rejection type
     * @return the decision
     */
    static <E, R extends Rejection> Decision<E, R> reject(R rejection) {
        return new Rejected<>(rejection);
    }

    /**
     * The command is accepted; these events record it.
     *
     * @param events the events, in order
     * @param <E>    the event type
     * @param <R>    the rejection type
     */
    record Accepted<E, R extends Rejection>(List<E> events) implements Decision<E, R> {
        /**
         * Creates the decision; the events are copied.
         *
         * @param events the events, in order
         */
        public Accepted {
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }
    }

    /**
     * The command is refused and changes nothing.
     *
     * @param rejection why
     * @param <E>       the event type
     * @param <R>       the rejection type
     */
    record Rejected<E, R extends Rejection>(R rejection) implements Decision<E, R> {
        /**
         * Creates the decision.
         *
         * @param rejection why
         */
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
