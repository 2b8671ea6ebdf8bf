package io.chronicleledger.core.projection;

/**
 * What {@link Projection#apply} did with an event.
 *
 * @param kind               applied, duplicate or gap
 * @param lastAppliedVersion for a gap, the last version of the event's stream that the projection applied
 *                           (0 when none); otherwise 0
 */
public record ApplyResult(Kind kind, long lastAppliedVersion) {

    /** The event was the next version of its stream and is now applied. */
    public static final ApplyResult APPLIED = new ApplyResult(Kind.APPLIED, 0);

    /** The event's version was already applied; nothing changed. */
    public static final ApplyResult DUPLICATE = new ApplyResult(Kind.DUPLICATE, 0);

    /** The three outcomes of an apply. */
    public enum Kind {
        /** Applied. */
        APPLIED,
        /** Already applied before; skipped. */
        DUPLICATE,
        /** Versions are missing before this one; nothing changed. */
        GAP
    }

    /**
     * Returns the outcome of an event that came before the versions preceding it.
     *
     * @param lastAppliedVersion the last version of the stream that is applied
     * @return the outcome
     */
    public static ApplyResult gap(long lastAppliedVersion) {
        return new ApplyResult(Kind.GAP, lastAppliedVersion);
    }
}
