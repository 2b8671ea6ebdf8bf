package io.chronicleledger.testkit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A private three-node JetStream cluster: a stream with three replicas through a node's crash and restart. */
@DisplayName("NatsCluster (private nats-servers)")
class NatsClusterTest {

    private static final int NODES = 3;
    private static final String STREAM = "CLUSTER_TEST";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @DisplayName("the stream leader's node killed and restarted: every message published is stored exactly once, "
            + "and all three replicas are current again")
    void streamSurvivesANodeKilledAndRestarted() throws Exception {
        try (NatsCluster cluster = NatsCluster.start(NODES)) {
            Connection connection = Nats.connect(Options.builder().server(cluster.url())
                    .connectionTimeout(Duration.ofSeconds(2)).reconnectWait(Duration.ofMillis(100))
                    .maxReconnects(-1).build());
            try {
                JetStreamManagement jsm = connection.jetStreamManagement();
                jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects("cluster.test.>")
                        .storageType(StorageType.File).replicas(NODES).build());
                JetStream js = connection.jetStream(
                        JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
                List<String> published = new ArrayList<>();

                publish(js, published, 20);
                String leader = jsm.getStreamInfo(STREAM).getClusterInfo().getLeader();
                int crashed = IntStream.range(0, NODES).filter(node -> NatsCluster.serverName(node).equals(leader))
                        .findFirst().orElseThrow();
                cluster.kill(crashed);
                publish(js, published, 20); // while another node takes the lead
                cluster.restart(crashed);
                publish(js, published, 10);

                StreamInfo info = awaitAllReplicasCurrent(jsm);
                assertThat(info.getStreamState().getMsgCount()).as("stored messages").isEqualTo(published.size());
                assertThat(stored(jsm, info.getStreamState().getLastSequence())).as("stored payloads, in order")
                        .containsExactlyElementsOf(published);
            } finally {
                connection.close();
            }
        }
    }

    @Test
    @DisplayName("a client learns no node's real port beyond the URLs it was given")
    void nodesDoNotAdvertise() throws Exception {
        try (NatsCluster cluster = NatsCluster.start(NODES)) {
            assertThat(cluster.url()).isEqualTo(String.join(",", IntStream.range(0, NODES)
                    .mapToObj(node -> "nats://127.0.0.1:" + cluster.clientPort(node)).toList()));
            Connection connection = Nats.connect("nats://127.0.0.1:" + cluster.clientPort(0));
            try {
                assertThat(connection.getServerInfo().getConnectURLs()).as("URLs the server advertises").isEmpty();
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Publishes messages whose payload is also their message id, each retried until acknowledged (a lost
     * acknowledgement makes a duplicate, which the stream drops by its id), and records them in order.
     */
    private static void publish(JetStream js, List<String> published, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            String id = "message-" + published.size();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!published(js, id)) {
                assertThat(System.nanoTime() - deadline).as("%s acknowledged within %s", id, TIMEOUT).isNegative();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            published.add(id);
        }
    }

    private static boolean published(JetStream js, String id) {
        try {
            js.publish("cluster.test." + id, id.getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(id).build());
            return true;
        } catch (IOException | JetStreamApiException e) {
            return false; // no leader yet, or the acknowledgement lost: try again
        }
    }

    /** Waits until the stream has a leader and all other replicas are online and current. */
    private static StreamInfo awaitAllReplicasCurrent(JetStreamManagement jsm) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        StreamInfo last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                last = jsm.getStreamInfo(STREAM);
                ClusterInfo cluster = last.getClusterInfo();
                if (cluster.getLeader() != null && cluster.getReplicas() != null
                        && cluster.getReplicas().size() == NODES - 1
                        && cluster.getReplicas().stream().allMatch(peer -> peer.isCurrent() && !peer.isOffline())) {
                    return last;
                }
            } catch (IOException | JetStreamApiException e) {
                // no leader yet: ask again
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("not within " + TIMEOUT + ": a leader and " + (NODES - 1)
                + " replicas current; last cluster info: "
                + (last == null ? "none" : last.getClusterInfo()));
    }

    private static List<String> stored(JetStreamManagement jsm, long lastSequence) throws Exception {
        List<String> payloads = new ArrayList<>();
        for (long sequence = 1; sequence <= lastSequence; sequence++) {
            payloads.add(new String(jsm.getMessage(STREAM, sequence).getData(), StandardCharsets.UTF_8));
        }
        return payloads;
    }
}
