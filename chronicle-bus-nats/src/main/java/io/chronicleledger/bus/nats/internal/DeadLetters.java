package io.chronicleledger.bus.nats.internal;

import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.DeadLetterListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Sets events aside that a consumer gave up on: republishes the message, with its headers and body, to
 * {@code dead.<its subject>} in the dead-letter stream, adding who gave up and why; logs it with its event id;
 * and tells the {@link DeadLetterListener}. The dead letter's message id is the event id and the consumer's
 * name, so a dead letter set aside twice (by a consumer that crashed in between) is kept once.
 */
public final class DeadLetters {

    /** The header naming the consumer that gave up. */
    public static final String CONSUMER = "Chronicle-Dead-Consumer";

    /** The header counting the deliveries made. */
    public static final String ATTEMPTS = "Chronicle-Dead-Attempts";

    /** The header saying why the last delivery failed. */
    public static final String REASON = "Chronicle-Dead-Reason";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON_LENGTH = 1_000;

    private final JetStream jetStream;
    private final PublishOptions options;
    private final DeadLetterListener listener;

    /**
     * Creates the dead letters of a bus.
     *
     * @param jetStream the JetStream context
     * @param stream    the dead-letter stream
     * @param listener  who hears of them
     */
    public DeadLetters(JetStream jetStream, String stream, DeadLetterListener listener) {
        this.jetStream = jetStream;
        this.options = PublishOptions.builder().expectedStream(stream).build();
        this.listener = listener;
    }

    /**
     * Sets an event aside.
     *
     * @param letter  the event, its consumer and why
     * @param message the message it came in
     */
    public void add(DeadLetter letter, Message message) {
        LOG.error("consumer {} gave up on event {} (position {}) after {} deliveries: {}", letter.durableName(),
                letter.event().eventId(), letter.event().position(), letter.attempts(), letter.reason());
        keep(message, letter.durableName(), letter.attempts(), letter.reason(),
                letter.event().eventId() + ":" + letter.durableName());
        try {
            listener.onDeadLetter(letter);
        } catch (RuntimeException e) {
            LOG.warn("the dead-letter listener failed on event {}", letter.event().eventId(), e);
        }
    }

    /**
     * Sets aside a message that is not a recorded event at all; the listener, which takes events, does not hear
     * of it.
     *
     * @param durableName the consumer that received it
     * @param message     the message
     * @param failure     why it cannot be read
     */
    public void unreadable(String durableName, Message message, IllegalArgumentException failure) {
        LOG.error("consumer {} received a message on {} that is not a recorded event; set aside: {}", durableName,
                message.getSubject(), failure.getMessage());
        keep(message, durableName, 1, DeadLetter.reasonOf(failure),
                message.getSubject() + ":" + message.metaData().streamSequence() + ":" + durableName);
    }

    private void keep(Message message, String durableName, int attempts, String reason, String messageId) {
        Headers headers = new Headers(message.getHeaders())
                .put(CONSUMER, durableName)
                .put(ATTEMPTS, Integer.toString(attempts))
                .put(REASON, oneLine(reason))
                .put(EventMessages.MSG_ID, messageId);
        try {
            jetStream.publish(Subjects.DEAD + message.getSubject(), headers, message.getData(), options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.error("consumer {} could not keep a dead letter in the dead-letter stream; it is only logged",
                    durableName, e);
        }
    }

    private static String oneLine(String reason) {
        String line = reason.replace('\r', ' ').replace('\n', ' ');
        return line.length() > MAX_REASON_LENGTH ? line.substring(0, MAX_REASON_LENGTH) : line;
    }
}
