package io.chronicleledger.core.bus;

/**
 * Hears of the events a bus sets aside as dead letters ({@link DeadLetter}), in the process whose consumer gave
 * up on them: to count them, alert, or keep them for a person to look at. Called on a thread of the bus; it
 * must return quickly and not throw.
 */
@FunctionalInterface
public interface DeadLetterListener {

    /** A listener that does nothing. */
    DeadLetterListener NONE = letter -> { };

    /**
     * Hears of a dead letter.
     *
     * @param letter the event, its consumer, and why it failed
     */
    void onDeadLetter(DeadLetter letter);
}
