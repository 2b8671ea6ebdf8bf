package io.chronicleledger.core.memory;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.Account;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEntry;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger's read model in the heap: accounts, their histories, transfers and the audit log, fed by
 * {@link #apply} with the stream-version check of a {@link io.chronicleledger.core.projection.Projection}.
 * One lock guards everything, which makes each apply atomic.
 */
public final class InMemoryLedgerReadModel implements LedgerReadModel {

    private static final NavigableMap<Long, RecordedEvent> EMPTY_LOG = Collections.emptyNavigableMap();

    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();
    private final Map<String, Long> versions = new HashMap<>();
    private final NavigableMap<String, AccountRow> accounts = new TreeMap<>();
    private final Map<UUID, TransferView> transfers = new HashMap<>();
    private final NavigableMap<Long, RecordedEvent> auditLog = new TreeMap<>();
    private final Map<String, NavigableMap<Long, RecordedEvent>> auditLogByStream = new HashMap<>();

    /** Creates an empty read model. */
    public InMemoryLedgerReadModel() {
    }

    @Override
    public synchronized ApplyResult apply(RecordedEvent event) {
        long last = versions.getOrDefault(event.aggregateId(), 0L);
        if (event.streamVersion() <= last) {
            return ApplyResult.DUPLICATE;
        }
        if (event.streamVersion() > last + 1) {
            return ApplyResult.gap(last);
        }
        if (LedgerEvents.AGGREGATE_TYPE.equals(event.aggregateType())) {
            applyAccountEvent(event, codec.decode(event));
        }
        versions.put(event.aggregateId(), event.streamVersion());
        auditLog.put(event.position(), event);
        auditLogByStream.computeIfAbsent(event.aggregateId(), id -> new TreeMap<>()).put(event.position(), event);
        return ApplyResult.APPLIED;
    }

    /** Applies an account event: the balance through {@link Account#evolve}, the entry, the transfer half. */
    private void applyAccountEvent(RecordedEvent recorded, AccountEvent event) {
        AccountRow row = accounts.get(recorded.aggregateId());
        if ((row == null) != (event instanceof AccountCreated)) {
            throw new IllegalStateException("stream " + recorded.aggregateId() + " version " + recorded.streamVersion()
                    + ": " + recorded.eventType() + (row == null ? " before AccountCreated" : " on an existing account"));
        }
        AccountState after = Account.INSTANCE.evolve(row == null ? Account.INSTANCE.initialState() : row.state, event);
        AccountEntry entry = AccountEntry.of(event);
        if (row == null) {
            row = new AccountRow(after, recorded.createdAt());
            accounts.put(recorded.aggregateId(), row);
        }
        row.apply(recorded, after, entry);
        Money amount = new Money(entry.amount(), after.currency());
        if (event instanceof TransferSent sent) {
            recordTransferHalf(new TransferView(sent.transferId(), recorded.aggregateId(), sent.toAccountId(),
                    amount, sent.description(), TransferView.PENDING, recorded.createdAt()));
        } else if (event instanceof TransferReceived received) {
            recordTransferHalf(new TransferView(received.transferId(), received.fromAccountId(),
                    recorded.aggregateId(), amount, received.description(), TransferView.PENDING,
                    recorded.createdAt()));
        }
    }

    /** Records one half of a transfer; the second half completes it, at the earlier of the two times. */
    private void recordTransferHalf(TransferView half) {
        transfers.merge(half.transferId(), half, (first, second) -> new TransferView(first.transferId(),
                first.fromAccountId(), first.toAccountId(), first.amount(), first.description(),
                TransferView.COMPLETED, first.createdAt().isBefore(second.createdAt())
                        ? first.createdAt() : second.createdAt()));
    }

    @Override
    public synchronized void reset() {
        versions.clear();
        accounts.clear();
        transfers.clear();
        auditLog.clear();
        auditLogByStream.clear();
    }

    @Override
    public synchronized Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).map(AccountRow::view);
    }

    @Override
    public synchronized Page<AccountView> accounts(String afterAccountId, int limit) {
        checkLimit(limit);
        List<AccountView> fetched = new ArrayList<>();
        for (AccountRow row : accounts.tailMap(afterAccountId, false).values()) {
            fetched.add(row.view());
            if (fetched.size() > limit) {
                break;
            }
        }
        return Page.ofFetched(fetched, limit);
    }

    @Override
    public synchronized Page<TransactionView> transactions(String accountId, long beforeVersion, int limit) {
        checkLimit(limit);
        AccountRow row = accounts.get(accountId);
        if (row == null) {
            return new Page<>(List.of(), false);
        }
        List<TransactionView> fetched = new ArrayList<>(limit + 1);
        for (int i = row.indexBefore(beforeVersion); i >= 0 && fetched.size() <= limit; i--) {
            fetched.add(row.history.get(i));
        }
        return Page.ofFetched(fetched, limit);
    }

    @Override
    public synchronized Optional<TransferView> transfer(UUID transferId) {
        return Optional.ofNullable(transfers.get(transferId));
    }

    @Override
    public synchronized Page<RecordedEvent> auditLog(GlobalLogQuery query) {
        NavigableMap<Long, RecordedEvent> log = query.streamId()
                .map(id -> auditLogByStream.getOrDefault(id, EMPTY_LOG))
                .orElse(auditLog);
        return InMemoryLogs.page(log.tailMap(query.afterPosition(), false).values(), query);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > LedgerQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1 to " + LedgerQueries.MAX_PAGE_SIZE + ", was " + limit);
        }
    }

    /** One account of the read model; guarded by the model's lock. */
    private static final class AccountRow {
        final Instant createdAt;
        final List<TransactionView> history = new ArrayList<>();
        AccountState state;
        long version;
        Instant lastUpdated;

        AccountRow(AccountState state, Instant createdAt) {
            this.state = state;
            this.createdAt = createdAt;
        }

        /** Moves to the state after an event, and adds its entry to the history (not a zero opening). */
        void apply(RecordedEvent recorded, AccountState after, AccountEntry entry) {
            state = after;
            version = recorded.streamVersion();
            lastUpdated = recorded.createdAt();
            if (entry.type() != TransactionType.OPENING || entry.amount().signum() > 0) {
                history.add(new TransactionView(recorded.eventId(), state.accountId(), recorded.streamVersion(),
                        entry.type(), new Money(entry.amount(), state.currency()), state.balance(),
                        entry.description(), recorded.createdAt(), entry.transferId()));
            }
        }

        /** Returns the index of the newest entry whose version is below {@code version}, or -1. */
        int indexBefore(long version) {
            int low = 0;
            int high = history.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (history.get(mid).version() < version) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low - 1;
        }

        AccountView view() {
            return new AccountView(state.accountId(), state.ownerName(), state.balance(), AccountView.ACTIVE, version,
                    createdAt, lastUpdated);
        }
    }
}
