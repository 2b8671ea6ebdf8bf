/**
 * The aggregate SPI, a functional decide/evolve model of a consistency boundary, and the command path that
 * serves any such aggregate.
 *
 * <p>An {@link io.chronicleledger.core.aggregate.Aggregate} is pure: it reads no clock, store or network.
 * Its state is a fold of its events ({@link io.chronicleledger.core.aggregate.Aggregate#evolve}); a command
 * is answered with new events or a typed rejection ({@link io.chronicleledger.core.aggregate.Decision}).
 * An {@link io.chronicleledger.core.aggregate.AggregateRepository} runs commands against an aggregate's
 * streams: it loads, decides, appends on the expected versions, retries conflicts and remembers idempotency
 * keys, for one stream or several at once ({@link io.chronicleledger.core.aggregate.StreamsDecider}).
 */
package io.chronicleledger.core.aggregate;
