package io.chronicleledger.core.memory;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.ledger.AccountCreated;
import io.chronicleledger.core.ledger.AccountEvent;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.MoneyDeposited;
import io.chronicleledger.core.ledger.MoneyWithdrawn;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferReceived;
import io.chronicleledger.core.ledger.TransferSent;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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

    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();
    private final Map<String, Long> versions = new HashMap<>();
    private final NavigableMap<String, AccountRow> accounts = new TreeMap<>();
    private final Map<UUID, TransferView> transfers = new HashMap<>();
    private final NavigableMap<Long, RecordedEvent> auditLog = new TreeMap<>();

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
        return ApplyResult.APPLIED;
    }

    private void applyAccountEvent(RecordedEvent recorded, AccountEvent event) {
        if (event instanceof AccountCreated created) {
            Money opening = new Money(created.initialBalance(), created.currency());
            AccountRow row = new AccountRow(created.accountId(), created.ownerName(), opening, recorded.createdAt());
            accounts.put(created.accountId(), row);
            if (opening.isPositive()) {
                row.record(recorded, TransactionType.OPENING, opening.amount(), "", Optional.empty());
            }
            row.version = recorded.streamVersion();
            return;
        }
        AccountRow row = accounts.get(recorded.aggregateId());
        if (row == null) {
            throw new IllegalStateException("stream " + recorded.aggregateId() + " has no AccountCreated at version 1");
        }
        if (event instanceof MoneyDeposited deposited) {
            row.record(recorded, TransactionType.DEPOSIT, deposited.amount(), deposited.description(),
                    Optional.empty());
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            row.record(recorded, TransactionType.WITHDRAWAL, withdrawn.amount(), withdrawn.description(),
                    Optional.empty());
        } else if (event instanceof TransferSent sent) {
            row.record(recorded, TransactionType.TRANSFER_OUT, sent.amount(), sent.description(),
                    Optional.of(sent.transferId()));
            recordTransferHalf(new TransferView(sent.transferId(), recorded.aggregateId(), sent.toAccountId(),
                    new Money(sent.amount(), row.balance.currency()), sent.description(), TransferView.PENDING,
                    recorded.createdAt()));
        } else {
            TransferReceived received = (TransferReceived) event;
            row.record(recorded, TransactionType.TRANSFER_IN, received.amount(), received.description(),
                    Optional.of(received.transferId()));
            recordTransferHalf(new TransferView(received.transferId(), received.fromAccountId(),
                    recorded.aggregateId(), new Money(received.amount(), row.balance.currency()),
                    received.description(), TransferView.PENDING, recorded.createdAt()));
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
        return InMemoryLogs.page(auditLog.tailMap(query.afterPosition(), false).values(), query);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > LedgerQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1 to " + LedgerQueries.MAX_PAGE_SIZE + ", was " + limit);
        }
    }

    /** One account of the read model; guarded by the model's lock. */
    private static final class AccountRow {
        final String accountId;
        final String ownerName;
        final Instant createdAt;
        final List<TransactionView> history = new ArrayList<>();
        Money balance;
        long version;
        Instant lastUpdated;

        AccountRow(String accountId, String ownerName, Money balance, Instant createdAt) {
            this.accountId = accountId;
            this.ownerName = ownerName;
            this.balance = balance;
            this.createdAt = createdAt;
            this.lastUpdated = createdAt;
        }

        void record(RecordedEvent recorded, TransactionType type, BigDecimal amount, String description,
                    Optional<UUID> transferId) {
            Money money = new Money(amount, balance.currency());
            if (type == TransactionType.DEPOSIT || type == TransactionType.TRANSFER_IN) {
                balance = balance.plus(money);
            } else if (type != TransactionType.OPENING) {
                balance = balance.minus(money);
            }
            version = recorded.streamVersion();
            lastUpdated = recorded.createdAt();
            history.add(new TransactionView(recorded.eventId(), accountId, recorded.streamVersion(), type, money,
                    balance, description, recorded.createdAt(), transferId));
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
            return new AccountView(accountId, ownerName, balance, AccountView.ACTIVE, version, createdAt,
                    lastUpdated);
        }
    }
}
