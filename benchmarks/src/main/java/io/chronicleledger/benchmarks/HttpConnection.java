package io.chronicleledger.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to a port of the loopback address, one request at a time: a plain socket
 * with {@code TCP_NODELAY}, the request written in one piece, the answer read by its {@code Content-Length} (or
 * its chunks). It does as little as a client can, so that the time it adds to a figure is small and shows in the
 * floor (a trivial request to the same server); {@link java.net.http.HttpClient} hands every exchange to its
 * selector thread and back, which costs more than a small request to the server does.
 */
final class HttpConnection implements AutoCloseable {

    /** A status and a body. */
    record Response(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    /**
     * Connects.
     *
     * @param port the port on the loopback address
     * @throws IOException when the connection fails
     */
    HttpConnection(int port) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.host = "127.0.0.1:" + port;
    }

    /**
     * Sends {@code GET path}.
     *
     * @param path the path and query
     * @return the answer
     * @throws IOException when the connection fails or the answer is not HTTP/1.1
     */
    Response get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    /**
     * Sends {@code POST path} with a JSON body.
     *
     * @param path the path
     * @param json the body
     * @return the answer
     * @throws IOException when the connection fails or the answer is not HTTP/1.1
     */
    Response post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return exchange("POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + json);
    }

    private Response exchange(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked ? chunkedBody() : in.readNBytes(Math.max(length, 0));
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        while (!line().isEmpty()) {
            // trailers
        }
        return body.toByteArray();
    }

    /** Reads a line ending in CRLF, without it. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
