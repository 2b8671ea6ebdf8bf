package io.chronicleledger.core.projection;

import io.chronicleledger.core.StorageException;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.DeadLetter;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a projector subscribed to a bus waits out its storage's outage instead of dead-lettering the events")
class ProjectorOutageTest {

    private static final Duration ACK_WAIT = Duration.ofMillis(200);
    private static final int MAX_DELIVER = 2;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Ledger ledger = Ledger.builder().eventStore(store).build();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final InMemoryEventBus bus = InMemoryEventBus.builder().ackWait(ACK_WAIT).maxDeliver(MAX_DELIVER)
            .deadLetterListener(deadLetters::add).build();
    private final InMemoryLedgerReadModel readModel = new InMemoryLedgerReadModel();
    private final Outage outage = new Outage(readModel);

    @Test
    @Timeout(30)
    @DisplayName("an outage far longer than the bus's attempts (ack wait × max deliver) loses no event")
    void waitsOutAnOutage() throws Exception {
        Subscription subscription = new Projector(outage, store).subscribe(bus, "read-model");
        try {
            execute(new CreateAccount(AccountId.of("alice"), OwnerName.of("Alice"), Money.of("100.00", "EUR")));
            execute(new CreateAccount(AccountId.of("bob"), OwnerName.of("Bob"), Money.of("100.00", "EUR")));
            publishAll();
            await(() -> readModel.account("bob").isPresent());

            outage.down.set(true);
            execute(Transfer.of(AccountId.of("alice"), AccountId.of("bob"), new BigDecimal("40.00"),
                    Description.of("rent")));
            publishAll();
            await(() -> outage.refusals.get() >= 5);
            Thread.sleep(ACK_WAIT.toMillis() * (MAX_DELIVER + 2)); // every attempt the bus allows would be spent
            assertThat(readModel.account("alice").orElseThrow().balance().amount()).isEqualByComparingTo("100.00");
            outage.down.set(false);

            await(() -> readModel.account("alice").orElseThrow().balance().amount().compareTo(
                    new BigDecimal("60.00")) == 0);
            await(() -> readModel.account("bob").orElseThrow().balance().amount().compareTo(
                    new BigDecimal("140.00")) == 0);
            assertThat(deadLetters).isEmpty();
        } finally {
            subscription.close();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("a failure that would happen again still becomes a dead letter after the bus's attempts")
    void deadLettersWhatWouldFailAgain() throws Exception {
        Subscription subscription = new Projector(outage, store).subscribe(bus, "read-model");
        try {
            outage.broken.set(true);
            execute(new CreateAccount(AccountId.of("carol"), OwnerName.of("Carol"), Money.of("5.00", "EUR")));
            publishAll();
            await(() -> deadLetters.size() == 1);
            assertThat(deadLetters.get(0).attempts()).isEqualTo(MAX_DELIVER);
        } finally {
            subscription.close();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("closing the subscription ends a wait for the storage at once")
    void closesDuringAnOutage() throws Exception {
        Subscription subscription = new Projector(outage, store).subscribe(bus, "read-model");
        outage.down.set(true);
        execute(new CreateAccount(AccountId.of("dave"), OwnerName.of("Dave"), Money.of("5.00", "EUR")));
        publishAll();
        await(() -> outage.refusals.get() >= 2);
        long start = System.nanoTime();
        subscription.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(readModel.account("dave")).isEmpty();
        assertThat(deadLetters).isEmpty();
    }

    private void execute(LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }

    private void publishAll() {
        bus.publish(store.readAll(GlobalLogQuery.after(0, 1_000)).items());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s for the condition").isNegative();
            Thread.sleep(10);
        }
    }

    /** A projection whose database refuses connections while down, or fails for good while broken. */
    private static final class Outage implements Projection {
        final Projection delegate;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger refusals = new AtomicInteger();

        Outage(Projection delegate) {
            this.delegate = delegate;
        }

        @Override
        public ApplyResult apply(RecordedEvent event) {
            return applyAll(List.of(event)).get(0);
        }

        @Override
        public List<ApplyResult> applyAll(List<RecordedEvent> events) {
            if (down.get()) {
                refusals.incrementAndGet();
                throw new Unavailable(new SQLTransientConnectionException("connection refused", "08001"));
            }
            if (broken.get()) {
                throw new Unavailable(new SQLException("value too long for type character varying(100)", "22001"));
            }
            return delegate.applyAll(events);
        }

        @Override
        public void reset() {
            delegate.reset();
        }
    }

    /** The read model's database failing, transient or not by its SQLSTATE. */
    private static final class Unavailable extends StorageException {
        private static final long serialVersionUID = 1L;

        Unavailable(SQLException cause) {
            super("cannot apply the events: " + cause.getMessage(), cause);
        }
    }
}
