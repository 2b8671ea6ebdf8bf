package io.chronicleledger.core.ledger;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("time travel across accounts")
class TimeTravelConsistencyTest {

    @Test
    @DisplayName("sees both halves of a transfer or neither, even when one account's last event is later")
    void transferHalvesShareOneMoment() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryEventStore store = new InMemoryEventStore(clock);
        Ledger ledger = Ledger.builder().eventStore(store).clock(clock).build();
        AccountId a = AccountId.of("A");
        AccountId b = AccountId.of("B");
        ledger.execute(new CreateAccount(a, OwnerName.of("A"), Money.of("100.00", "USD")));
        ledger.execute(new CreateAccount(b, OwnerName.of("B"), Money.of("0.00", "USD")));
        ledger.execute(Deposit.of(b, new BigDecimal("1.00"), Description.NONE));

        CommandResult.Accepted transfer = (CommandResult.Accepted) ledger.execute(
                Transfer.of(a, b, new BigDecimal("50.00"), Description.NONE));

        RecordedEvent sent = transfer.events().get(0);
        RecordedEvent received = transfer.events().get(1);
        assertThat(received.createdAt()).isEqualTo(sent.createdAt());
        for (Instant moment : new Instant[] {sent.createdAt().minusNanos(1_000), sent.createdAt()}) {
            BigDecimal total = balance(ledger, a, moment).add(balance(ledger, b, moment));
            assertThat(total).as("money at %s", moment).isEqualByComparingTo("101.00");
        }
    }

    private static BigDecimal balance(Ledger ledger, AccountId account, Instant moment) {
        return ((BalanceAt.Balance) ledger.balanceAt(account, moment)).balance().amount();
    }
}
