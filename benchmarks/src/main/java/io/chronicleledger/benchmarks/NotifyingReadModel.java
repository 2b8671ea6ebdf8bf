package io.chronicleledger.benchmarks;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A read model that tells a listener of every event its delegate applied, once the delegate returned (so, on
 * PostgreSQL, once the event's transaction committed), with the time the delegate was called; duplicates and
 * gaps are not told. Every other method is the delegate's. {@link LagAtRate} times the projection lag with it.
 *
 * <p>It must override every way of applying that {@link io.chronicleledger.core.projection.Projection} has: a
 * batch method added there with a default that does not call {@link #apply} would bypass the listener (or, with
 * one that does, the delegate's batching), so such a method must be delegated here too.
 */
final class NotifyingReadModel implements LedgerReadModel {

    /** Hears of each event applied. */
    @FunctionalInterface
    interface Listener {

        /**
         * Tells that the delegate applied an event.
         *
         * @param event        the event
         * @param calledNanos  when the delegate was called ({@link System#nanoTime()}); it returned just before
         */
        void applied(RecordedEvent event, long calledNanos);
    }

    private final LedgerReadModel delegate;
    private final Listener applied;

    NotifyingReadModel(LedgerReadModel delegate, Listener applied) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.applied = Objects.requireNonNull(applied, "applied");
    }

    @Override
    public ApplyResult apply(RecordedEvent event) {
        long called = System.nanoTime();
        ApplyResult result = delegate.apply(event);
        if (result.kind() == ApplyResult.Kind.APPLIED) {
            applied.applied(event, called);
        }
        return result;
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public Optional<AccountView> account(String accountId) {
        return delegate.account(accountId);
    }

    @Override
    public Page<AccountView> accounts(String afterAccountId, int limit) {
        return delegate.accounts(afterAccountId, limit);
    }

    @Override
    public Page<TransactionView> transactions(String accountId, long beforeVersion, int limit) {
        return delegate.transactions(accountId, beforeVersion, limit);
    }

    @Override
    public Optional<TransferView> transfer(UUID transferId) {
        return delegate.transfer(transferId);
    }

    @Override
    public Page<RecordedEvent> auditLog(GlobalLogQuery query) {
        return delegate.auditLog(query);
    }
}
