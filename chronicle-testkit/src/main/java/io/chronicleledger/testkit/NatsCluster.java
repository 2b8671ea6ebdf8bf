package io.chronicleledger.testkit;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A private cluster of {@code nats-server}s with JetStream for fault tests: each node has its own free client
 * port and route port on 127.0.0.1, its own store directory and its own server name, and routes to all the
 * others. The nodes do not advertise their ports, so a client only ever connects to the URLs it was given (a
 * proxy in front of a node stays in the way). Ports and stores survive {@link #stop(int)} and
 * {@link #restart(int)}, as they would across a real restart. Nodes are numbered from 0; the binary is found as
 * {@link NatsServerProcess} finds it.
 *
 * <pre>{@code
 * try (NatsCluster cluster = NatsCluster.start(3)) {
 *     bus = connect(cluster.url()); // a stream with 3 replicas
 *     cluster.kill(1);    // as a crash; the other two keep the quorum
 *     cluster.restart(1); // same ports, same store; it catches up
 * }
 * }</pre>
 */
public final class NatsCluster implements AutoCloseable {

    private static final String CLUSTER_NAME = "chronicle-test";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String PROBE_STREAM = "chronicle-cluster-probe";

    private final List<NatsServerProcess> nodes;

    private NatsCluster(List<NatsServerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts a cluster on free ports with new, empty store directories, and waits until every node accepts
     * connections and the JetStream of the cluster is ready (a meta leader elected, a stream with a replica on
     * every node created).
     *
     * @param nodes how many nodes, at least 2 (JetStream needs routes to run as a cluster); 3 survives one lost
     * @return the running cluster
     * @throws IllegalArgumentException when {@code nodes} is below 2
     * @throws IllegalStateException    when a node does not start, or JetStream is not ready within 30 s
     */
    public static NatsCluster start(int nodes) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a NATS cluster needs at least 2 nodes, not " + nodes);
        }
        String binary = NatsServerProcess.binary();
        List<NatsServerProcess> started = new ArrayList<>(nodes);
        try {
            int[] ports = FreePorts.take(2 * nodes);
            int[] routePorts = Arrays.copyOfRange(ports, nodes, 2 * nodes);
            for (int node = 0; node < nodes; node++) {
                started.add(startNode(binary, node, ports[node], routePorts));
            }
            NatsCluster cluster = new NatsCluster(started);
            cluster.awaitJetStream();
            return cluster;
        } catch (IOException e) {
            started.forEach(NatsServerProcess::close);
            throw new UncheckedIOException("cannot prepare a private NATS cluster", e);
        } catch (RuntimeException e) {
            started.forEach(NatsServerProcess::kill); // their logs stay, for the message to point at
            throw e;
        }
    }

    private static NatsServerProcess startNode(String binary, int node, int port, int[] routePorts)
            throws IOException {
        Path directory = Files.createTempDirectory("chronicle-nats-" + serverName(node) + "-");
        String routes = IntStream.range(0, routePorts.length).filter(other -> other != node)
                .mapToObj(other -> "    \"nats-route://127.0.0.1:" + routePorts[other] + "\"\n")
                .collect(Collectors.joining());
        Path config = Files.writeString(directory.resolve("nats-server.conf"), ""
                + "server_name: \"" + serverName(node) + "\"\n"
                + "listen: \"127.0.0.1:" + port + "\"\n"
                + "jetstream {\n"
                + "  store_dir: \"" + directory + "\"\n"
                + "}\n"
                + "cluster {\n"
                + "  name: \"" + CLUSTER_NAME + "\"\n"
                + "  listen: \"127.0.0.1:" + routePorts[node] + "\"\n"
                + "  no_advertise: true\n"
                + "  routes: [\n"
                + routes
                + "  ]\n"
                + "}\n");
        return NatsServerProcess.start(binary, port, directory, List.of("-c", config.toString()));
    }

    /**
     * Returns the name of a node, as JetStream reports it (the leader and replicas of a stream's cluster info).
     *
     * @param node the node, from 0
     * @return {@code node-<node>}
     */
    public static String serverName(int node) {
        return "node-" + node;
    }

    /**
     * Returns the URLs of all nodes, for a client that may use any of them.
     *
     * @return {@code nats://127.0.0.1:<port>} of each node, separated by commas
     */
    public String url() {
        return nodes.stream().map(NatsServerProcess::url).collect(Collectors.joining(","));
    }

    /**
     * Returns the client port of a node.
     *
     * @param node the node, from 0
     * @return its port on 127.0.0.1
     */
    public int clientPort(int node) {
        return nodes.get(node).port();
    }

    /**
     * Kills a node (SIGKILL), as a crash, and waits for it to end.
     *
     * @param node the node, from 0
     */
    public void kill(int node) {
        nodes.get(node).kill();
    }

    /**
     * Stops a node gracefully (SIGTERM) and waits for it to end.
     *
     * @param node the node, from 0
     */
    public void stop(int node) {
        nodes.get(node).stop();
    }

    /**
     * Starts a node again after {@link #stop(int)} or {@link #kill(int)}, on the same ports and store, and waits
     * until it accepts connections. It rejoins the cluster and catches up on its streams afterwards.
     *
     * @param node the node, from 0
     */
    public void restart(int node) {
        nodes.get(node).restart();
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(NatsServerProcess::close);
    }

    /**
     * Creates and deletes a stream with a replica on every node until that works: then a meta leader is elected
     * and every node has joined JetStream.
     */
    private void awaitJetStream() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        StreamConfiguration probe = StreamConfiguration.builder().name(PROBE_STREAM)
                .subjects("chronicle.cluster.probe").storageType(StorageType.Memory).replicas(nodes.size()).build();
        Options options = Options.builder().server(url()).connectionTimeout(PROBE_TIMEOUT).noReconnect().build();
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                Connection connection = Nats.connect(options);
                try {
                    JetStreamManagement jsm = connection.jetStreamManagement(
                            JetStreamOptions.builder().requestTimeout(PROBE_TIMEOUT).build());
                    jsm.addStream(probe);
                    jsm.deleteStream(PROBE_STREAM);
                    return;
                } finally {
                    connection.close();
                }
            } catch (IOException | JetStreamApiException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the NATS cluster", e);
            }
            NatsServerProcess.sleep(250);
        }
        throw new IllegalStateException("the JetStream of the NATS cluster was not ready within " + READY_TIMEOUT
                + " (no meta leader, or not every node joined); see " + logs(), last);
    }

    private String logs() {
        return nodes.stream().map(NatsServerProcess::log).map(Path::toString).collect(Collectors.joining(", "));
    }
}
