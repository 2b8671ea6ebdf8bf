package io.chronicleledger.bus.nats.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NATS subject of each event: {@code <prefix>.<aggregate>.<event>}, the prefix {@code events} unless
 * configured, both other tokens in lower snake case. The ledger's events have the names of the design document
 * ({@code events.account.created}, {@code .deposited}, {@code .withdrawn}, {@code .transfer_sent},
 * {@code .transfer_received}); any other event takes the snake case of its type, such as
 * {@code events.order.order_placed}. Names are computed once per aggregate and event type.
 */
public final class Subjects {

    /** The prefix of the dead letters' subjects: {@code dead.} and the event's subject. */
    public static final String DEAD = "dead.";

    private static final Map<String, String> LEDGER_EVENTS = Map.of(
            "AccountCreated", "created",
            "MoneyDeposited", "deposited",
            "MoneyWithdrawn", "withdrawn",
            "TransferSent", "transfer_sent",
            "TransferReceived", "transfer_received");

    private final String prefix;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    /**
     * Creates the naming, with an empty cache.
     *
     * @param prefix the first token(s) of every subject, checked by {@code NatsBusConfig}
     */
    public Subjects(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns the subjects of the events stream.
     *
     * @return {@code <prefix>.>}
     */
    public String allEvents() {
        return prefix + ".>";
    }

    /**
     * Returns the subjects of the dead-letter stream.
     *
     * @return {@code dead.<prefix>.>}
     */
    public String allDead() {
        return DEAD + allEvents();
    }

    /**
     * Returns the subject of an event.
     *
     * @param aggregateType the aggregate type, such as {@code Account}
     * @param eventType     the event type, such as {@code MoneyDeposited}
     * @return the subject, such as {@code events.account.deposited}
     */
    public String of(String aggregateType, String eventType) {
        return cache.computeIfAbsent(aggregateType, type -> new ConcurrentHashMap<>())
                .computeIfAbsent(eventType, event -> compute(aggregateType, event));
    }

    private String compute(String aggregateType, String eventType) {
        String event = "Account".equals(aggregateType) ? LEDGER_EVENTS.get(eventType) : null;
        return prefix + "." + snakeCase(aggregateType) + "." + (event != null ? event : snakeCase(eventType));
    }

    /**
     * Returns a name in lower snake case, as one subject token: {@code TransferSent} becomes
     * {@code transfer_sent}; any character but letters, digits, {@code -} and {@code _} becomes {@code _}.
     *
     * @param name a type name
     * @return the token, never empty
     */
    static String snakeCase(String name) {
        StringBuilder token = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') { // ASCII only: other capitals would leak into the subject in lower case
                boolean wordStart = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || Character.isDigit(name.charAt(i - 1))
                        || i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
                        && Character.isUpperCase(name.charAt(i - 1)));
                if (wordStart) {
                    token.append('_');
                }
                token.append(Character.toLowerCase(c));
            } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                token.append(c);
            } else {
                token.append('_');
            }
        }
        return token.length() == 0 ? "_" : token.toString();
    }
}
