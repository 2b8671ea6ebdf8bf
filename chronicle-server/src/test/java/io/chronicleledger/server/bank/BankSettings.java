package io.chronicleledger.server.bank;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of the bank test: its seed, how long the load lasts and how large it is. The defaults are the short
 * form that the build runs (about two minutes); system properties make the long form:
 * <pre>{@code
 * ./mvnw -pl chronicle-server -am verify -Dit.test=BankIT -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dchronicle.bank.duration=PT10M -Dchronicle.bank.clients=8 -Dchronicle.bank.seed=42
 * }</pre>
 *
 * @param seed                the seed of the workload and of the fault schedule
 * @param duration            how long clients send commands while faults are injected
 * @param accountsPerCurrency the accounts of each currency
 * @param clients             the client threads sending commands
 * @param readers             the reader threads checking what the Query API shows
 */
record BankSettings(long seed, Duration duration, int accountsPerCurrency, int clients, int readers) {

    /** The property naming the seed; without it, a random one (printed, to rerun with). */
    static final String SEED = "chronicle.bank.seed";

    static BankSettings fromSystemProperties() {
        String seed = System.getProperty(SEED);
        return new BankSettings(
                seed == null || seed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed.trim()),
                Duration.parse(System.getProperty("chronicle.bank.duration", "PT90S")),
                Integer.getInteger("chronicle.bank.accounts", 6),
                Integer.getInteger("chronicle.bank.clients", 6),
                Integer.getInteger("chronicle.bank.readers", 2));
    }

    /** The command line property that reruns this run's schedule and workload. */
    String rerun() {
        return "-D" + SEED + "=" + seed + " -Dchronicle.bank.duration=" + duration + " -Dchronicle.bank.accounts="
                + accountsPerCurrency + " -Dchronicle.bank.clients=" + clients + " -Dchronicle.bank.readers=" + readers;
    }
}
