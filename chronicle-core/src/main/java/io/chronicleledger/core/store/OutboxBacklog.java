package io.chronicleledger.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Outbox} holds that nobody has published yet: how many events, and when the oldest of them was
 * recorded. Health checks report it while the bus is away.
 *
 * @param events the number of unpublished events, 0 or more
 * @param oldest the {@code created_at} of the oldest unpublished event; empty when there is none
 */
public record OutboxBacklog(long events, Optional<Instant> oldest) {

    /** The backlog of an outbox that holds nothing. */
    public static final OutboxBacklog EMPTY = new OutboxBacklog(0, Optional.empty());

    /**
     * Creates a backlog.
     *
     * @param events the number of unpublished events
     * @param oldest when the oldest was recorded
     * @throws IllegalArgumentException when the count is negative, or the oldest is missing though events wait
     *                                  (or present though none does)
     */
    public OutboxBacklog {
        Objects.requireNonNull(oldest, "oldest");
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative, was " + events);
        }
        if ((events == 0) != oldest.isEmpty()) {
            throw new IllegalArgumentException("oldest is present exactly when events wait, was " + events
                    + " events and oldest " + oldest);
        }
    }

    /**
     * Returns how long the oldest unpublished event has waited.
     *
     * @param now the present moment
     * @return the age of the oldest event (zero when it is in the future); empty when nothing waits
     */
    public Optional<Duration> age(Instant now) {
        return oldest.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
    }
}
