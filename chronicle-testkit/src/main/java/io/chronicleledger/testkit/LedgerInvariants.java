package io.chronicleledger.testkit;

import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.Account;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.MoneyDeposited;
import io.chronicleledger.core.ledger.MoneyWithdrawn;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.RecordedEvent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Checks the invariants of a ledger's event store, and of its read model against the store:
 * <ul>
 *   <li>every account stream starts with {@code AccountCreated} and has versions 1, 2, 3 … without gaps;</li>
 *   <li>no balance ever goes below zero;</li>
 *   <li>per currency, the sum of balances equals the initial balances plus deposits minus withdrawals
 *   (transfers move money, never create or destroy it);</li>
 *   <li>every {@code TransferSent} has exactly one {@code TransferReceived} with the same {@code transfer_id},
 *   the same amount and the mirrored accounts, and the other way round;</li>
 *   <li>the read model equals a replay of the store: the same accounts, balances, versions, histories and
 *   transfers.</li>
 * </ul>
 * Every violation found is listed in one {@link AssertionError}.
 */
public final class LedgerInvariants {

    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();
    private final Map<String, AccountState> accounts = new TreeMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<Currency, BigDecimal> expectedTotals = new HashMap<>();
    private final Map<UUID, List<TransferHalf>> transfers = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    private LedgerInvariants() {
    }

    /**
     * Asserts the invariants of an event store.
     *
     * @param store the event store
     * @return the replayed state of every account, by id
     * @throws AssertionError listing every violation
     */
    public static Map<String, AccountState> assertHold(EventStore store) {
        LedgerInvariants check = new LedgerInvariants();
        check.replay(store);
        check.throwIfViolated();
        return Map.copyOf(check.accounts);
    }

    /**
     * Asserts the invariants of an event store and that a read model equals a replay of it. The read model
     * must have caught up with the store.
     *
     * @param store     the event store
     * @param readModel the read model fed from it
     * @return the replayed state of every account, by id
     * @throws AssertionError listing every violation
     */
    public static Map<String, AccountState> assertHold(EventStore store, LedgerQueries readModel) {
        LedgerInvariants check = new LedgerInvariants();
        check.replay(store);
        check.compare(readModel);
        check.throwIfViolated();
        ReadModels.assertEquivalent(ReadModels.replayOf(store), readModel);
        return Map.copyOf(check.accounts);
    }

    private void replay(EventStore store) {
        EventLog.forEach(store, event -> {
            if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType())) {
                apply(event);
            }
        });
        checkTotals();
        checkTransfers();
    }

    private void apply(RecordedEvent recorded) {
        String id = recorded.aggregateId();
        long expected = versions.getOrDefault(id, 0L) + 1;
        if (recorded.streamVersion() != expected) {
            violations.add(id + " has version " + recorded.streamVersion() + " where " + expected + " was due");
        }
        versions.put(id, recorded.streamVersion());
        AccountEvent event = codec.decode(recorded);
        AccountState before = accounts.getOrDefault(id, AccountState.NONE);
        if (before.exists() == (event instanceof AccountCreated)) {
            violations.add(id + " version " + recorded.streamVersion() + ": " + recorded.eventType()
                    + (before.exists() ? " on an existing account" : " before AccountCreated"));
            return;
        }
        if (event instanceof AccountCreated created) {
            addTotal(created.currency(), created.initialBalance());
        } else if (event instanceof MoneyDeposited deposited) {
            addTotal(before.currency(), deposited.amount());
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            addTotal(before.currency(), withdrawn.amount().negate());
        } else if (event instanceof TransferSent sent) {
            transfers.computeIfAbsent(sent.transferId(), t -> new ArrayList<>())
                    .add(new TransferHalf(true, id, sent.toAccountId(), sent.amount()));
        } else if (event instanceof TransferReceived received) {
            transfers.computeIfAbsent(received.transferId(), t -> new ArrayList<>())
                    .add(new TransferHalf(false, id, received.fromAccountId(), received.amount()));
        }
        try {
            accounts.put(id, Account.INSTANCE.evolve(before, event));
        } catch (IllegalArgumentException e) {
            violations.add(id + " version " + recorded.streamVersion() + " (" + recorded.eventType()
                    + ") breaks the balance rules: " + e.getMessage());
        }
    }

    private void addTotal(Currency currency, BigDecimal amount) {
        expectedTotals.merge(currency, amount, BigDecimal::add);
    }

    private void checkTotals() {
        Map<Currency, BigDecimal> balances = new HashMap<>();
        accounts.values().forEach(state -> balances.merge(state.currency(), state.balance().amount(), BigDecimal::add));
        expectedTotals.forEach((currency, expected) -> {
            BigDecimal actual = balances.getOrDefault(currency, BigDecimal.ZERO);
            if (actual.compareTo(expected) != 0) {
                violations.add(currency + ": balances sum to " + actual.toPlainString() + " but initial balances"
                        + " + deposits - withdrawals = " + expected.toPlainString());
            }
        });
    }

    private void checkTransfers() {
        transfers.forEach((transferId, halves) -> {
            List<TransferHalf> sent = halves.stream().filter(TransferHalf::sent).toList();
            List<TransferHalf> received = halves.stream().filter(half -> !half.sent()).toList();
            if (sent.size() != 1 || received.size() != 1) {
                violations.add("transfer " + transferId + " has " + sent.size() + " TransferSent and "
                        + received.size() + " TransferReceived");
                return;
            }
            TransferHalf out = sent.get(0);
            TransferHalf in = received.get(0);
            if (out.amount().compareTo(in.amount()) != 0 || !out.account().equals(in.counterpart())
                    || !in.account().equals(out.counterpart())) {
                violations.add("transfer " + transferId + " halves disagree: " + out + " / " + in);
            }
        });
    }

    private void compare(LedgerQueries readModel) {
        accounts.forEach((id, state) -> {
            Optional<AccountView> view = readModel.account(id);
            if (view.isEmpty()) {
                violations.add("the read model does not know account " + id);
            } else if (!view.get().balance().equals(state.balance())
                    || view.get().version() != versions.get(id)) {
                violations.add("the read model shows " + id + " at " + view.get().balance() + " version "
                        + view.get().version() + "; the store replays to " + state.balance() + " version "
                        + versions.get(id));
            }
        });
    }

    private void throwIfViolated() {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " ledger invariant violation(s):\n  "
                    + String.join("\n  ", violations));
        }
    }

    private record TransferHalf(boolean sent, String account, String counterpart, BigDecimal amount) {
    }
}
