package io.chronicleledger.projection.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.bus.nats.NatsBusConfig;
import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.testkit.NatsServerProcess;
import io.chronicleledger.testkit.ReadModels;
import io.chronicleledger.testkit.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's PostgreSQL unreachable (a TCP proxy in front of it, cut) for longer than the bus's attempts
 * at an event last, on a private nats-server: the projector waits for it, and no event becomes a dead letter.
 */
@DisplayName("the read model on PostgreSQL, fed by NATS, comes through an outage of its database")
class ReadModelOutageTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Ledger ledger = Ledger.builder().eventStore(store).build();
    private final String schema = TestDatabase.freshSchema();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource()).schema(schema).createSchema(false)
                .build().dropSchema();
    }

    @Test
    @Timeout(120)
    @DisplayName("events delivered while the database is unreachable are applied once it is back")
    void appliesWhatArrivedDuringTheOutage() throws Exception {
        NatsServerProcess nats = closeLater(NatsServerProcess.start());
        NatsEventBus bus = closeLater(NatsEventBus.connect(NatsBusConfig.of(nats.url()), deadLetters::add));
        URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
        TcpProxy link = closeLater(TcpProxy.start(database.getHost(), database.getPort()));
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(TestDatabase.url().replace(database.getHost() + ":" + database.getPort(), link.hostAndPort()));
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(250);
        HikariDataSource dataSource = closeLater(new HikariDataSource(pool));
        PostgresLedgerReadModel model = PostgresLedgerReadModel.builder().dataSource(dataSource).schema(schema)
                .build();
        closeLater(new Projector(model, store).subscribe(bus, "read-model"));
        OutboxRelay relay = closeLater(OutboxRelay.start(store, bus, Duration.ofMillis(20)));

        execute(new CreateAccount(AccountId.of("alice"), OwnerName.of("Alice"), Money.of("100.00", "EUR")));
        execute(new CreateAccount(AccountId.of("bob"), OwnerName.of("Bob"), Money.of("100.00", "EUR")));
        relay.wake();
        await(() -> model.highestPosition() == store.headPosition());

        link.cut();
        execute(Transfer.of(AccountId.of("alice"), AccountId.of("bob"), new BigDecimal("40.00"),
                Description.of("rent")));
        relay.wake();
        Thread.sleep(3_000); // the bus's five attempts at an event take about a second
        assertThat(deadLetters).isEmpty();
        link.restore();

        PostgresLedgerReadModel direct = PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(schema).createSchema(false).build(); // read past the proxy's pool, still backing off
        await(() -> direct.highestPosition() == store.headPosition());
        assertThat(direct.account("alice").orElseThrow().balance().amount()).isEqualByComparingTo("60.00");
        ReadModels.assertEquivalent(ReadModels.replayOf(store), direct);
        assertThat(deadLetters).isEmpty();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    private void execute(LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s for the read model").isNegative();
            Thread.sleep(20);
        }
    }
}
