/**
 * The projection SPI: read models fed by recorded events, idempotently, and rebuildable from the store.
 *
 * <p>A {@link io.chronicleledger.core.projection.Projection} applies an event only when it is the next
 * version of its stream; the {@link io.chronicleledger.core.projection.Projector} drives it from the bus or
 * the store and fills gaps from the store.
 */
package io.chronicleledger.core.projection;
