/**
 * The event bus SPI: publishes recorded events to durable consumers, at least once.
 *
 * <p>The bus is not the record: the event store is. A bus distributes what the store committed, so that
 * projections and other consumers hear of it quickly; a consumer that misses something catches up from the
 * store.
 */
package io.chronicleledger.core.bus;
