package io.chronicleledger.core.aggregate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one stream as an {@link AggregateRepository} loaded it.
 *
 * @param streamId      the stream
 * @param state         the state after the stream's first {@code version} events
 * @param version       how many events the state folds; 0 for a stream without events
 * @param lastChangedAt when the last of them was recorded; empty for a stream without events
 * @param <S>           the state type
 */
public record AggregateState<S>(String streamId, S state, long version, Optional<Instant> lastChangedAt) {

    /**
     * Checks the values.
     *
     * @param streamId      the stream
     * @param state         the state
     * @param version       how many events the state folds, 0 or more
     * @param lastChangedAt when the last of them was recorded
     */
    public AggregateState {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastChangedAt, "lastChangedAt");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
    }

    /**
     * Whether the stream has events.
     *
     * @return {@code version > 0}
     */
    public boolean exists() {
        return version > 0;
    }
}
