/**
 * Conformance suites that every adapter of the Chronicle Ledger SPIs runs.
 *
 * <p>Each suite is an abstract JUnit Jupiter class with an abstract factory; an adapter proves that it keeps
 * the contract of its SPI by extending the suite in a few lines:
 * <ul>
 *   <li>{@link io.chronicleledger.testkit.EventStoreConformance} for an
 *   {@link io.chronicleledger.core.store.EventStore},</li>
 *   <li>{@link io.chronicleledger.testkit.SnapshotStoreConformance} for a
 *   {@link io.chronicleledger.core.store.SnapshotStore},</li>
 *   <li>{@link io.chronicleledger.testkit.EventBusConformance} for an
 *   {@link io.chronicleledger.core.bus.EventBus}.</li>
 * </ul>
 * The suites group their tests in one {@code @Nested} class per concern. Every test names its streams, keys
 * and durable consumers with a random suffix, so that adapters backed by a shared database or broker may keep
 * the data of earlier tests and runs. The in-memory adapters of {@code chronicle-core} pass the same suites.
 */
package io.chronicleledger.testkit;
