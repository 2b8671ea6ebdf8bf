package io.chronicleledger.core.projection;

/**
 * Hears how a {@link Projector#rebuild rebuild} advances.
 */
@FunctionalInterface
public interface RebuildProgress {

    /** A listener that ignores progress. */
    RebuildProgress NONE = (position, headPosition) -> { };

    /**
     * Called after each page of events.
     *
     * @param position     the global position applied up to
     * @param headPosition the head of the store when the rebuild started
     */
    void onProgress(long position, long headPosition);
}
