package io.chronicleledger.server.bank;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StreamInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The JetStream stream held against the store: every committed event is in the stream exactly once (its
 * {@code Nats-Msg-Id} once, JetStream's duplicate window having dropped repeated publishes), nothing else is,
 * and the dead-letter stream is empty.
 */
final class JetStreamAudit {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private JetStreamAudit() {
    }

    /**
     * Reads the whole stream and checks it.
     *
     * @return how many messages the stream holds
     */
    @SuppressWarnings("try") // the connection's close() may throw InterruptedException, which check() passes on
    static long check(String natsUrl, String stream, Set<UUID> committed, Violations violations) throws Exception {
        Options options = Options.builder().servers(natsUrl.split(",")).connectionTimeout(WAIT).build();
        try (Connection connection = Nats.connect(options)) {
            StreamInfo info = connection.jetStreamManagement().getStreamInfo(stream);
            long messages = info.getStreamState().getMsgCount();
            Map<String, Integer> seen = new HashMap<>();
            JetStreamSubscription subscription = connection.jetStream().subscribe(">",
                    PushSubscribeOptions.builder().stream(stream).ordered(true).build());
            for (long read = 0; read < messages; read++) {
                Message message = subscription.nextMessage(WAIT);
                if (message == null) {
                    violations.add("JetStream stream " + stream + " delivered " + read + " of its " + messages
                            + " messages");
                    break;
                }
                String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
                seen.merge(String.valueOf(id), 1, Integer::sum);
            }
            subscription.unsubscribe();
            seen.forEach((id, times) -> {
                if (times > 1) {
                    violations.add("event " + id + " is in the JetStream stream " + times + " times");
                }
            });
            Set<String> expected = new HashSet<>();
            committed.forEach(id -> expected.add(id.toString()));
            long missing = expected.stream().filter(id -> !seen.containsKey(id)).count();
            if (missing > 0) {
                violations.add(missing + " committed events never reached the JetStream stream " + stream);
            }
            long foreign = seen.keySet().stream().filter(id -> !expected.contains(id)).count();
            if (foreign > 0) {
                violations.add(foreign + " ids in the JetStream stream " + stream + " are of no committed event");
            }
            long dead = connection.jetStreamManagement().getStreamInfo(stream + "_DEAD").getStreamState().getMsgCount();
            if (dead > 0) {
                violations.add(dead + " events went to the dead-letter stream " + stream + "_DEAD");
            }
            return messages;
        }
    }
}
