package io.chronicleledger.core.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): the first 48 bits are the Unix time in milliseconds, so new ids
 * land at the end of a database index instead of at random places.
 */
public final class Uuids {

    private Uuids() {
    }

    /**
     * Returns a new version 7 UUID.
     *
     * @param clock the clock the timestamp is read from
     * @return the UUID
     */
    public static UUID timeOrdered(Clock clock) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFF);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
