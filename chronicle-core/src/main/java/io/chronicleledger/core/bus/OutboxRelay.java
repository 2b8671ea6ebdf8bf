package io.chronicleledger.core.bus;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.Leases;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes what an {@link Outbox} holds to an {@link EventBus}, on its own thread: it reads a batch of
 * unpublished events, publishes them in position order, marks them published while reading the next batch
 * ({@link Outbox#markPublishedAndReadNext}, one round trip on a database), and repeats; when the outbox is
 * empty it waits for {@link #wake()} or the poll interval, whichever comes first. A failure (of the outbox or
 * the bus) is logged and retried after a back-off that doubles up to 5 seconds; the events stay in the outbox
 * meanwhile, so nothing is lost, and the bus drops what it had already received.
 *
 * <h2>One relay per outbox</h2>
 * When several processes share one store, give each relay the store's {@link Leases}: only the relay that
 * holds the lease publishes, renewing it while it works; the others stand by, trying to take the lease every
 * fifth of its time to live, so that one of them takes over within about {@code 1.2 × ttl} of the holder's
 * death. Closing a relay gives its lease up at once. A relay that stalls past its lease may publish a batch
 * that its successor publishes too; the bus drops the second copy.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder(store, bus)
 *         .pollInterval(Duration.ofMillis(100))
 *         .lease(store, "outbox-relay", Duration.ofSeconds(5))
 *         .start();
 * ...
 * relay.close();
 * }</pre>
 */
public final class OutboxRelay implements Subscription {

    /** The most events one read of the outbox takes. */
    public static final int BATCH_SIZE = 500;

    /** The name of the lease when none is given: one relay per outbox. */
    public static final String DEFAULT_LEASE_NAME = "outbox-relay";

    /** The time to live of the lease when none is given. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Outbox outbox;
    private final EventBus bus;
    private final long pollNanos;
    private final LeaseHolder lease;
    private final AppendSignal wakeUps = new AppendSignal();
    private final Worker worker;
    private volatile Instant failingSince;
    /** Unpublished events read while marking the previous batch published; only the relay's thread uses it. */
    private List<RecordedEvent> next = List.of();

    private OutboxRelay(Builder builder) {
        this.outbox = builder.outbox;
        this.bus = builder.bus;
        this.pollNanos = builder.pollInterval.toNanos();
        this.lease = builder.leases == null ? null
                : new LeaseHolder(builder.leases, builder.leaseName, builder.owner, builder.leaseTtl);
        this.worker = new Worker("chronicle-outbox-relay-" + THREADS.incrementAndGet(), wakeUps, this::run);
    }

    /**
     * Starts a relay without a lease: the only relay of its outbox.
     *
     * @param outbox       the outbox to empty
     * @param bus          the bus to publish to
     * @param pollInterval the longest wait between two reads of an empty outbox when nobody calls
     *                     {@link #wake()}; other processes' appends are seen this late at worst
     * @return the running relay
     * @throws IllegalArgumentException when the interval is not positive
     */
    public static OutboxRelay start(Outbox outbox, EventBus bus, Duration pollInterval) {
        return builder(outbox, bus).pollInterval(pollInterval).start();
    }

    /**
     * Returns a builder of a relay.
     *
     * @param outbox the outbox to empty
     * @param bus    the bus to publish to
     * @return the builder
     */
    public static Builder builder(Outbox outbox, EventBus bus) {
        return new Builder(outbox, bus);
    }

    /**
     * Returns since when the relay fails (to read the outbox, publish, mark published or renew its lease)
     * without a success in between; empty while it works. Health checks report it.
     *
     * @return the moment of the first failure of the current run of failures, if the relay is failing
     */
    public Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    /**
     * Returns whether this relay publishes now: always without a lease; with one, while it holds it. A relay
     * that does not stands by.
     *
     * @return {@code true} when this relay is the one that publishes
     */
    public boolean active() {
        return lease == null || lease.held(System.nanoTime());
    }

    /** Tells the relay to look at the outbox now: call it after an append of this process commits. */
    public void wake() {
        wakeUps.fire();
    }

    private void run() throws InterruptedException {
        long backoff = Worker.FIRST_BACKOFF_MILLIS;
        try {
            while (worker.running()) {
                long seen = wakeUps.generation();
                long waitNanos;
                boolean standingBy;
                try {
                    standingBy = lease != null && !lease.renewIfDue();
                    if (standingBy) {
                        next = List.of();
                        waitNanos = lease.standByNanos();
                    } else {
                        waitNanos = relayOnce() ? 0 : pollNanos;
                    }
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
                if (standingBy) {
                    standBy(waitNanos);
                } else if (waitNanos > 0) {
                    wakeUps.awaitChange(seen, waitNanos, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            if (lease != null) {
                lease.release();
            }
        }
    }

    /**
     * Waits before asking for the lease again, whatever this process appends meanwhile: its wake-ups are for the
     * relay holding the lease, and asking on each would make every append of a standing-by process a write to the
     * lease's row. Closing ends the wait at once.
     */
    private void standBy(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && worker.running(); left = until - System.nanoTime()) {
            wakeUps.awaitChange(wakeUps.generation(), left, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Publishes a batch: the one read with the previous batch's marking, or one read now.
     *
     * @return whether the next batch is read already and holds events, to publish without waiting
     */
    private boolean relayOnce() {
        List<RecordedEvent> events = next.isEmpty() ? outbox.unpublished(BATCH_SIZE) : next;
        next = List.of(); // read again after a failure: another relay may have published them meanwhile
        if (events.isEmpty()) {
            return false;
        }
        bus.publish(events);
        next = outbox.markPublishedAndReadNext(events, BATCH_SIZE);
        return !next.isEmpty();
    }

    /** Stops the relay and gives its lease up; a batch in progress finishes first (waiting up to 10 seconds). */
    @Override
    public void close() {
        worker.close();
    }

    /** The relay's view of its lease: held until a deadline on this process's clock, renewed well before. */
    private static final class LeaseHolder {
        private final Leases leases;
        private final String name;
        private final String owner;
        private final Duration ttl;
        private final long ttlNanos;
        private volatile long heldUntilNanos;
        private volatile boolean held;

        LeaseHolder(Leases leases, String name, String owner, Duration ttl) {
            this.leases = leases;
            this.name = name;
            this.owner = owner;
            this.ttl = ttl;
            this.ttlNanos = ttl.toNanos();
        }

        boolean held(long now) {
            return held && now - heldUntilNanos < 0;
        }

        /**
         * Takes or renews the lease when a third of its time to live has passed since the last renewal, or when
         * it is not held.
         *
         * @return whether this relay holds the lease
         */
        boolean renewIfDue() {
            long now = System.nanoTime();
            if (held(now) && heldUntilNanos - now > ttlNanos * 2 / 3) {
                return true;
            }
            boolean wasHeld = held;
            boolean acquired;
            try {
                acquired = leases.tryAcquire(name, owner, ttl);
            } catch (RuntimeException e) {
                if (!held(System.nanoTime())) {
                    held = false;
                }
                throw e;
            }
            held = acquired;
            if (acquired) {
                heldUntilNanos = now + ttlNanos; // measured from before the call: never later than the store's
            }
            if (acquired != wasHeld) {
                LOG.info(acquired ? "outbox relay {} took the lease {}: it publishes now"
                        : "outbox relay {} lost the lease {}: it stands by", owner, name);
            }
            return acquired;
        }

        long standByNanos() {
            return ttlNanos / 5;
        }

        void release() {
            if (!held) {
                return;
            }
            held = false;
            try {
                leases.release(name, owner);
            } catch (RuntimeException e) {
                LOG.warn("outbox relay {} could not give up the lease {}; it expires by itself", owner, name, e);
            }
        }
    }

    /** Builds an {@link OutboxRelay}. */
    public static final class Builder {
        private final Outbox outbox;
        private final EventBus bus;
        private Duration pollInterval = Duration.ofMillis(100);
        private Leases leases;
        private String leaseName = DEFAULT_LEASE_NAME;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private String owner = "relay-" + UUID.randomUUID();

        private Builder(Outbox outbox, EventBus bus) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            this.bus = Objects.requireNonNull(bus, "bus");
        }

        /**
         * Sets the longest wait between two reads of an empty outbox when nobody calls {@link #wake()} (default
         * 100 ms): other processes' appends are seen this late at worst.
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when the interval is not positive
         */
        public Builder pollInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Makes the relay publish only while it holds a lease of the store (by default it publishes always).
         *
         * @param store the leases, usually the store whose outbox the relay empties
         * @param name  the lease's name: relays of one outbox use the same one
         * @param ttl   how long the lease outlives a holder that stopped renewing it; at least 50 ms
         * @return this builder
         * @throws IllegalArgumentException when the name or the time to live is out of range
         */
        public Builder lease(Leases store, String name, Duration ttl) {
            Leases.checkArguments(name, owner, ttl);
            if (ttl.toMillis() < 50) {
                throw new IllegalArgumentException("lease ttl must be at least 50 ms, was " + ttl);
            }
            this.leases = Objects.requireNonNull(store, "store");
            this.leaseName = name;
            this.leaseTtl = ttl;
            return this;
        }

        /**
         * Sets who this relay is, in the lease table and the logs (default {@code relay-} and a random UUID).
         *
         * @param name unique to this relay among the relays of the outbox, 1 to 200 characters
         * @return this builder
         * @throws IllegalArgumentException when the name is empty or too long
         */
        public Builder owner(String name) {
            Leases.checkArguments(DEFAULT_LEASE_NAME, name, DEFAULT_LEASE_TTL);
            this.owner = name;
            return this;
        }

        /**
         * Starts the relay.
         *
         * @return the running relay
         */
        public OutboxRelay start() {
            OutboxRelay relay = new OutboxRelay(this);
            relay.worker.start();
            return relay;
        }
    }
}
