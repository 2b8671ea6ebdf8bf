package io.chronicleledger.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.store.RecordedEvent;

/**
 * The JSON shapes of the API: snake_case names as in the design, amounts as decimal strings with the
 * currency's minor units, times in ISO-8601 UTC.
 */
public final class Views {

    private Views() {
    }

    /**
     * Renders a recorded event with all its fields; {@code event_data} and {@code metadata} are embedded as
     * JSON.
     *
     * @param event the event
     * @return the JSON object
     */
    public static ObjectNode event(RecordedEvent event) {
        ObjectNode node = JsonResponses.object()
                .put("position", event.position())
                .put("event_id", event.eventId().toString())
                .put("aggregate_id", event.aggregateId())
                .put("aggregate_type", event.aggregateType())
                .put("event_type", event.eventType())
                .put("event_version", event.eventVersion())
                .put("stream_version", event.streamVersion());
        node.putRawValue("event_data", new RawValue(event.data()));
        node.putRawValue("metadata", new RawValue(event.metadata()));
        return node.put("created_at", event.createdAt().toString());
    }

    /**
     * Renders an account of the read model.
     *
     * @param account the account
     * @return the JSON object
     */
    public static ObjectNode account(AccountView account) {
        return JsonResponses.object()
                .put("account_id", account.accountId())
                .put("owner_name", account.ownerName())
                .put("balance", account.balance().toPlainString())
                .put("currency", currency(account.balance()))
                .put("status", account.status())
                .put("version", account.version())
                .put("created_at", account.createdAt().toString())
                .put("last_updated", account.lastUpdated().toString());
    }

    /**
     * Renders an entry of an account's history.
     *
     * @param entry the entry
     * @return the JSON object
     */
    public static ObjectNode transaction(TransactionView entry) {
        ObjectNode node = JsonResponses.object()
                .put("transaction_id", entry.transactionId().toString())
                .put("account_id", entry.accountId())
                .put("version", entry.version())
                .put("type", entry.type().wireName())
                .put("amount", entry.amount().toPlainString())
                .put("balance_after", entry.balanceAfter().toPlainString())
                .put("currency", currency(entry.amount()))
                .put("description", entry.description())
                .put("timestamp", entry.timestamp().toString());
        entry.transferId().ifPresent(id -> node.put("transfer_id", id.toString()));
        return node;
    }

    /**
     * Renders a transfer.
     *
     * @param transfer the transfer
     * @return the JSON object
     */
    public static ObjectNode transfer(TransferView transfer) {
        return JsonResponses.object()
                .put("transfer_id", transfer.transferId().toString())
                .put("from_account_id", transfer.fromAccountId())
                .put("to_account_id", transfer.toAccountId())
                .put("amount", transfer.amount().toPlainString())
                .put("currency", currency(transfer.amount()))
                .put("description", transfer.description())
                .put("status", transfer.status())
                .put("created_at", transfer.createdAt().toString());
    }

    private static String currency(Money money) {
        return money.currency().getCurrencyCode();
    }
}
