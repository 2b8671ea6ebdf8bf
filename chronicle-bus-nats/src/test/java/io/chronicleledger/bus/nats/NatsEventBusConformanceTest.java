package io.chronicleledger.bus.nats;

import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.testkit.EventBusConformance;
import io.chronicleledger.testkit.NatsServerProcess;
import org.junit.jupiter.api.DisplayName;

/** The JetStream bus passes the event bus conformance suite, on a nats-server of this test run. */
@DisplayName("NatsEventBus conformance (JetStream)")
class NatsEventBusConformanceTest extends EventBusConformance {

    @Override
    protected EventBus createEventBus() {
        return NatsEventBus.connect(TestStreams.shared(NatsServerProcess.forThisJvm().url()).withAckWait(ackWait())
                .withMaxDeliver(maxDeliver()), deadLetterListener());
    }

    @Override
    protected void cleanUp(EventBus bus) {
        ((NatsEventBus) bus).close();
    }
}
