package io.chronicleledger.core.bus;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.AppendSignal;
import io.chronicleledger.core.support.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes what an {@link Outbox} holds to an {@link EventBus}, on its own thread: it reads a batch of
 * unpublished events, publishes them in position order, marks them published, and repeats; when the outbox is
 * empty it waits for {@link #wake()} or the poll interval, whichever comes first. A failure (of the outbox or
 * the bus) is logged and retried after a back-off that doubles up to 5 seconds; the events stay in the outbox
 * meanwhile, so nothing is lost, and the bus drops what it had already received.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.start(store, bus, Duration.ofMillis(50));
 * ...
 * relay.close();
 * }</pre>
 */
public final class OutboxRelay implements Subscription {

    /** The most events one read of the outbox takes. */
    public static final int BATCH_SIZE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Outbox outbox;
    private final EventBus bus;
    private final long pollNanos;
    private final AppendSignal wakeUps = new AppendSignal();
    private final Worker worker;
    private volatile Instant failingSince;

    private OutboxRelay(Outbox outbox, EventBus bus, Duration pollInterval) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.bus = Objects.requireNonNull(bus, "bus");
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        this.pollNanos = pollInterval.toNanos();
        this.worker = new Worker("chronicle-outbox-relay-" + THREADS.incrementAndGet(), wakeUps, this::run);
    }

    /**
     * Starts a relay.
     *
     * @param outbox       the outbox to empty
     * @param bus          the bus to publish to
     * @param pollInterval the longest wait between two reads of an empty outbox when nobody calls
     *                     {@link #wake()}; other processes' appends are seen this late at worst
     * @return the running relay
     * @throws IllegalArgumentException when the interval is not positive
     */
    public static OutboxRelay start(Outbox outbox, EventBus bus, Duration pollInterval) {
        OutboxRelay relay = new OutboxRelay(outbox, bus, pollInterval);
        relay.worker.start();
        return relay;
    }

    /**
     * Returns since when the relay fails (to read the outbox, publish or mark published) without a success in
     * between; empty while it works. Health checks report it.
     *
     * @return the moment of the first failure of the current run of failures, if the relay is failing
     */
    public Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    /** Tells the relay to look at the outbox now: call it after an append of this process commits. */
    public void wake() {
        wakeUps.fire();
    }

    private void run() throws InterruptedException {
        long backoff = Worker.FIRST_BACKOFF_MILLIS;
        while (worker.running()) {
            long seen = wakeUps.generation();
            int relayed;
            try {
                relayed = relayOnce();
                backoff = Worker.FIRST_BACKOFF_MILLIS;
                failingSince = null;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                if (failingSince == null) {
                    failingSince = Instant.now();
                }
                LOG.warn("outbox relay failed; retrying in {} ms", backoff, e);
                backoff = worker.backOff(backoff);
                continue;
            }
            if (relayed < BATCH_SIZE) {
                wakeUps.awaitChange(seen, pollNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private int relayOnce() {
        List<RecordedEvent> events = outbox.unpublished(BATCH_SIZE);
        if (!events.isEmpty()) {
            bus.publish(events);
            outbox.markPublished(events);
        }
        return events.size();
    }

    /** Stops the relay; a batch in progress finishes first (waiting up to 10 seconds). */
    @Override
    public void close() {
        worker.close();
    }
}
