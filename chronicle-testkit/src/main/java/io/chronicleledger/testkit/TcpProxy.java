package io.chronicleledger.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 for fault tests: it sits between a client and a server, forwards bytes both ways,
 * and lets the test slow the link down ({@link #delay(Duration)}) or cut it ({@link #cut()}) and mend it
 * ({@link #restore()}) without touching either end. The proxy keeps its port across a cut, so a client that
 * reconnects to the same address finds it again after the restore.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start("127.0.0.1", natsPort)) {
 *     client = connect(proxy.url("nats"));
 *     proxy.delay(Duration.ofMillis(200)); // a slow link
 *     proxy.cut();                         // a partition: open connections close, new ones are refused
 *     proxy.restore();                     // the link is back, on the same port, at full speed
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int BACKLOG = 50;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    // guarded by this
    private final Set<Link> links = new HashSet<>();
    private boolean refusing;
    private boolean closed;

    private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
    }

    /**
     * Starts a proxy on a free port of 127.0.0.1 that forwards every connection to the target.
     *
     * @param targetHost the host the proxy connects to, for each connection it accepts
     * @param targetPort the port the proxy connects to
     * @return the running proxy
     */
    public static TcpProxy start(String targetHost, int targetPort) {
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, BACKLOG, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a free port of 127.0.0.1", e);
        }
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, listener);
        daemon(proxy::acceptLoop, proxy.threadName() + "-accept").start();
        return proxy;
    }

    /**
     * Returns the port the proxy listens on; it stays the same until {@link #close()}.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Returns the proxy's address, for clients that take a host and a port.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /**
     * Returns a URL that points a client at the proxy.
     *
     * @param scheme the scheme of the URL, such as {@code nats}
     * @return {@code <scheme>://127.0.0.1:<port>}
     */
    public String url(String scheme) {
        return scheme + "://" + hostAndPort();
    }

    /**
     * Slows the link: from now on, every chunk of bytes forwarded, in either direction, waits this long before
     * it is written.
     *
     * @param perChunk the wait per chunk; {@link Duration#ZERO} restores full speed
     */
    public void delay(Duration perChunk) {
        Objects.requireNonNull(perChunk, "perChunk");
        if (perChunk.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + perChunk);
        }
        delay = perChunk;
    }

    /**
     * Cuts the link: closes every open connection, both its sockets at once, and until {@link #restore()}
     * closes each new connection as soon as it is accepted.
     */
    public synchronized void cut() {
        refusing = true;
        closeLinks();
    }

    /** Mends the link after {@link #cut()}: new connections are forwarded again, with no delay. */
    public synchronized void restore() {
        delay = Duration.ZERO;
        refusing = false;
    }

    /**
     * Returns how many connections the proxy has forwarded to the target: a client that reconnects shows here.
     * Connections closed by a cut, or because the target refused them, do not count.
     *
     * @return the number of connections forwarded since the start
     */
    public int connectionsForwarded() {
        return forwarded.get();
    }

    /** Stops listening and closes every open connection. */
    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(listener);
        closeLinks();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed by close(), or failing for good (out of file descriptors): accept no more
            }
            if (!accepting()) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue; // as an unreachable server would: the client sees its connection close
            }
            startLink(client, server);
        }
    }

    private synchronized boolean accepting() {
        return !refusing && !closed;
    }

    private synchronized void startLink(Socket client, Socket server) {
        if (!accepting()) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        Link link = new Link(client, server, forwarded.incrementAndGet());
        links.add(link);
        link.start();
    }

    private synchronized void forget(Link link) {
        links.remove(link);
    }

    private void closeLinks() {
        List<Link> open = List.copyOf(links);
        links.clear();
        open.forEach(Link::close);
    }

    private String threadName() {
        return "chronicle-tcp-proxy-" + port();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing to end the connection: there is nothing left to do with it
        }
    }

    /** One forwarded connection: the client's socket, the server's socket and a pump for each direction. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private final List<Thread> pumps;
        private final AtomicInteger pumpsRunning = new AtomicInteger(2);

        Link(Socket client, Socket server, int number) {
            this.client = client;
            this.server = server;
            String name = threadName() + "-" + number;
            this.pumps = List.of(
                    daemon(() -> pump(client, server), name + "-to-server"),
                    daemon(() -> pump(server, client), name + "-to-client"));
        }

        void start() {
            pumps.forEach(Thread::start);
        }

        /**
         * Copies bytes until the source ends, which half-closes the destination so that the end travels on,
         * or until either socket fails or the link is closed, which closes the whole link.
         */
        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    pause();
                    out.write(buffer, 0, read);
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                close();
            }
            if (pumpsRunning.decrementAndGet() == 0) {
                close();
            }
        }

        private void pause() throws InterruptedException {
            Duration pause = delay;
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
            }
        }

        /** Closes both sockets and wakes a pump that waits out a delay; either end sees the connection end. */
        void close() {
            closeQuietly(client);
            closeQuietly(server);
            pumps.forEach(Thread::interrupt);
            forget(this);
        }
    }
}
