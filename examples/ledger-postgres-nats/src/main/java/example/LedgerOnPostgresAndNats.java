package example;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.bus.nats.NatsBusConfig;
import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Withdraw;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachSnapshotStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The ledger with its events in PostgreSQL (the CockroachDB store's SQL), relayed to NATS JetStream, and a
 * projection of the example's own ({@link DailyTotals}) fed from the bus by a durable consumer.
 *
 * <p>Where: {@code CHRONICLE_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}),
 * {@code CHRONICLE_NATS_URL} (default {@code nats://127.0.0.1:4222}), {@code EXAMPLE_SCHEMA} (default
 * {@code chronicle_example}: the store's and the totals' tables).
 */
public final class LedgerOnPostgresAndNats {

    private LedgerOnPostgresAndNats() {
    }

    /**
     * Opens two accounts, deposits and withdraws, and prints the daily totals once the projection has them.
     *
     * @param args none
     * @throws InterruptedException when interrupted while waiting for the projection
     */
    public static void main(String[] args) throws InterruptedException {
        String schema = setting("EXAMPLE_SCHEMA", "chronicle_example");
        try (HikariDataSource dataSource = CockroachStoreConfig.of(setting("CHRONICLE_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")).withSchema(schema).createDataSource();
             NatsEventBus bus = NatsEventBus.connect(NatsBusConfig.of(setting("CHRONICLE_NATS_URL",
                     "nats://127.0.0.1:4222")))) {
            CockroachEventStore store = CockroachEventStore.builder().dataSource(dataSource).schema(schema).build();
            Ledger ledger = Ledger.builder().eventStore(store)
                    .snapshotStore(CockroachSnapshotStore.builder().dataSource(dataSource).schema(schema).build())
                    .build();
            DailyTotals totals = new DailyTotals(dataSource, schema);
            try (OutboxRelay relay = OutboxRelay.builder(store, bus).start();
                 Subscription projecting = new Projector(totals, store).subscribe(bus, "daily-totals")) {
                String run = UUID.randomUUID().toString().substring(0, 8);
                AccountId dollars = AccountId.of("ACC-USD-" + run);
                AccountId euros = AccountId.of("ACC-EUR-" + run);
                ledger.execute(new CreateAccount(dollars, OwnerName.of("Dana"), Money.of("0", "USD")));
                ledger.execute(new CreateAccount(euros, OwnerName.of("Emil"), Money.of("0", "EUR")));
                ledger.execute(Deposit.of(dollars, new BigDecimal("120.00"), Description.of("Salary")), "pay-" + run);
                ledger.execute(Deposit.of(dollars, new BigDecimal("120.00"), Description.of("Salary")), "pay-" + run);
                ledger.execute(Deposit.of(euros, new BigDecimal("80.50"), Description.NONE));
                ledger.execute(Withdraw.of(dollars, new BigDecimal("20.00"), Description.of("Cash")));

                long head = store.headPosition();
                for (int wait = 0; wait < 200 && totals.lastApplied() < head; wait++) {
                    Thread.sleep(50); // the relay publishes, the bus delivers, the projection applies
                }
                totals.lines().forEach(System.out::println);
            }
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
