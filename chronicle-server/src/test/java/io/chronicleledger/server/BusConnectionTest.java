package io.chronicleledger.server;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.testkit.NatsServerProcess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the server's bus connection on NATS JetStream")
class BusConnectionTest {

    @Test
    @DisplayName("counts a dead letter in chronicle.bus.dead.letters, tagged with its consumer")
    void countsDeadLetters() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NatsServerProcess nats = NatsServerProcess.start();
             BusConnection connection = new BusConnection(ServerConfig.from(Map.of(
                     "CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL,
                     "CHRONICLE_NATS_URL", nats.url()), List.of()), registry)) {
            assertThat(connection.shared()).isTrue();
            assertThat(connection.connected()).isTrue();
            Subscription poisoned = connection.bus().subscribe("poisoned", delivery -> {
                throw new IllegalStateException("deliberate failure: every delivery of this consumer fails");
            });
            try {
                connection.bus().publish(List.of(new RecordedEvent(1, UUID.randomUUID(), "ACC-DEAD", "Account",
                        "MoneyDeposited", 1, 1, "{\"amount\":\"1.00\"}", NewEvent.NO_METADATA, Instant.now())));

                for (int i = 0; i < 3_000 && deadLetters(registry) == 0; i++) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                assertThat(deadLetters(registry)).as("dead letters counted").isEqualTo(1);
            } finally {
                poisoned.close();
            }
        }
    }

    private static double deadLetters(SimpleMeterRegistry registry) {
        Counter counter = registry.find("chronicle.bus.dead.letters").tag("consumer", "poisoned").counter();
        return counter == null ? 0 : counter.count();
    }
}
