package io.chronicleledger.server.bank;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every command the clients sent and what they learned of it; what the checks compare the system with. */
final class History {

    /** A command and its outcome. */
    record Entry(BankCommand command, Outcome outcome) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    void record(BankCommand command, Outcome outcome) {
        entries.add(new Entry(command, outcome));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Replaces the outcome of a command sent again after the run (its key unchanged). */
    void resolve(Entry indeterminate, Outcome outcome) {
        entries.remove(indeterminate);
        entries.add(new Entry(indeterminate.command(), outcome));
    }

    long count(Class<? extends Outcome> kind) {
        return entries.stream().filter(entry -> kind.isInstance(entry.outcome())).count();
    }

    /** Commands answered only after more than one attempt: their first answer was lost or refused for a while. */
    long retried() {
        return entries.stream().filter(entry -> entry.outcome().attempts() > 1).count();
    }

    /**
     * The total each currency must hold: its accounts' opening balances, plus the acknowledged deposits, minus
     * the acknowledged withdrawals. Transfers move money within a currency and change no total.
     */
    Map<BankCurrency, BigDecimal> expectedTotals(int accountsPerCurrency) {
        Map<BankCurrency, BigDecimal> totals = new EnumMap<>(BankCurrency.class);
        for (BankCurrency currency : BankCurrency.values()) {
            totals.put(currency, currency.initialBalance().multiply(BigDecimal.valueOf(accountsPerCurrency)));
        }
        for (Entry entry : entries) {
            if (entry.outcome() instanceof Outcome.Acked
                    && entry.command() instanceof BankCommand.Movement movement) {
                totals.merge(movement.currency(), movement.change(), BigDecimal::add);
            }
        }
        return totals;
    }

    /** The commands whose outcome is still unknown. */
    List<Entry> indeterminate() {
        List<Entry> unknown = new ArrayList<>();
        entries.forEach(entry -> {
            if (entry.outcome() instanceof Outcome.Indeterminate) {
                unknown.add(entry);
            }
        });
        return unknown;
    }
}
