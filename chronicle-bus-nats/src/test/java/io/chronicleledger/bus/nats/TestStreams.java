package io.chronicleledger.bus.nats;

import java.time.Duration;

/** The bus configuration of the tests. */
final class TestStreams {

    /**
     * How long the tests' streams keep messages: every new durable consumer starts at the oldest one and skims
     * the earlier tests' events, so the stream must not grow without bound, even on a NATS given through
     * {@code CHRONICLE_NATS_URL}.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private TestStreams() {
    }

    /**
     * Returns the configuration of a bus on the test run's NATS: the default stream (subjects {@code events.>}
     * can belong to one stream only), with a bounded age.
     *
     * @param url the server
     * @return the configuration
     */
    static NatsBusConfig shared(String url) {
        return NatsBusConfig.of(url).withMaxAge(MAX_AGE);
    }
}
