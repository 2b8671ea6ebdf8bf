package io.chronicleledger.server;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import io.chronicleledger.testkit.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code rebuild-read-model} subcommand on the test PostgreSQL. */
@DisplayName("rebuild-read-model")
class RebuildCommandTest {

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String storeSchema = "chronicle_rebuild_store_" + suffix;
    private final String readSchema = "chronicle_rebuild_read_" + suffix;

    @AfterEach
    void dropSchemas() {
        RunningServer.dropSchema(storeSchema);
        RunningServer.dropSchema(readSchema);
        RunningServer.dropSchema(readSchema + "_rebuild");
    }

    @Test
    @DisplayName("requires CHRONICLE_STORE_URL and CHRONICLE_READ_URL, but no bus")
    void requiresTheStoreAndTheReadModel() {
        assertThatThrownBy(() -> RebuildCommand.config(Map.of("CHRONICLE_READ_URL", RunningServer.POSTGRES_URL),
                List.of())).isInstanceOf(ConfigException.class).hasMessageContaining("CHRONICLE_STORE_URL");
        assertThatThrownBy(() -> RebuildCommand.config(Map.of("CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL),
                List.of())).isInstanceOf(ConfigException.class).hasMessageContaining("CHRONICLE_READ_URL");
        ServerConfig config = RebuildCommand.config(environment(), List.of());
        assertThat(config.readSchema()).isEqualTo(readSchema);
        assertThat(config.storeSchema()).isEqualTo(storeSchema);
    }

    @Test
    @Timeout(120)
    @DisplayName("reports a tampered account, switches to the rebuilt read model and exits 0")
    void rebuildsAndRepairs() throws SQLException {
        ServerConfig config = RebuildCommand.config(environment(), List.of());
        CockroachStoreConfig storeConfig = config.storeConfig().orElseThrow();
        try (HikariDataSource storeDataSource = storeConfig.createDataSource();
             HikariDataSource readDataSource = new HikariDataSource()) {
            readDataSource.setJdbcUrl(RunningServer.POSTGRES_URL);
            CockroachEventStore store = CockroachEventStore.builder().dataSource(storeDataSource)
                    .schema(storeSchema).build();
            Ledger ledger = Ledger.builder().eventStore(store).build();
            String alice = "alice-" + suffix;
            String bob = "bob-" + suffix;
            run(ledger, new CreateAccount(AccountId.of(alice), OwnerName.of("Alice"), Money.of("100.00", "EUR")));
            run(ledger, new CreateAccount(AccountId.of(bob), OwnerName.of("Bob"), Money.of("5.00", "EUR")));
            for (int i = 0; i < 40; i++) {
                run(ledger, Deposit.of(AccountId.of(alice), new BigDecimal("1.00"), Description.of("d" + i)));
                run(ledger, Transfer.of(AccountId.of(alice), AccountId.of(bob), new BigDecimal("0.50"),
                        Description.of("t" + i)));
            }
            PostgresLedgerReadModel live = PostgresLedgerReadModel.builder().dataSource(readDataSource)
                    .schema(readSchema).build();
            store.readAll(GlobalLogQuery.after(0, GlobalLogQuery.MAX_LIMIT)).items().forEach(live::apply);
            try (Connection connection = DriverManager.getConnection(RunningServer.POSTGRES_URL);
                 Statement statement = connection.createStatement()) {
                statement.execute("UPDATE " + readSchema + ".account_balance SET balance = 1 WHERE account_id = '"
                        + bob + "'");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            int exit = RebuildCommand.run(config, true, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

            String output = bytes.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("rebuild ", "events/s", "ETA", bob + ": BALANCE_DIFFERS (live 1 v",
                    "Switched: schema " + readSchema);
            assertThat(output).doesNotContain("\r");
            ReadModels.assertEquivalent(ReadModels.replayOf(store), live);
        }
    }

    private Map<String, String> environment() {
        return Map.of("CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL, "CHRONICLE_STORE_SCHEMA", storeSchema,
                "CHRONICLE_READ_URL", RunningServer.POSTGRES_URL, "CHRONICLE_READ_SCHEMA", readSchema);
    }

    private static void run(Ledger ledger, LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }
}
