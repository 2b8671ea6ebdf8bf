package io.chronicleledger.core.ledger;

import io.chronicleledger.core.store.RecordedEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link Ledger#execute} did with a command.
 */
public sealed interface CommandResult {

    /**
     * The command was recorded.
     *
     * @param events     the recorded events: one, or two for a transfer (the payer's first)
     * @param transferId the transfer's id, for a transfer
     * @param replayed   {@code true} when this is the answer remembered for a retried idempotency key, and
     *                   nothing new was recorded
     */
    record Accepted(List<RecordedEvent> events, Optional<UUID> transferId, boolean replayed)
            implements CommandResult {

        /**
         * Creates the result; the events are copied.
         *
         * @param events     the recorded events, at least one
         * @param transferId the transfer's id, for a transfer
         * @param replayed   whether this is a remembered answer
         */
        public Accepted {
            events = List.copyOf(events);
            Objects.requireNonNull(transferId, "transferId");
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an accepted command records at least one event");
            }
        }

        /**
         * Returns the id of the first recorded event (the only one, except for a transfer).
         *
         * @return the event id
         */
        public UUID eventId() {
            return events.get(0).eventId();
        }

        /**
         * Returns the highest global position the command wrote; a reader of the read model that has caught
         * up to it sees the command's effect.
         *
         * @return the position
         */
        public long lastPosition() {
            return events.stream().mapToLong(RecordedEvent::position).max().orElseThrow();
        }
    }

    /**
     * The command was refused; nothing was recorded.
     *
     * @param rejection why
     */
    record Rejected(LedgerRejection rejection) implements CommandResult {
        /**
         * Creates the result.
         *
         * @param rejection why
         */
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
