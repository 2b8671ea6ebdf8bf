/**
 * The aggregate SPI: a functional decide/evolve model of a consistency boundary.
 *
 * <p>An {@link io.chronicleledger.core.aggregate.Aggregate} is pure: it reads no clock, store or network.
 * Its state is a fold of its events ({@link io.chronicleledger.core.aggregate.Aggregate#evolve}); a command
 * is answered with new events or a typed rejection ({@link io.chronicleledger.core.aggregate.Decision}).
 */
package io.chronicleledger.core.aggregate;
