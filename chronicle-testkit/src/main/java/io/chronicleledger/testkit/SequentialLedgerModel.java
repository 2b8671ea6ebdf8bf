package io.chronicleledger.testkit;

import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.ledger.Withdraw;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simplest possible ledger: a map of balances that applies accepted commands one after the other. A
 * concurrent ledger's accepted commands, applied here in commit order, must all be valid and must end at the
 * same balances.
 */
final class SequentialLedgerModel {

    private final Map<String, BigDecimal> balances = new HashMap<>();
    private final Map<String, Currency> currencies = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    /**
     * Applies a command the ledger accepted, noting it when the sequential model would have refused it.
     *
     * @param command the accepted command
     */
    void apply(LedgerCommand command) {
        if (command instanceof CreateAccount create) {
            if (balances.putIfAbsent(create.accountId().value(), create.initialBalance().amount()) != null) {
                violations.add("accepted a second creation of " + create.accountId());
            }
            currencies.put(create.accountId().value(), create.initialBalance().currency());
        } else if (command instanceof Deposit deposit) {
            checkAccount(deposit.accountId().value(), deposit.currency(), command);
            credit(deposit.accountId().value(), deposit.amount());
        } else if (command instanceof Withdraw withdraw) {
            checkAccount(withdraw.accountId().value(), withdraw.currency(), command);
            debit(withdraw.accountId().value(), withdraw.amount(), command);
        } else {
            Transfer transfer = (Transfer) command;
            checkAccount(transfer.fromAccountId().value(), transfer.currency(), command);
            checkAccount(transfer.toAccountId().value(),
                    Optional.ofNullable(currencies.get(transfer.fromAccountId().value())), command);
            if (transfer.fromAccountId().equals(transfer.toAccountId())) {
                violations.add("accepted a transfer to the same account: " + command);
            }
            debit(transfer.fromAccountId().value(), transfer.amount(), command);
            credit(transfer.toAccountId().value(), transfer.amount());
        }
    }

    /** Notes an accepted command on an unknown account, or in another currency than the account's. */
    private void checkAccount(String account, Optional<Currency> currency, LedgerCommand command) {
        Currency held = currencies.get(account);
        if (held == null) {
            violations.add("accepted " + command + " on " + account + ", which does not exist");
        } else if (currency.isPresent() && !currency.get().equals(held)) {
            violations.add("accepted " + command + " in " + currency.get() + " on " + account + ", which holds "
                    + held);
        }
    }

    private void credit(String account, BigDecimal amount) {
        balances.merge(account, amount, BigDecimal::add);
    }

    private void debit(String account, BigDecimal amount, LedgerCommand command) {
        BigDecimal balance = balances.getOrDefault(account, BigDecimal.ZERO);
        if (balance.compareTo(amount) < 0) {
            violations.add("accepted " + command + " while " + account + " held only " + balance.toPlainString());
        }
        balances.put(account, balance.subtract(amount));
    }

    /**
     * Returns the balance of an account.
     *
     * @param account the account's id
     * @return its balance, zero when unknown
     */
    BigDecimal balance(String account) {
        return balances.getOrDefault(account, BigDecimal.ZERO);
    }

    /**
     * Returns the accepted commands the sequential model would have refused.
     *
     * @return the violations, empty when none
     */
    List<String> violations() {
        return violations;
    }
}
