package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.testkit.EventBusConformance;
import org.junit.jupiter.api.DisplayName;

import java.time.Duration;

/** The in-memory event bus passes the event bus conformance suite. */
@DisplayName("InMemoryEventBus conformance")
class InMemoryEventBusConformanceTest extends EventBusConformance {

    /** A short ack wait keeps the redelivery tests fast; nothing is slow in the heap. */
    @Override
    protected Duration ackWait() {
        return Duration.ofMillis(250);
    }

    @Override
    protected EventBus createEventBus() {
        return InMemoryEventBus.builder().ackWait(ackWait()).maxDeliver(maxDeliver())
                .deadLetterListener(deadLetterListener()).build();
    }
}
