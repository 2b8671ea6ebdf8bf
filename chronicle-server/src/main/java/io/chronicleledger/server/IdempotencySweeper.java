package io.chronicleledger.server;

import io.chronicleledger.core.store.IdempotencyRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets the idempotency keys older than {@code CHRONICLE_IDEMPOTENCY_RETENTION}, so that the store's table
 * of keys stays bounded: in a process with the Ledger API (role {@code ledger} or {@code all}), it sweeps the store
 * when the server starts, then every {@link #intervalFor 24th of the retention} (at least a minute, at most an
 * hour), on one daemon thread, until the server stops; other roles do not sweep. A failed sweep
 * is logged and the next one runs on schedule. The keys it forgets are counted in
 * {@code chronicle.idempotency.keys.swept}.
 */
@Context
public final class IdempotencySweeper implements AutoCloseable {

    /** The name of the counter of forgotten keys. */
    public static final String SWEPT_COUNTER = "chronicle.idempotency.keys.swept";

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencySweeper.class);
    private static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);
    private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final IdempotencyRecords records;
    private final Duration retention;
    private final Duration interval;
    private final Counter swept;
    private final ScheduledExecutorService executor;

    /**
     * Starts sweeping the server's event store on the schedule of its retention.
     *
     * @param config   the server's configuration, with the retention
     * @param records  the store's idempotency records
     * @param registry where the counter goes
     */
    @Inject
    public IdempotencySweeper(ServerConfig config, IdempotencyRecords records, MeterRegistry registry) {
        this(records, config.idempotencyRetention(), intervalFor(config.idempotencyRetention()), registry,
                config.role().includes(Role.LEDGER));
    }

    /**
     * Starts sweeping on any schedule; for tests.
     *
     * @param records   the records to sweep
     * @param retention how long a key is kept
     * @param interval  the time between the end of one sweep and the start of the next
     * @param registry  where the counter goes
     */
    IdempotencySweeper(IdempotencyRecords records, Duration retention, Duration interval, MeterRegistry registry) {
        this(records, retention, interval, registry, true);
    }

    /**
     * Sweeps on a schedule, or only when asked: a process records keys only in a role with the Ledger API, and
     * only such a process sweeps them, with the retention its ledger promises (a query or processor process left
     * at another retention would forget keys its ledger still promises to remember).
     */
    private IdempotencySweeper(IdempotencyRecords records, Duration retention, Duration interval,
                               MeterRegistry registry, boolean scheduled) {
        this.records = Objects.requireNonNull(records, "records");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.swept = Counter.builder(SWEPT_COUNTER)
                .description("idempotency keys forgotten because they were older than the retention")
                .register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chronicle-idempotency-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        if (scheduled) {
            executor.scheduleWithFixedDelay(this::sweepLogged, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            LOG.info("idempotency keys are remembered for {}, swept every {}", retention, interval);
        } else {
            LOG.debug("this process serves no Ledger API: its ledger processes sweep the idempotency keys");
        }
    }

    /**
     * Returns the time between two sweeps for a retention: a 24th of it, at least a minute and at most an hour.
     * A key thus lives at most the retention and one interval.
     *
     * @param retention how long a key is kept
     * @return the interval
     */
    public static Duration intervalFor(Duration retention) {
        Duration interval = retention.dividedBy(24);
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return interval.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : interval;
    }

    /**
     * Sweeps now, outside the schedule; counts and logs what it forgot.
     *
     * @return how many keys were forgotten
     * @throws RuntimeException when the store fails
     */
    public int sweepNow() {
        int removed = records.sweepIdempotencyKeys(retention);
        swept.increment(removed);
        if (removed == 0) {
            LOG.debug("swept no idempotency key older than {}", retention);
        } else {
            LOG.info("swept {} idempotency keys older than {}", removed, retention);
        }
        return removed;
    }

    private void sweepLogged() {
        try {
            sweepNow();
        } catch (RuntimeException e) {
            // An exception that escaped would cancel every later run.
            LOG.warn("the sweep of idempotency keys older than {} failed; the next one runs in {}", retention,
                    interval, e);
        }
    }

    /** Stops sweeping; a sweep under way may finish first, for a few seconds. */
    @Override
    @PreDestroy
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
