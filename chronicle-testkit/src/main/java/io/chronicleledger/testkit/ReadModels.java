package io.chronicleledger.testkit;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.projection.RebuildProgress;
import io.chronicleledger.core.store.EventStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads whole read models through their keyset pages, and compares them.
 */
public final class ReadModels {

    private static final int PAGE_SIZE = 100;

    private ReadModels() {
    }

    /**
     * Returns a read model rebuilt from the store by the reference implementation (the in-memory one), to
     * compare other read models with.
     *
     * @param store the event store
     * @return the rebuilt read model
     */
    public static InMemoryLedgerReadModel replayOf(EventStore store) {
        InMemoryLedgerReadModel replay = new InMemoryLedgerReadModel();
        new Projector(replay, store).rebuild(RebuildProgress.NONE);
        return replay;
    }

    /**
     * Returns every account of a read model, paging through {@link LedgerQueries#accounts}.
     *
     * @param queries the read model
     * @return the accounts, in id order
     */
    public static List<AccountView> allAccounts(LedgerQueries queries) {
        List<AccountView> all = new ArrayList<>();
        String after = "";
        Page<AccountView> page;
        do {
            page = queries.accounts(after, PAGE_SIZE);
            all.addAll(page.items());
            if (!page.isEmpty()) {
                after = page.items().get(page.items().size() - 1).accountId();
            }
        } while (page.hasMore());
        return all;
    }

    /**
     * Returns the whole history of an account, newest first, paging through {@link LedgerQueries#transactions}.
     *
     * @param queries   the read model
     * @param accountId the account
     * @return its transactions, newest first
     */
    public static List<TransactionView> allTransactions(LedgerQueries queries, String accountId) {
        List<TransactionView> all = new ArrayList<>();
        long before = Long.MAX_VALUE;
        Page<TransactionView> page;
        do {
            page = queries.transactions(accountId, before, PAGE_SIZE);
            all.addAll(page.items());
            if (!page.isEmpty()) {
                before = page.items().get(page.items().size() - 1).version();
            }
        } while (page.hasMore());
        return all;
    }

    /**
     * Asserts that two read models show the same accounts, histories and transfers.
     *
     * @param expected the reference (usually {@link #replayOf} the store)
     * @param actual   the read model under test
     */
    public static void assertEquivalent(LedgerQueries expected, LedgerQueries actual) {
        List<AccountView> expectedAccounts = allAccounts(expected);
        assertThat(allAccounts(actual)).as("accounts").containsExactlyElementsOf(expectedAccounts);
        Map<UUID, Optional<TransferView>> expectedTransfers = new LinkedHashMap<>();
        for (AccountView account : expectedAccounts) {
            List<TransactionView> history = allTransactions(expected, account.accountId());
            assertThat(allTransactions(actual, account.accountId()))
                    .as("history of %s", account.accountId())
                    .containsExactlyElementsOf(history);
            history.forEach(entry -> entry.transferId()
                    .ifPresent(id -> expectedTransfers.put(id, expected.transfer(id))));
        }
        expectedTransfers.forEach((id, transfer) ->
                assertThat(actual.transfer(id)).as("transfer %s", id).isEqualTo(transfer));
    }
}
