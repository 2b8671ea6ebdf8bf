package io.chronicleledger.core.ledger;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.Optional;
import java.util.UUID;

/**
 * The query port of the ledger: what the Query API asks the read model. The read model is fed by a
 * projection, so its answers trail the event store by the projection's lag (eventual consistency); time
 * travel is answered by the {@link Ledger} from the event store instead.
 *
 * <p>Pages are keyset pages: the next page starts after the key of the last item of the previous one.
 * Implementations are safe for use by many threads.
 */
public interface LedgerQueries {

    /** The largest page a read model must serve. */
    int MAX_PAGE_SIZE = 1_000;

    /**
     * Returns an account.
     *
     * @param accountId the account's id
     * @return the account, or empty when the read model does not know it
     */
    Optional<AccountView> account(String accountId);

    /**
     * Returns a page of accounts, ordered by id.
     *
     * @param afterAccountId the id to start after; empty to start at the first account
     * @param limit          the page size, 1 to {@value #MAX_PAGE_SIZE}
     * @return the page
     */
    Page<AccountView> accounts(String afterAccountId, int limit);

    /**
     * Returns a page of an account's history, newest first.
     *
     * @param accountId     the account's id
     * @param beforeVersion the stream version to start before; {@link Long#MAX_VALUE} for the newest entries
     * @param limit         the page size, 1 to {@value #MAX_PAGE_SIZE}
     * @return the page; empty for an unknown account
     */
    Page<TransactionView> transactions(String accountId, long beforeVersion, int limit);

    /**
     * Returns a transfer.
     *
     * @param transferId the transfer's id
     * @return the transfer, or empty when the read model does not know it
     */
    Optional<TransferView> transfer(UUID transferId);

    /**
     * Returns a page of the audit log: the events the read model applied, in global position order. Where
     * several processors feed one read model, they apply events out of order for a while: a page may then pass
     * over a position not applied yet. To page through every event without a gap, read the event store's
     * {@link io.chronicleledger.core.store.EventStore#readAll}, whose positions commit in order.
     *
     * @param query the position to start after, the page size (up to {@link GlobalLogQuery#MAX_LIMIT}) and the
     *              filters
     * @return the page
     */
    Page<RecordedEvent> auditLog(GlobalLogQuery query);
}
