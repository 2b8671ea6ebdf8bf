package io.chronicleledger.bus.nats.internal;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.bus.BatchHandler;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.support.AppendSignal;
import io.chronicleledger.core.support.BatchDispatch;
import io.chronicleledger.core.support.Worker;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of a durable pull consumer, on its own thread: it pulls messages in batches, hands what has
 * arrived to the handler (up to its batch size, without waiting for more) through {@link BatchDispatch}, and
 * settles each message.
 * <ul>
 *   <li>The handler acknowledged it: done.</li>
 *   <li>The handler threw (on it alone, when a batch failed): the message is negatively acknowledged with a delay that doubles with each attempt
 *   (from 50 ms, at most the ack wait), so a failing handler is not hammered; on the consumer's last attempt it
 *   becomes a dead letter instead.</li>
 *   <li>The handler returned without acknowledging: JetStream delivers it again after the ack wait.</li>
 *   <li>It arrives after its last attempt (the handler did not acknowledge it in time then): it becomes a dead
 *   letter without being handled.</li>
 * </ul>
 * JetStream's own {@code max_deliver} is one more than the consumer's, so that this last arrival comes.
 */
public final class PullSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(PullSubscription.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long to wait for a further message of a batch: not at all (jnats waits for ever on zero). */
    private static final Duration NO_WAIT = Duration.ofNanos(1);
    private static final long FIRST_NAK_DELAY_MILLIS = 50;

    /**
     * How long one pull request lives. A pull request does not survive a restart of NATS, and jnats notices the
     * lost pull only by missing heartbeats (every half of this), pulling again after about three of them: with
     * jnats's default of 30 seconds a subscription stayed silent for about 90 seconds after NATS came back; with
     * two seconds it resumes within about five.
     */
    private static final long PULL_EXPIRES_MILLIS = 2_000;

    private final String durableName;
    private final IterableConsumer messages;
    private final BatchHandler handler;
    private final int maxBatchSize;
    private final DeadLetters deadLetters;
    private final int maxDeliver;
    private final long maxNakDelayMillis;
    private final Worker worker;

    private PullSubscription(String durableName, IterableConsumer messages, int maxBatchSize, BatchHandler handler,
                             DeadLetters deadLetters, int maxDeliver, Duration ackWait) {
        this.durableName = durableName;
        this.messages = messages;
        this.maxBatchSize = maxBatchSize;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.maxDeliver = maxDeliver;
        this.maxNakDelayMillis = ackWait.toMillis();
        this.worker = new Worker("chronicle-nats-" + durableName, new AppendSignal(), this::run);
    }

    /**
     * Starts a subscription.
     *
     * @param durableName the consumer's name
     * @param consumer    the consumer
     * @param pullSize     how many messages one pull asks for
     * @param maxBatchSize the most deliveries handed to the handler at once
     * @param handler     the handler of the deliveries
     * @param deadLetters where events go that fail their last attempt
     * @param maxDeliver  the consumer's most deliveries per event
     * @param ackWait     the consumer's ack wait, the longest delay of a negative acknowledgement
     * @return the running subscription
     * @throws IOException           when the server cannot be reached
     * @throws JetStreamApiException when the server refuses the pull
     */
    public static PullSubscription start(String durableName, ConsumerContext consumer, int pullSize,
                                         int maxBatchSize, BatchHandler handler, DeadLetters deadLetters,
                                         int maxDeliver, Duration ackWait) throws IOException, JetStreamApiException {
        IterableConsumer messages = consumer.iterate(ConsumeOptions.builder().batchSize(pullSize)
                .expiresIn(PULL_EXPIRES_MILLIS).build());
        PullSubscription subscription = new PullSubscription(durableName, messages, maxBatchSize, handler,
                deadLetters, maxDeliver, ackWait);
        subscription.worker.start();
        return subscription;
    }

    private void run() throws InterruptedException {
        long backoff = Worker.FIRST_BACKOFF_MILLIS;
        List<NatsDelivery> batch = new ArrayList<>();
        while (worker.running()) {
            try {
                Message message = messages.nextMessage(POLL);
                while (message != null) {
                    accept(message, batch);
                    message = batch.size() < maxBatchSize ? messages.nextMessage(NO_WAIT) : null;
                }
                backoff = Worker.FIRST_BACKOFF_MILLIS;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("consumer {} could not pull; retrying in {} ms", durableName, backoff, e);
                backoff = worker.backOff(backoff);
            }
            if (!batch.isEmpty() && worker.running()) {
                try {
                    BatchDispatch.dispatch(List.copyOf(batch), handler, this::failed);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the next pull ends the loop
                }
            }
            batch.clear();
        }
    }

    /** Adds a message to the batch as a delivery, or sets it aside when it is unreadable or out of attempts. */
    private void accept(Message message, List<NatsDelivery> batch) {
        int attempt = (int) Math.min(Integer.MAX_VALUE, message.metaData().deliveredCount());
        RecordedEvent event;
        try {
            event = EventMessages.fromJson(message.getData());
        } catch (IllegalArgumentException e) {
            deadLetters.unreadable(durableName, message, e);
            message.term();
            return;
        }
        if (attempt > maxDeliver) {
            deadLetters.add(new DeadLetter(durableName, event, maxDeliver, DeadLetter.reasonOf(null)), message);
            message.term();
            return;
        }
        batch.add(new NatsDelivery(message, event, attempt));
    }

    /** Settles a delivery whose handler threw: delivered again after a delay, or a dead letter at the last. */
    private void failed(NatsDelivery delivery, Throwable failure) {
        int attempt = delivery.attempt();
        if (attempt >= maxDeliver) {
            deadLetters.add(new DeadLetter(durableName, delivery.event(), attempt, DeadLetter.reasonOf(failure)),
                    delivery.message);
            delivery.message.term();
        } else {
            long delay = Math.min(maxNakDelayMillis, FIRST_NAK_DELAY_MILLIS << Math.min(attempt - 1, 20));
            LOG.warn("consumer {} failed on event {} (position {}, attempt {}); delivered again in {} ms",
                    durableName, delivery.event().eventId(), delivery.event().position(), attempt, delay, failure);
            delivery.message.nakWithDelay(Duration.ofMillis(delay));
        }
    }

    /** Stops pulling, lets a delivery in progress finish (waiting up to 10 seconds), and unsubscribes. */
    @Override
    public void close() {
        messages.stop();
        worker.close();
        try {
            messages.close();
        } catch (Exception e) {
            LOG.debug("consumer {} did not close cleanly", durableName, e);
        }
    }

    /** A delivery of a JetStream message. */
    private static final class NatsDelivery implements Delivery {
        private final Message message;
        private final RecordedEvent event;
        private final int attempt;

        NatsDelivery(Message message, RecordedEvent event, int attempt) {
            this.message = message;
            this.event = event;
            this.attempt = attempt;
        }

        @Override
        public RecordedEvent event() {
            return event;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public void ack() {
            message.ack();
        }

        /** JetStream's progress acknowledgement ({@code +WPI}): the ack wait starts over, no attempt is counted. */
        @Override
        public void inProgress() {
            message.inProgress();
        }
    }
}
