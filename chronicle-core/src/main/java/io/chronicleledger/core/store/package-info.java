/**
 * The event store SPI: atomic, optimistically concurrent appends to one or more streams, stream and global
 * reads, idempotency records, a live tail, and snapshots.
 *
 * <p>An adapter implements {@link io.chronicleledger.core.store.EventStore} and
 * {@link io.chronicleledger.core.store.SnapshotStore}, and beside them, where it can,
 * {@link io.chronicleledger.core.store.Outbox} (the events committed and not yet published, for
 * {@link io.chronicleledger.core.bus.OutboxRelay}) and {@link io.chronicleledger.core.store.IdempotencyRecords}
 * (the expiry of idempotency records); it proves them with the conformance suites of {@code chronicle-testkit}. Event payloads travel as JSON text; the
 * {@link io.chronicleledger.core.codec codec} turns them into typed events.
 */
package io.chronicleledger.core.store;
