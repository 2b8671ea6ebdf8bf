package example;

import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.memory.InMemoryEventStore;

import java.math.BigDecimal;

/** A ledger inside a plain {@code main}: no server, no framework, no database. */
public final class EmbeddedLedger {

    private EmbeddedLedger() {
    }

    /**
     * Opens two accounts, moves money between them twice with the same idempotency key, and prints the balances.
     *
     * @param args none
     */
    public static void main(String[] args) {
        // example:begin
        Ledger ledger = Ledger.builder().eventStore(new InMemoryEventStore()).build();
        AccountId alice = AccountId.of("ACC-ALICE");
        AccountId bob = AccountId.of("ACC-BOB");
        ledger.execute(new CreateAccount(alice, OwnerName.of("Alice"), Money.of("100.00", "EUR")));
        ledger.execute(new CreateAccount(bob, OwnerName.of("Bob"), Money.of("0", "EUR")));

        Transfer rent = Transfer.of(alice, bob, new BigDecimal("60.00"), Description.of("Rent"));
        ledger.execute(rent, "rent-2026-12");
        CommandResult retry = ledger.execute(rent, "rent-2026-12"); // a retry records nothing
        System.out.println("retry replayed: " + ((CommandResult.Accepted) retry).replayed());
        System.out.println("alice: " + ledger.account(alice).orElseThrow().balance());
        System.out.println("bob: " + ledger.account(bob).orElseThrow().balance());
        // example:end
    }
}
