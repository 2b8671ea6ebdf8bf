package io.chronicleledger.core.store;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event store that forwards every call to another: the base of decorators, which override the calls they
 * watch (metering, tracing, fault injection in tests).
 */
public abstract class ForwardingEventStore implements EventStore {

    private final EventStore delegate;

    /**
     * Creates the decorator.
     *
     * @param delegate the store every call goes to
     */
    protected ForwardingEventStore(EventStore delegate) {
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
