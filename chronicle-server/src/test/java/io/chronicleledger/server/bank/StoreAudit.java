package io.chronicleledger.server.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.testkit.EventLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The client's history held against the event store, the truth: every acknowledged command is recorded exactly
 * once, with the ids its answer gave and the accounts and amount it asked for, even when its answer was lost
 * and it was sent again; a refused command left nothing; nothing is recorded that no client asked for.
 * Commands are matched with events by the {@code idempotency_key} of the events' metadata.
 */
final class StoreAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<RecordedEvent>> byKey = new HashMap<>();
    private final Set<UUID> eventIds = new HashSet<>();
    private long events;

    private StoreAudit() {
    }

    /** Reads the whole store once. */
    static StoreAudit of(EventStore store) {
        StoreAudit audit = new StoreAudit();
        EventLog.forEach(store, audit::add);
        return audit;
    }

    private void add(RecordedEvent event) {
        events++;
        eventIds.add(event.eventId());
        String key = tree(event.metadata()).path("idempotency_key").asText("");
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
    }

    long events() {
        return events;
    }

    /** The ids of every event recorded. */
    Set<UUID> eventIds() {
        return Set.copyOf(eventIds);
    }

    /** Checks every command of the history, and that every recorded key is one of them (or of the set-up). */
    void check(History history, Set<String> setUpKeys, Violations violations) {
        List<History.Entry> entries = history.entries();
        checkAcknowledged(entries, violations);
        Set<String> known = new HashSet<>(setUpKeys);
        for (History.Entry entry : entries) {
            known.add(entry.command().key());
            List<RecordedEvent> recorded = byKey.getOrDefault(entry.command().key(), List.of());
            if (entry.outcome() instanceof Outcome.Refused && !recorded.isEmpty()) {
                violations.add("refused " + entry.command() + " (" + entry.outcome() + ") has events: " + recorded);
            }
        }
        byKey.forEach((key, recorded) -> {
            if (!known.contains(key)) {
                violations.add("events recorded under a key no client sent (" + key + "): " + recorded);
            }
        });
    }

    /**
     * Checks that every acknowledged command among {@code entries} is recorded exactly once, as its answer said:
     * durable once acknowledged. The store must have been read after the entries were acknowledged.
     */
    void checkAcknowledged(List<History.Entry> entries, Violations violations) {
        for (History.Entry entry : entries) {
            if (entry.outcome() instanceof Outcome.Acked acked) {
                String problem = mismatch(entry.command(), acked.body(),
                        byKey.getOrDefault(entry.command().key(), List.of()));
                if (problem != null) {
                    violations.add("acknowledged " + entry.command() + " answered " + acked.body() + ": " + problem);
                }
            }
        }
    }

    private static String mismatch(BankCommand command, JsonNode answer, List<RecordedEvent> recorded) {
        if (command instanceof BankCommand.Transfer transfer) {
            if (recorded.size() != 2) {
                return recorded.size() + " events recorded where a transfer has 2: " + recorded;
            }
            RecordedEvent sent = recorded.get(0);
            RecordedEvent received = recorded.get(1);
            String id = answer.path("transfer_id").asText();
            boolean matches = sent.eventType().equals("TransferSent") && sent.aggregateId().equals(transfer.from())
                    && received.eventType().equals("TransferReceived")
                    && received.aggregateId().equals(transfer.to())
                    && id.equals(tree(sent.data()).path("transfer_id").asText())
                    && id.equals(tree(received.data()).path("transfer_id").asText())
                    && sameAmount(sent, transfer.amount()) && sameAmount(received, transfer.amount());
            return matches ? null : "recorded as " + recorded;
        }
        BankCommand.Movement movement = (BankCommand.Movement) command;
        if (recorded.size() != 1) {
            return recorded.size() + " events recorded where one was due: " + recorded;
        }
        RecordedEvent event = recorded.get(0);
        boolean matches = event.eventType().equals(movement.eventType())
                && event.aggregateId().equals(movement.account())
                && event.eventId().toString().equals(answer.path("event_id").asText())
                && sameAmount(event, movement.amount());
        return matches ? null : "recorded as " + event;
    }

    private static boolean sameAmount(RecordedEvent event, BigDecimal amount) {
        JsonNode recorded = tree(event.data()).path("amount");
        return recorded.isTextual() && new BigDecimal(recorded.asText()).compareTo(amount) == 0;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the store holds JSON it cannot have written: " + json, e);
        }
    }
}
