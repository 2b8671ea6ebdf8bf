package io.chronicleledger.server.bank;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.LedgerInvariants;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checker that watches the store while the load runs: every few seconds it takes the commands acknowledged
 * so far, then reads the whole store, and checks that the ledger's invariants hold on it (per currency the
 * balances add up to the opening balances plus deposits minus withdrawals, no balance below zero, every
 * {@code TransferSent} with its {@code TransferReceived}, versions without gaps) and that every one of those
 * commands is recorded exactly once, as answered. A read that fails (the store's connections just terminated)
 * is tried again at the next round.
 */
final class StoreWatch {

    private static final Duration EVERY = Duration.ofSeconds(10);

    private final EventStore store;
    private final History history;
    private final Violations violations;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger failedRounds = new AtomicInteger();

    StoreWatch(EventStore store, History history, Violations violations) {
        this.store = store;
        this.history = history;
        this.violations = violations;
    }

    void run() throws InterruptedException {
        while (!stop.get()) {
            long next = System.nanoTime() + EVERY.toNanos();
            while (!stop.get() && System.nanoTime() < next) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (!stop.get()) {
                check();
            }
        }
    }

    private void check() {
        List<History.Entry> acknowledgedSoFar = history.entries();
        try {
            LedgerInvariants.assertHold(store);
            StoreAudit.of(store).checkAcknowledged(acknowledgedSoFar, violations);
            rounds.incrementAndGet();
        } catch (AssertionError broken) {
            violations.add("while the load ran: " + broken.getMessage());
        } catch (RuntimeException storeUnreachable) {
            failedRounds.incrementAndGet();
        }
    }

    void stop() {
        stop.set(true);
    }

    /** How many times the whole store was checked. */
    int rounds() {
        return rounds.get();
    }

    /** How many checks could not read the store. */
    int failedRounds() {
        return failedRounds.get();
    }
}
