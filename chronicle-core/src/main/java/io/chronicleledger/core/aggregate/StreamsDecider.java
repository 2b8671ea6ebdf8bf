package io.chronicleledger.core.aggregate;

import java.util.Map;

/**
 * Decides a command that touches several streams at once, such as a transfer between two accounts, from their
 * current states. Like {@link Aggregate#decide}, it must be pure: the repository may call it several times for
 * one command (after a conflict, or on fresh states after a refusal decided on cached ones).
 *
 * @param <S> the state type
 * @param <E> the event type
 * @param <R> the rejection type
 */
@FunctionalInterface
public interface StreamsDecider<S, E, R extends Rejection> {

    /**
     * Decides.
     *
     * @param states the current state of every stream of the command, by stream id
     * @return the events to record, each with its stream (which must be one of the command's), or a rejection
     */
    Decision<StreamEvent<E>, R> decide(Map<String, S> states);
}
