package io.chronicleledger.core.store;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link EventStore#append}. Every expected outcome is a case of this type; only failures of
 * the store itself (an unreachable database, say) are exceptions.
 */
public sealed interface AppendResult {

    /**
     * Everything was recorded.
     *
     * @param events the recorded events, in the order of the request (streams in order, then events in order);
     *               empty for an append of an idempotency record alone
     */
    record Appended(List<RecordedEvent> events) implements AppendResult {
        /**
         * Creates the outcome; the events are copied.
         *
         * @param events the recorded events
         */
        public Appended {
            events = List.copyOf(events);
        }

        /**
         * Returns the highest global position this append wrote.
         *
         * @return the position of the last event, 0 when the append recorded none
         */
        public long lastPosition() {
            long last = 0;
            for (RecordedEvent event : events) {
                last = Math.max(last, event.position());
            }
            return last;
        }
    }

    /**
     * Nothing was recorded: a stream's version was not the expected one (another writer got there first).
     * Reload and decide again.
     *
     * @param streamId        the first stream found in conflict
     * @param expectedVersion the version the request expected
     * @param actualVersion   the stream's version when the append was refused
     */
    record VersionConflict(String streamId, long expectedVersion, long actualVersion) implements AppendResult {
        /**
         * Creates the outcome.
         *
         * @param streamId        the stream
         * @param expectedVersion the expected version
         * @param actualVersion   the actual version
         */
        public VersionConflict {
            Objects.requireNonNull(streamId, "streamId");
        }
    }

    /**
     * Nothing was recorded because the idempotency key was already stored with the same request hash: this is
     * a retry, and the original append is its answer.
     *
     * @param original the append that first used the key
     */
    record Replayed(IdempotentAppend original) implements AppendResult {
        /**
         * Creates the outcome.
         *
         * @param original the original append
         */
        public Replayed {
            Objects.requireNonNull(original, "original");
        }
    }

    /**
     * Nothing was recorded because the idempotency key was already stored for a different request.
     *
     * @param key the key in question
     */
    record IdempotencyKeyReused(String key) implements AppendResult {
        /**
         * Creates the outcome.
         *
         * @param key the key
         */
        public IdempotencyKeyReused {
            Objects.requireNonNull(key, "key");
        }
    }
}
