package io.chronicleledger.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP proxy forwards bytes both ways, slows them down, cuts the link and mends it on the same port. */
@Timeout(60)
class TcpProxyTest {

    /** Long enough that a healthy loopback round trip never takes it, however busy the machine. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private EchoServer echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = TcpProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBytesBothWays() throws Exception {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");

            byte[] large = new byte[1 << 20]; // many times the proxy's buffer
            new Random(42).nextBytes(large);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(socket, large));
            byte[] echoed = socket.getInputStream().readNBytes(large.length);
            writing.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

            assertThat(echoed).isEqualTo(large);
        }
        assertThat(proxy.connectionsForwarded()).isEqualTo(1);
        assertThat(proxy.url("nats")).isEqualTo("nats://127.0.0.1:" + proxy.port());
        assertThat(proxy.hostAndPort()).isEqualTo("127.0.0.1:" + proxy.port());
    }

    @Test
    void delaySlowsEveryChunkUntilSetBackToZero() throws IOException {
        Duration perChunk = Duration.ofMillis(200);
        try (Socket socket = connect()) {
            proxy.delay(perChunk);
            long started = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("a chunk each way, each delayed").isGreaterThanOrEqualTo(perChunk.multipliedBy(2));

            proxy.delay(Duration.ofMinutes(1));
            proxy.delay(Duration.ZERO);
            assertThat(roundTrip(socket, "fast")).as("back at full speed, well within the read timeout")
                    .isEqualTo("fast");
        }
    }

    @Test
    void cutClosesOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.cut();

            assertThat(endsWithoutData(open)).as("the open connection is closed").isTrue();
            try (Socket refused = connect()) {
                assertThat(endsWithoutData(refused)).as("a new connection is closed at once").isTrue();
            }
            assertThat(proxy.connectionsForwarded()).isEqualTo(1);
        }
    }

    @Test
    void restoreForwardsAgainOnTheSamePortWithoutDelay() throws IOException {
        int port = proxy.port();
        proxy.delay(Duration.ofMinutes(1));
        proxy.cut();
        try (Socket refused = connect()) {
            assertThat(endsWithoutData(refused)).isTrue();
        }

        proxy.restore();

        assertThat(proxy.port()).isEqualTo(port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertThat(roundTrip(socket, "after")).as("forwarded, and not delayed a minute").isEqualTo("after");
        }
        assertThat(proxy.connectionsForwarded()).isEqualTo(1);
    }

    @Test
    void closeEndsOpenConnections() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.close();

            assertThat(endsWithoutData(open)).isTrue();
        }
    }

    @Test
    void aTargetThatRefusesClosesTheClientsConnection() throws IOException {
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListens = socket.getLocalPort();
        }
        try (TcpProxy toNowhere = TcpProxy.start("127.0.0.1", nothingListens);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), toNowhere.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);

            assertThat(endsWithoutData(socket)).isTrue();
            assertThat(toNowhere.connectionsForwarded()).isZero();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static String roundTrip(Socket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns whether the peer closed the connection: the read ends (-1) or is reset, rather than timing out.
     */
    private static boolean endsWithoutData(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }

    /** Sends back whatever it receives, on a free port of the loopback address, one thread per connection. */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            Thread acceptor = new Thread(this::acceptLoop, "echo-server-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread echo = new Thread(() -> echo(socket), "echo-server-" + socket.getPort());
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                in.transferTo(out);
            } catch (IOException e) {
                // the client or the proxy went away
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
