package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.Page;
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
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.projection.pg.TestDatabase;
import io.chronicleledger.testkit.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rebuild's bulk load: what it copies in equals what applying the events one by one gives. */
@Timeout(60)
class BulkLoadTest {

    /** Text that COPY's text format must escape (the ledger refuses real tabs and newlines in names). */
    private static final String AWKWARD = "a back\\slash, \\t \\n \\N written out, \"quotes\", 'single', ünïcødé ✓";

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Ledger ledger = Ledger.builder().eventStore(store).build();
    private PostgresLedgerReadModel model;

    @AfterEach
    void drop() {
        if (model != null) {
            model.dropSchema();
        }
    }

    @ParameterizedTest(name = "pages of {0} events")
    @ValueSource(ints = {1, 3, 1_000})
    void loadedInPagesEqualsAReplayOfTheStore(int pageSize) {
        List<String> ids = workload(new Random(pageSize), 12, 400);
        model = fresh();
        BulkLoad load = new BulkLoad(TestDatabase.dataSource(), model.schema());

        long applied = 0;
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, pageSize));
            applied += load.load(page.items());
            position = page.items().isEmpty() ? position : page.items().get(page.items().size() - 1).position();
        } while (page.hasMore());
        load.finish();

        assertThat(applied).isEqualTo(store.headPosition());
        ReadModels.assertEquivalent(ReadModels.replayOf(store), model);
        assertThat(model.account(ids.get(0)).orElseThrow().ownerName()).isEqualTo("Owner 0 " + AWKWARD);
        assertThat(model.highestPosition()).isEqualTo(store.headPosition());
    }

    @Test
    void aTransferWhoseHalvesFallInTwoPagesIsCompletedOnce() {
        List<String> ids = workload(new Random(1), 2, 0);
        CommandResult.Accepted transfer = (CommandResult.Accepted) ledger.execute(Transfer.of(AccountId.of(ids.get(0)),
                AccountId.of(ids.get(1)), new BigDecimal("1.00"), Description.of(AWKWARD)));
        UUID transferId = transfer.transferId().orElseThrow();
        List<RecordedEvent> events = store.allEvents();
        model = fresh();
        BulkLoad load = new BulkLoad(TestDatabase.dataSource(), model.schema());

        load.load(events.subList(0, events.size() - 1)); // the payer's half
        load.load(events.subList(events.size() - 1, events.size())); // the payee's
        load.finish();

        assertThat(model.transfer(transferId)).hasValueSatisfying(view -> {
            assertThat(view.status()).isEqualTo(TransferView.COMPLETED);
            assertThat(view.description()).isEqualTo(AWKWARD);
        });
        ReadModels.assertEquivalent(ReadModels.replayOf(store), model);
    }

    @Test
    void afterTheLoadEventsApplyAsUsual() {
        List<String> ids = workload(new Random(2), 3, 30);
        model = fresh();
        BulkLoad load = new BulkLoad(TestDatabase.dataSource(), model.schema());
        load.load(store.allEvents());
        load.finish();
        List<RecordedEvent> loaded = store.allEvents();

        run(Deposit.of(AccountId.of(ids.get(1)), new BigDecimal("7.00"), Description.of("after")));
        List<RecordedEvent> later = store.allEvents().subList(loaded.size(), store.allEvents().size());

        assertThat(model.applyAll(later)).containsOnly(ApplyResult.APPLIED);
        assertThat(model.apply(loaded.get(loaded.size() - 1))).isEqualTo(ApplyResult.DUPLICATE);
        ReadModels.assertEquivalent(ReadModels.replayOf(store), model);
    }

    @Test
    void aStreamThatSkipsAVersionIsRefused() {
        workload(new Random(3), 1, 3);
        List<RecordedEvent> events = store.allEvents();
        model = fresh();
        BulkLoad load = new BulkLoad(TestDatabase.dataSource(), model.schema());

        assertThatThrownBy(() -> load.load(List.of(events.get(0), events.get(2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from version 1 to 3");
    }

    private List<String> workload(Random random, int accounts, int operations) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String id = "bulk-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            run(new CreateAccount(AccountId.of(id), OwnerName.of("Owner " + i + " " + AWKWARD),
                    Money.of(i == 2 ? "0.00" : "1000.00", "USD"))); // an opening at zero has no history entry
        }
        for (int i = 0; i < operations; i++) {
            String account = ids.get(random.nextInt(ids.size()));
            if (i % 3 != 2 || accounts == 1 || ids.indexOf(account) == 2) { // account 2 may be empty
                run(Deposit.of(AccountId.of(account), new BigDecimal("5.00"), Description.of(i + " " + AWKWARD)));
            } else {
                String payee = ids.get((ids.indexOf(account) + 1) % ids.size());
                run(Transfer.of(AccountId.of(account), AccountId.of(payee), new BigDecimal("1.00"),
                        Description.of("t" + i)));
            }
        }
        return ids;
    }

    private void run(LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }

    private static PostgresLedgerReadModel fresh() {
        return PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(TestDatabase.freshSchema()).build();
    }
}
