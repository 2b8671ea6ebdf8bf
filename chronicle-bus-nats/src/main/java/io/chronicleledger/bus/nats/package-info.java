/**
 * The {@link io.chronicleledger.core.bus.EventBus} on NATS JetStream: {@link io.chronicleledger.bus.nats.NatsEventBus}
 * publishes each event to {@code events.<aggregate>.<event>} with its id as {@code Nats-Msg-Id}, so JetStream
 * drops a repeated publish, and serves durable pull consumers whose subscriptions share the work, with dead
 * letters on {@code dead.events.>}. Configured by {@link io.chronicleledger.bus.nats.NatsBusConfig}.
 */
package io.chronicleledger.bus.nats;
