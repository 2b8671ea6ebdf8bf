/**
 * The event store SPI: atomic, optimistically concurrent appends to one or more streams, stream and global
 * reads, idempotency records, a live tail, and snapshots.
 *
 * <p>An adapter implements {@link io.chronicleledger.core.store.EventStore} and
 * {@link io.chronicleledger.core.store.SnapshotStore} and proves it with the conformance suites of
 * {@code chronicle-testkit}. Event payloads travel as JSON text; the
 * {@link io.chronicleledger.core.codec codec} turns them into typed events.
 */
package io.chronicleledger.core.store;
