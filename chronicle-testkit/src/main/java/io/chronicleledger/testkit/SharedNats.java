package io.chronicleledger.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The machine's NATS with JetStream, which integration tests share: {@code CHRONICLE_NATS_URL} when set, else
 * {@value #DEFAULT_URL}. When it cannot be reached, {@link #url()} fails the test and says how to start it.
 * Fault tests never stop it: they start a {@link NatsServerProcess} of their own.
 */
public final class SharedNats {

    /** Where the shared NATS is when {@code CHRONICLE_NATS_URL} is not set. */
    public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

    private SharedNats() {
    }

    /**
     * Returns the URL of the shared NATS, after checking that it accepts connections.
     *
     * @return the URL (the first one, when {@code CHRONICLE_NATS_URL} lists several)
     * @throws AssertionError when it cannot be reached
     */
    public static String url() {
        String env = System.getenv("CHRONICLE_NATS_URL");
        String url = env == null || env.isBlank() ? DEFAULT_URL : env.split(",")[0].trim();
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 4222 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError("NATS is not reachable at " + url + " (" + e.getMessage() + "). Start it with "
                    + "`scripts/setup-services.sh`, or with `start-stop-daemon --start --oknodo --background --exec "
                    + "/usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l "
                    + "/var/log/nats-server.log`, or point CHRONICLE_NATS_URL at a NATS server with JetStream.", e);
        }
        return url;
    }
}
