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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event bus of the server: NATS JetStream when {@code CHRONICLE_NATS_URL} is set, else in memory. NATS is
 * connected to at start, and its streams set up; while that fails, the start tries again (with a growing pause
 * of at most two seconds) for {@code CHRONICLE_NATS_START_TIMEOUT}, so that a NATS restarting, cut off for a
 * moment or electing a stream leader does not stop a process starting meanwhile; a NATS still unreachable then
 * stops the server, and one that goes away later is reconnected to.
 * Dead letters are counted in {@code chronicle.bus.dead.letters}, tagged with the consumer. Closed with the
 * server.
 */
@Singleton
public final class BusConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusConnection.class);

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
        this.nats = config.nats().map(settings -> connect(settings, counted, config.natsStartTimeout()));
        this.bus = nats.<EventBus>map(connected -> connected)
                .orElseGet(() -> InMemoryEventBus.builder().deadLetterListener(counted).build());
    }

    private static NatsEventBus connect(NatsBusConfig settings, DeadLetterListener listener, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return NatsEventBus.connect(settings, listener);
            } catch (NatsBusException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConfigException("CHRONICLE_NATS_URL", e.getMessage() + " (tried " + attempt
                            + (attempt == 1 ? " time" : " times") + " in " + patience + ")", e);
                }
                LOG.warn("NATS is not ready (attempt {}): {}; trying again", attempt, e.getMessage());
                pause(Math.min(2_000, 250L * attempt));
            }
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("CHRONICLE_NATS_URL", "interrupted while waiting for NATS", e);
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
