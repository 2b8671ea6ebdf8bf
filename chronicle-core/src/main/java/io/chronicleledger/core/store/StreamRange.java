package io.chronicleledger.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events of a stream to read: versions {@code fromVersion..toVersion} (both inclusive) whose
 * {@code created_at} is at or before {@code until}, when given.
 *
 * @param fromVersion the first version to read, 1 or more
 * @param toVersion   the last version to read, inclusive
 * @param until       the latest {@code created_at} to read, inclusive, if any
 */
public record StreamRange(long fromVersion, long toVersion, Optional<Instant> until) {

    /**
     * Creates and checks a range.
     *
     * @param fromVersion the first version, 1 or more
     * @param toVersion   the last version, inclusive
     * @param until       the latest timestamp, inclusive, if any
     * @throws IllegalArgumentException when {@code fromVersion} is below 1
     */
    public StreamRange {
        if (fromVersion < 1) {
            throw new IllegalArgumentException("fromVersion must be 1 or more, was " + fromVersion);
        }
        Objects.requireNonNull(until, "until");
    }

    /**
     * Returns the whole stream.
     *
     * @return the range of every version
     */
    public static StreamRange all() {
        return new StreamRange(1, Long.MAX_VALUE, Optional.empty());
    }

    /**
     * Returns the stream from a version on.
     *
     * @param fromVersion the first version, inclusive
     * @return the range
     */
    public static StreamRange from(long fromVersion) {
        return new StreamRange(fromVersion, Long.MAX_VALUE, Optional.empty());
    }

    /**
     * Returns this range, ending at a version.
     *
     * @param lastVersion the last version, inclusive
     * @return the narrowed range
     */
    public StreamRange upToVersion(long lastVersion) {
        return new StreamRange(fromVersion, Math.min(toVersion, lastVersion), until);
    }

    /**
     * Returns this range, ending at a moment.
     *
     * @param time the latest {@code created_at}, inclusive
     * @return the narrowed range
     */
    public StreamRange until(Instant time) {
        Objects.requireNonNull(time, "time");
        return new StreamRange(fromVersion, toVersion, Optional.of(time));
    }

    /**
     * Returns whether an event of the stream falls in this range.
     *
     * @param event an event of the stream
     * @return {@code true} when the event is in range
     */
    public boolean contains(RecordedEvent event) {
        return event.streamVersion() >= fromVersion
                && event.streamVersion() <= toVersion
                && until.map(t -> !event.createdAt().isAfter(t)).orElse(true);
    }
}
