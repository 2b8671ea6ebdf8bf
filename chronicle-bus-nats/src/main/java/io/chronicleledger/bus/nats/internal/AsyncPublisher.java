package io.chronicleledger.bus.nats.internal;

import io.chronicleledger.bus.nats.NatsBusException;
import io.chronicleledger.core.store.RecordedEvent;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events to JetStream asynchronously, keeping the order of each stream: the events of a call go out
 * in waves, the first event of every stream in the call, then (once JetStream acknowledged all of those) the
 * second of every stream, and so on; within a wave every event goes out at once, up to a bound of publishes in
 * flight shared by all callers. The call returns once JetStream acknowledged each event (stored, or dropped as a
 * duplicate of its event id). Events whose ack failed or did not come in time are published again, up to
 * {@value #ATTEMPTS} times in all, before the next wave; after that the call fails and the caller (the outbox
 * relay) keeps them.
 *
 * <p>Why waves: when the connection breaks in the middle of a publish, jnats may send what it still had queued
 * once it has reconnected, while an event written to the dying connection was lost. Had a later event of the
 * same stream been in flight with it, the stream would hold the later one first. With at most one unacknowledged
 * event per stream, an event is only sent once its predecessor is stored. A batch spread over many streams (as
 * an outbox's usually is) costs a round trip per wave; a batch of one stream costs one per event.
 */
public final class AsyncPublisher {

    /** How many times an event is sent within one call before the call gives up. */
    public static final int ATTEMPTS = 3;

    private static final long FIRST_PAUSE_MILLIS = 50;

    private final JetStream jetStream;
    private final PublishOptions options;
    private final Subjects subjects;
    private final Semaphore inFlight;
    private final long timeoutNanos;

    /**
     * Creates a publisher.
     *
     * @param jetStream   the JetStream context
     * @param stream      the stream every publish must land in
     * @param subjects    the subject of each event
     * @param maxInFlight the most publishes waiting for an ack at once
     * @param timeout     how long one publish waits for its ack
     */
    public AsyncPublisher(JetStream jetStream, String stream, Subjects subjects, int maxInFlight, Duration timeout) {
        this.jetStream = jetStream;
        this.options = PublishOptions.builder().expectedStream(stream).build();
        this.subjects = subjects;
        this.inFlight = new Semaphore(maxInFlight);
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Publishes events and waits for JetStream to acknowledge every one.
     *
     * @param events the events, in order
     * @return how many of them JetStream reported as duplicates (already stored)
     * @throws NatsBusException when some were still not acknowledged after {@value #ATTEMPTS} attempts
     */
    public int publish(List<RecordedEvent> events) {
        int duplicates = 0;
        for (List<RecordedEvent> wave : waves(events)) {
            duplicates += publishWave(wave, events.size());
        }
        return duplicates;
    }

    /**
     * Splits events into waves: wave {@code i} holds the {@code i}-th event of each stream, in call order.
     *
     * @param events the events of a call
     * @return the waves, in order
     */
    static List<List<RecordedEvent>> waves(List<RecordedEvent> events) {
        List<List<RecordedEvent>> waves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RecordedEvent event : events) {
            int wave = seen.merge(event.aggregateId(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(event);
        }
        return waves;
    }

    private int publishWave(List<RecordedEvent> wave, int callSize) {
        List<RecordedEvent> pending = wave;
        int duplicates = 0;
        Throwable lastFailure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Outcome outcome = publishOnce(pending);
            duplicates += outcome.duplicates;
            if (outcome.failed.isEmpty()) {
                return duplicates;
            }
            pending = outcome.failed;
            lastFailure = outcome.lastFailure;
            if (attempt < ATTEMPTS) {
                pause(FIRST_PAUSE_MILLIS << (attempt - 1), lastFailure);
            }
        }
        throw new NatsBusException(pending.size() + " of " + callSize
                + " events were not acknowledged by JetStream after " + ATTEMPTS + " attempts", lastFailure);
    }

    private Outcome publishOnce(List<RecordedEvent> events) {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(events.size());
        long deadline = System.nanoTime() + timeoutNanos;
        for (RecordedEvent event : events) {
            acks.add(send(event, deadline));
        }
        Outcome outcome = new Outcome();
        for (int i = 0; i < acks.size(); i++) {
            CompletableFuture<PublishAck> ack = acks.get(i);
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                if (ack.get(remaining, TimeUnit.NANOSECONDS).isDuplicate()) {
                    outcome.duplicates++;
                }
            } catch (ExecutionException | TimeoutException e) {
                ack.cancel(false); // frees its place in flight now; a late ack changes nothing
                outcome.failed(events.get(i), e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                acks.forEach(pending -> pending.cancel(false));
                throw new NatsBusException("interrupted while waiting for JetStream's acks", e);
            }
        }
        return outcome;
    }

    private CompletableFuture<PublishAck> send(RecordedEvent event, long deadline) {
        try {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new TimeoutException(
                        "no place among the publishes in flight: JetStream does not ack"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(EventMessages.toMessage(event,
                    subjects.of(event.aggregateType(), event.eventType())), options);
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
        ack.whenComplete((done, failure) -> inFlight.release());
        return ack;
    }

    private static void pause(long millis, Throwable cause) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsBusException("interrupted while retrying a publish", cause);
        }
    }

    /** What one round of publishes came to. */
    private static final class Outcome {
        private final List<RecordedEvent> failed = new ArrayList<>();
        private int duplicates;
        private Throwable lastFailure;

        void failed(RecordedEvent event, Throwable cause) {
            failed.add(event);
            lastFailure = cause;
        }
    }
}
