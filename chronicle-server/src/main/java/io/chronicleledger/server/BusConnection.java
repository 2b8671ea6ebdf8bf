package io.chronicleledger.server;

import io.chronicleledger.bus.nats.NatsBusConfig;
import io.chronicleledger.bus.nats.NatsBusException;
import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.bus.DeadLetterListener;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The event bus of the server: NATS JetStream when {@code CHRONICLE_NATS_URL} is set (connected at start; an
 * unreachable NATS stops the server there, and a NATS that goes away later is reconnected to), else in memory.
 * Dead letters are counted in {@code chronicle.bus.dead.letters}, tagged with the consumer. Closed with the
 * server.
 */
@Singleton
public final class BusConnection implements AutoCloseable {

    private final EventBus bus;
    private final Optional<NatsEventBus> nats;

    /**
     * Connects the bus.
     *
     * @param config   the server's configuration
     * @param registry where the dead-letter counter goes
     */
    public BusConnection(ServerConfig config, MeterRegistry registry) {
        DeadLetterListener counted = letter -> Counter.builder("chronicle.bus.dead.letters")
                .description("events a consumer gave up on after max_deliver attempts")
                .tag("consumer", letter.durableName()).register(registry).increment();
        this.nats = config.nats().map(settings -> connect(settings, counted));
        this.bus = nats.<EventBus>map(connected -> connected)
                .orElseGet(() -> InMemoryEventBus.builder().deadLetterListener(counted).build());
    }

    private static NatsEventBus connect(NatsBusConfig settings, DeadLetterListener listener) {
        try {
            return NatsEventBus.connect(settings, listener);
        } catch (NatsBusException e) {
            throw new ConfigException("CHRONICLE_NATS_URL", e.getMessage(), e);
        }
    }

    /**
     * Returns the bus.
     *
     * @return the JetStream or in-memory bus
     */
    public EventBus bus() {
        return bus;
    }

    /**
     * Returns whether the bus is a NATS JetStream one, shared with other processes.
     *
     * @return {@code true} with {@code CHRONICLE_NATS_URL}
     */
    public boolean shared() {
        return nats.isPresent();
    }

    /**
     * Returns whether the bus can be reached now: always in memory; with NATS, while connected.
     *
     * @return {@code true} when reachable
     */
    public boolean connected() {
        return nats.map(NatsEventBus::connected).orElse(true);
    }

    @Override
    @PreDestroy
    public void close() {
        nats.ifPresent(NatsEventBus::close);
    }
}
