package io.chronicleledger.core.aggregate;

import io.chronicleledger.core.store.RecordedEvent;

import java.util.List;
import java.util.Objects;

/**
 * What an {@link AggregateRepository} did with a command: recorded its events, or refused it. A command retried
 * with its idempotency key gets the original outcome, marked {@code replayed}.
 *
 * @param <R> the rejection type
 */
public sealed interface CommandOutcome<R extends Rejection> {

    /**
     * Whether this is the remembered outcome of an earlier request with the same idempotency key.
     *
     * @return true for a retry's answer
     */
    boolean replayed();

    /**
     * The command was recorded.
     *
     * @param events   the events as stored (possibly none), in the order of the decision
     * @param response the response remembered with the idempotency key ({@code "{}"} without one)
     * @param replayed whether this answers a retry
     * @param <R>      the rejection type
     */
    record Recorded<R extends Rejection>(List<RecordedEvent> events, String response, boolean replayed)
            implements CommandOutcome<R> {

        /**
         * Checks the values; the events are copied.
         *
         * @param events   the events
         * @param response the response
         * @param replayed whether this answers a retry
         */
        public Recorded {
            events = List.copyOf(events);
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The command was refused and changed nothing.
     *
     * @param rejection why
     * @param replayed  whether this answers a retry
     * @param <R>       the rejection type
     */
    record Refused<R extends Rejection>(R rejection, boolean replayed) implements CommandOutcome<R> {

        /**
         * Checks the values.
         *
         * @param rejection why
         * @param replayed  whether this answers a retry
         */
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /**
     * The idempotency key was used before for another request; nothing was recorded.
     *
     * @param key the key
     * @param <R> the rejection type
     */
    record KeyReused<R extends Rejection>(String key) implements CommandOutcome<R> {

        /**
         * Checks the key.
         *
         * @param key the key
         */
        public KeyReused {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean replayed() {
            return false;
        }
    }
}
