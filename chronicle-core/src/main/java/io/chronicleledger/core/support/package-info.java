/**
 * Building blocks for adapter authors: the pieces that every store or bus of this project needs and that an
 * adapter outside it should not have to copy. This package is public and supported: its types follow the
 * project's compatibility promise, as the SPIs of {@link io.chronicleledger.core.store store} and
 * {@link io.chronicleledger.core.bus bus} do.
 *
 * <ul>
 *   <li>A live tail on a polling loop: {@link io.chronicleledger.core.support.PollingTail} reads a store's
 *       global log on its own thread and, once caught up, waits on the store's
 *       {@link io.chronicleledger.core.support.AppendSignal}, which the store fires on every append.</li>
 *   <li>A background worker: {@link io.chronicleledger.core.support.Worker} runs a loop on a daemon thread,
 *       pauses after failures with a doubling back-off, and closes promptly.</li>
 *   <li>The {@code created_at} rules: {@link io.chronicleledger.core.support.StreamTimestamps} (microsecond
 *       precision, strictly increasing within a stream, one moment per append).</li>
 *   <li>Recording new events: {@link io.chronicleledger.core.support.RecordedEvents} turns the new events of
 *       one stream of an append into recorded events (global positions, stream versions,
 *       {@code created_at}).</li>
 *   <li>A bounded cache: {@link io.chronicleledger.core.support.BoundedCache}, a small thread-safe
 *       least-recently-used cache.</li>
 *   <li>Retention cut-offs: {@link io.chronicleledger.core.support.Retention}, for sweeps of expired records
 *       such as {@link io.chronicleledger.core.store.IdempotencyRecords#sweepIdempotencyKeys}.</li>
 *   <li>Batches of deliveries: {@link io.chronicleledger.core.support.BatchDispatch} hands a batch to a
 *       {@link io.chronicleledger.core.bus.BatchHandler}, and each delivery of a failed batch again alone.</li>
 *   <li>The project's JSON settings: {@link io.chronicleledger.core.support.Json}.</li>
 * </ul>
 *
 * <p>What the core keeps for itself is in {@code io.chronicleledger.core.internal}, which no other module
 * may use.
 */
package io.chronicleledger.core.support;
