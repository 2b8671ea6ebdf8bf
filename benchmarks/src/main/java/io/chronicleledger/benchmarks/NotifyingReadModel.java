package io.chronicleledger.benchmarks;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A read model that tells a listener of every event its delegate applied, once the delegate returned (so, on
 * PostgreSQL, once the event's transaction committed), with the time the delegate was called; duplicates and
 * gaps are not told. Every other method is the delegate's. {@link LagAtRate} times the projection lag with it.
 *
 * <p>It overrides both ways of applying that {@link io.chronicleledger.core.projection.Projection} has,
 * {@link #apply} and {@link #applyAll} (which a projector uses for what its bus hands over): the default of
 * {@code applyAll} calls {@code apply} once per event and would bypass the delegate's batching. Every event of
 * a batch is told with the time the batch was handed to the delegate.
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
    public List<ApplyResult> applyAll(List<RecordedEvent> events) {
        long called = System.nanoTime();
        List<ApplyResult> results = delegate.applyAll(events);
        for (int index = 0; index < events.size(); index++) {
            if (results.get(index).kind() == ApplyResult.Kind.APPLIED) {
                applied.applied(events.get(index), called);
            }
        }
        return results;
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
