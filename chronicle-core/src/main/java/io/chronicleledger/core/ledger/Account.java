package io.chronicleledger.core.ledger;

import io.chronicleledger.core.aggregate.Aggregate;
import io.chronicleledger.core.aggregate.Decision;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * The account aggregate: one stream per account, one currency per account, a balance that never goes below
 * zero nor above {@link Money#MAX_AMOUNT}. Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class Account implements Aggregate<AccountState, AccountCommand, AccountEvent, LedgerRejection> {

    /** The account aggregate. */
    public static final Account INSTANCE = new Account();

    private Account() {
    }

    @Override
    public AccountState initialState() {
        return AccountState.NONE;
    }

    @Override
    public AccountState evolve(AccountState state, AccountEvent event) {
        if (event instanceof AccountCreated created) {
            return new AccountState(created.accountId(), created.ownerName(),
                    new Money(created.initialBalance(), created.currency()));
        }
        if (event instanceof MoneyDeposited deposited) {
            return credit(state, deposited.amount());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return debit(state, withdrawn.amount());
        }
        if (event instanceof TransferSent sent) {
            return debit(state, sent.amount());
        }
        if (event instanceof TransferReceived received) {
            return credit(state, received.amount());
        }
        throw new IllegalStateException("an account cannot evolve with " + event);
    }

    private static AccountState credit(AccountState state, BigDecimal amount) {
        return state.withBalance(state.balance().plus(new Money(amount, state.currency())));
    }

    private static AccountState debit(AccountState state, BigDecimal amount) {
        return state.withBalance(state.balance().minus(new Money(amount, state.currency())));
    }

    @Override
    public Decision<AccountEvent, LedgerRejection> decide(AccountState state, AccountCommand command) {
        if (command instanceof CreateAccount create) {
            return state.exists()
                    ? Decision.reject(new LedgerRejection.AccountAlreadyExists(create.accountId()))
                    : Decision.accept(new AccountCreated(create.accountId().value(), create.ownerName().value(),
                            create.initialBalance().currency(), create.initialBalance().amount()));
        }
        if (!state.exists()) {
            return Decision.reject(new LedgerRejection.AccountNotFound(command.accountId()));
        }
        if (command instanceof Deposit deposit) {
            return credit(state, deposit.accountId(), deposit.amount(), deposit.currency(),
                    money -> new MoneyDeposited(money.amount(), deposit.description().value()));
        }
        if (command instanceof Withdraw withdraw) {
            return debit(state, withdraw.accountId(), withdraw.amount(), withdraw.currency(),
                    money -> new MoneyWithdrawn(money.amount(), withdraw.description().value()));
        }
        if (command instanceof SendTransfer send) {
            return debit(state, send.fromAccountId(), send.amount(), send.currency(),
                    money -> new TransferSent(send.transferId(), send.toAccountId().value(), money.amount(),
                            send.description().value()));
        }
        ReceiveTransfer receive = (ReceiveTransfer) command;
        return credit(state, receive.toAccountId(), receive.amount(), Optional.of(receive.currency()),
                money -> new TransferReceived(receive.transferId(), receive.fromAccountId().value(),
                        money.amount(), receive.description().value()));
    }

    private static Decision<AccountEvent, LedgerRejection> credit(
            AccountState state, AccountId accountId, BigDecimal amount, Optional<Currency> currency,
            EventOf event) {
        MoneyOrRejection resolved = resolve(state, accountId, amount, currency);
        if (resolved.rejection != null) {
            return Decision.reject(resolved.rejection);
        }
        if (state.balance().wouldOverflow(resolved.money)) {
            return Decision.reject(new LedgerRejection.BalanceLimitExceeded(accountId, state.balance(),
                    resolved.money));
        }
        return Decision.accept(event.of(resolved.money));
    }

    private static Decision<AccountEvent, LedgerRejection> debit(
            AccountState state, AccountId accountId, BigDecimal amount, Optional<Currency> currency,
            EventOf event) {
        MoneyOrRejection resolved = resolve(state, accountId, amount, currency);
        if (resolved.rejection != null) {
            return Decision.reject(resolved.rejection);
        }
        if (state.balance().compareTo(resolved.money) < 0) {
            return Decision.reject(new LedgerRejection.InsufficientFunds(accountId, state.balance(),
                    resolved.money));
        }
        return Decision.accept(event.of(resolved.money));
    }

    /** Turns the command's amount into money of the account's currency, or says why it cannot. */
    private static MoneyOrRejection resolve(AccountState state, AccountId accountId, BigDecimal amount,
                                            Optional<Currency> currency) {
        if (currency.isPresent() && !currency.get().equals(state.currency())) {
            return new MoneyOrRejection(null,
                    new LedgerRejection.CurrencyMismatch(accountId, state.currency(), currency.get()));
        }
        try {
            return new MoneyOrRejection(new Money(amount, state.currency()), null);
        } catch (InvalidValueException e) {
            return new MoneyOrRejection(null, new LedgerRejection.InvalidAmount(accountId, e.getMessage()));
        }
    }

    private record MoneyOrRejection(Money money, LedgerRejection rejection) {
    }

    @FunctionalInterface
    private interface EventOf {
        AccountEvent of(Money money);
    }
}
