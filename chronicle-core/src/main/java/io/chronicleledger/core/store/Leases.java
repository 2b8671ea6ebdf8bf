package io.chronicleledger.core.store;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Named leases kept in a store, so that one process among several does a job that must run once at a time
 * (the {@link io.chronicleledger.core.bus.OutboxRelay} of an outbox, for one). A lease has one owner until it
 * expires; the owner renews it while it works, and another process takes it over once it has expired. Expiry is
 * measured on the store's clock, so the processes' clocks need not agree.
 *
 * <p>A lease is not a lock: an owner that stalls longer than the lease's time to live (a long pause of the
 * collector, a lost network) may still act for a moment after another took over. Jobs run under a lease must
 * therefore be harmless when done twice, as publishing to a deduplicating bus is.
 *
 * <p>Stores implement it beside {@link EventStore}. Implementations are safe for use by many threads.
 */
public interface Leases {

    /**
     * Takes the lease, or renews it when {@code owner} holds it already. Succeeds when the lease is free, has
     * expired, or belongs to {@code owner}.
     *
     * @param name  the lease, 1 to 64 letters, digits, {@code -}, {@code _} or {@code .}
     * @param owner who takes it, 1 to 200 characters; unique to the process (and the job) that holds it
     * @param ttl   how long the lease stays with its owner without a renewal, positive
     * @return {@code true} when {@code owner} holds the lease now, for {@code ttl} from now; {@code false} when
     *         another owner holds it
     * @throws IllegalArgumentException when an argument is out of its range
     */
    boolean tryAcquire(String name, String owner, Duration ttl);

    /**
     * Gives the lease up, so that another owner may take it at once. Does nothing when {@code owner} does not
     * hold it.
     *
     * @param name  the lease
     * @param owner its owner
     */
    void release(String name, String owner);

    /**
     * Checks the arguments of {@link #tryAcquire}, for implementations.
     *
     * @param name  the lease
     * @param owner its owner
     * @param ttl   its time to live
     * @throws IllegalArgumentException naming the first bad argument
     */
    static void checkArguments(String name, String owner, Duration ttl) {
        if (name == null || !Names.LEASE.matcher(name).matches()) {
            throw new IllegalArgumentException("a lease name is 1 to 64 letters, digits, '-', '_' or '.', was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (owner == null || owner.isEmpty() || owner.length() > 200) {
            throw new IllegalArgumentException("a lease owner is 1 to 200 characters, was "
                    + (owner == null ? "null" : owner.length() + " characters"));
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least a millisecond, was " + ttl);
        }
    }

    /** The patterns of {@link #checkArguments}. */
    final class Names {
        static final Pattern LEASE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        private Names() {
        }
    }
}
