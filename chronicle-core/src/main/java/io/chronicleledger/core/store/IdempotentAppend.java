package io.chronicleledger.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An append that carried an idempotency record, as the store remembers it: the record and the events that
 * the append recorded.
 *
 * @param idempotency the record the append carried
 * @param createdAt   when the append committed
 * @param events      the events it recorded, in the order of the append
 */
public record IdempotentAppend(Idempotency idempotency, Instant createdAt, List<RecordedEvent> events) {

    /**
     * Creates the remembered append; the events are copied.
     *
     * @param idempotency the record
     * @param createdAt   the commit time
     * @param events      the events
     */
    public IdempotentAppend {
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(createdAt, "createdAt");
        events = List.copyOf(events);
    }
}
