package io.chronicleledger.core.ledger;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.store.TailListener;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An event store that forwards every call to another; tests override the calls they watch or script. */
abstract class ForwardingEventStore implements EventStore {

    private final EventStore delegate;

    ForwardingEventStore(EventStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public AppendResult append(AppendRequest request) {
        return delegate.append(request);
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, StreamRange range) {
        return delegate.readStream(streamId, range);
    }

    @Override
    public Page<RecordedEvent> readAll(GlobalLogQuery query) {
        return delegate.readAll(query);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public Optional<IdempotentAppend> findIdempotentAppend(String key) {
        return delegate.findIdempotentAppend(key);
    }

    @Override
    public Subscription tail(long afterPosition, TailListener listener) {
        return delegate.tail(afterPosition, listener);
    }
}
