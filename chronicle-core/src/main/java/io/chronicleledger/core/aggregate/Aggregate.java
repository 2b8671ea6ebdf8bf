package io.chronicleledger.core.aggregate;

import java.util.List;

/**
 * A consistency boundary modelled as two pure functions: {@link #decide} answers a command from the current
 * state with new events or a rejection, and {@link #evolve} folds one event into the state.
 *
 * <p>The state of a stream is {@code events.reduce(initialState(), evolve)}; implementations must keep
 * {@code evolve} total for every event they ever emitted (old events are never rewritten, only upcast by the
 * codec). Neither function may have side effects or read the time: whatever varies (ids, timestamps) is
 * carried in by the command.
 *
 * @param <S> the state type, immutable
 * @param <C> the command type
 * @param <E> the event type
 * @param <R> the rejection type
 */
public interface Aggregate<S, C, E, R extends Rejection> {

    /**
     * Returns the state of a stream that has no events yet.
     *
     * @return the initial state
     */
    S initialState();

    /**
     * Returns the state after {@code event}.
     *
     * @param state the state before the event
     * @param event an event of this aggregate
     * @return the new state
     */
    S evolve(S state, E event);

    /**
     * Decides what a command does to the state: the events to record, or why it is refused.
     *
     * @param state   the current state
     * @param command the command
     * @return the events to append (possibly none), or a rejection
     */
    Decision<E, R> decide(S state, C command);

    /**
     * Folds events into a state.
     *
     * @param state  the state to start from
     * @param events the events, in stream order
     * @return the state after the last event
     */
    default S evolveAll(S state, List<? extends E> events) {
        S result = state;
        for (E event : events) {
            result = evolve(result, event);
        }
        return result;
    }
}
