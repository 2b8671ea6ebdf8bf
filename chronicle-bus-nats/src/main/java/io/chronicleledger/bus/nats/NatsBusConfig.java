package io.chronicleledger.bus.nats;

import io.chronicleledger.core.support.Redaction;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How {@link NatsEventBus} reaches NATS and what it asks of JetStream. Start from {@link #of(String)} and change
 * what differs; {@link #validate()} names the first bad field.
 *
 * <pre>{@code
 * NatsBusConfig config = NatsBusConfig.of("nats://10.0.0.1:4222,nats://10.0.0.2:4222")
 *         .withUserInfo("ledger", "secret")
 *         .withReplicas(3)
 *         .withMaxDeliver(10);
 * }</pre>
 *
 * @param servers               the servers, comma-separated {@code nats://} (or {@code tls://}, with the JVM's
 *                              trust store) URLs; a URL may carry {@code user:password@}
 * @param username              the user, or {@code null}
 * @param password              the user's password, or {@code null}
 * @param token                 an authentication token, or {@code null}
 * @param credentialsFile       a NATS {@code .creds} file (JWT and NKey), or {@code null}
 * @param streamName            the JetStream stream of the events (subjects {@code <subjectPrefix>.>}); the dead
 *                              letters go to a second stream of this name with {@code _DEAD} appended
 *                              ({@code dead.<subjectPrefix>.>})
 * @param subjectPrefix         the first token(s) of every event's subject, {@code events} by default
 *                              ({@code events.account.deposited}); two deployments that share a NATS server each
 *                              need their own (and their own stream), since a subject belongs to one stream only
 * @param replicas              how many servers keep each message, 1 to 5
 * @param maxAge                how long the stream keeps a message; zero keeps them until limits of the server
 * @param duplicateWindow       how long JetStream remembers an event id to drop a repeated publish
 * @param ackWait               how long a delivery may stay unacknowledged before it is delivered again
 * @param maxAckPending         the most unacknowledged deliveries of one durable consumer
 * @param maxDeliver            how many times an event is delivered to one consumer before it becomes a dead
 *                              letter
 * @param maxPublishesInFlight  the most publishes waiting for JetStream's ack at once
 * @param publishTimeout        how long a publish waits for JetStream's ack before it is retried
 * @param connectTimeout        how long connecting to one server may take
 */
public record NatsBusConfig(
        String servers,
        String username,
        String password,
        String token,
        Path credentialsFile,
        String streamName,
        String subjectPrefix,
        int replicas,
        Duration maxAge,
        Duration duplicateWindow,
        Duration ackWait,
        int maxAckPending,
        int maxDeliver,
        int maxPublishesInFlight,
        Duration publishTimeout,
        Duration connectTimeout) {

    /** A user info without a colon: a token, to NATS. */
    private static final Pattern TOKEN_USER_INFO = Pattern.compile("//[^:/@]+@");

    /** The stream name when none is given. */
    public static final String DEFAULT_STREAM = "CHRONICLE_EVENTS";

    /** The subject prefix when none is given: the design document's subjects, {@code events.account.created}. */
    public static final String DEFAULT_SUBJECT_PREFIX = "events";

    /** One or more subject tokens of letters, digits, '-' and '_', separated by dots: no wildcard. */
    private static final Pattern SUBJECT_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** The duplicate window when none is given: two minutes, as JetStream's own default. */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

    /** The ack wait when none is given. */
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

    /** The most unacknowledged deliveries per consumer when none is given. */
    public static final int DEFAULT_MAX_ACK_PENDING = 1_000;

    /** The most deliveries of one event to one consumer when none is given. */
    public static final int DEFAULT_MAX_DELIVER = 5;

    /** The most publishes in flight when none is given. */
    public static final int DEFAULT_MAX_PUBLISHES_IN_FLIGHT = 1_024;

    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final List<String> SCHEMES = List.of("nats", "tls", "ws", "wss");

    /**
     * Returns a configuration with the defaults: stream {@value #DEFAULT_STREAM}, one replica, no age limit, a
     * two-minute duplicate window, a 30-second ack wait, {@value #DEFAULT_MAX_ACK_PENDING} pending acks,
     * {@value #DEFAULT_MAX_DELIVER} deliveries, {@value #DEFAULT_MAX_PUBLISHES_IN_FLIGHT} publishes in flight,
     * 5-second publish and connect timeouts, and no credentials but those of the URLs.
     *
     * @param servers comma-separated server URLs
     * @return the configuration
     */
    public static NatsBusConfig of(String servers) {
        return new NatsBusConfig(servers, null, null, null, null, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, 1,
                Duration.ZERO, DEFAULT_DUPLICATE_WINDOW, DEFAULT_ACK_WAIT, DEFAULT_MAX_ACK_PENDING, DEFAULT_MAX_DELIVER,
                DEFAULT_MAX_PUBLISHES_IN_FLIGHT, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * Returns the server URLs, one per entry.
     *
     * @return the URLs, trimmed
     */
    public List<String> serverList() {
        return servers == null ? List.of()
                : Arrays.stream(servers.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
    }

    /**
     * Returns the name of the dead-letter stream.
     *
     * @return the stream name with {@code _DEAD} appended
     */
    public String deadLetterStreamName() {
        return streamName + "_DEAD";
    }

    /**
     * Returns this configuration with a user and password.
     *
     * @param user   the user
     * @param secret the password
     * @return the new configuration
     */
    public NatsBusConfig withUserInfo(String user, String secret) {
        return new NatsBusConfig(servers, user, secret, token, credentialsFile, streamName, subjectPrefix, replicas,
                maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with an authentication token.
     *
     * @param secret the token
     * @return the new configuration
     */
    public NatsBusConfig withToken(String secret) {
        return new NatsBusConfig(servers, username, password, secret, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight,
                publishTimeout, connectTimeout);
    }

    /**
     * Returns this configuration with a credentials file.
     *
     * @param file a {@code .creds} file
     * @return the new configuration
     */
    public NatsBusConfig withCredentialsFile(Path file) {
        return new NatsBusConfig(servers, username, password, token, file, streamName, subjectPrefix, replicas, maxAge,
                duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another stream.
     *
     * @param name 1 to 32 letters, digits, {@code -} or {@code _}
     * @return the new configuration
     */
    public NatsBusConfig withStreamName(String name) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, name, subjectPrefix, replicas,
                maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another subject prefix: the events' subjects become
     * {@code <prefix>.<aggregate>.<event>}, the dead letters' {@code dead.<prefix>.<aggregate>.<event>}.
     *
     * @param prefix one or more tokens of letters, digits, {@code -} and {@code _}, separated by dots, at most 64
     *               characters
     * @return the new configuration
     */
    public NatsBusConfig withSubjectPrefix(String prefix) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, prefix, replicas,
                maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another number of replicas.
     *
     * @param count 1 to 5
     * @return the new configuration
     */
    public NatsBusConfig withReplicas(int count) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix, count,
                maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another maximum age of the stream's messages.
     *
     * @param age zero for no limit
     * @return the new configuration
     */
    public NatsBusConfig withMaxAge(Duration age) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, age, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight,
                publishTimeout, connectTimeout);
    }

    /**
     * Returns this configuration with another duplicate window.
     *
     * @param window positive
     * @return the new configuration
     */
    public NatsBusConfig withDuplicateWindow(Duration window) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, window, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another ack wait.
     *
     * @param wait positive
     * @return the new configuration
     */
    public NatsBusConfig withAckWait(Duration wait) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, wait, maxAckPending, maxDeliver, maxPublishesInFlight,
                publishTimeout, connectTimeout);
    }

    /**
     * Returns this configuration with another most of unacknowledged deliveries per consumer.
     *
     * @param pending 1 or more
     * @return the new configuration
     */
    public NatsBusConfig withMaxAckPending(int pending) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, pending, maxDeliver, maxPublishesInFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another most of deliveries per event and consumer.
     *
     * @param deliveries 1 or more
     * @return the new configuration
     */
    public NatsBusConfig withMaxDeliver(int deliveries) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, maxAckPending, deliveries, maxPublishesInFlight,
                publishTimeout, connectTimeout);
    }

    /**
     * Returns this configuration with another most of publishes in flight.
     *
     * @param inFlight 1 or more
     * @return the new configuration
     */
    public NatsBusConfig withMaxPublishesInFlight(int inFlight) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, inFlight, publishTimeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another publish timeout.
     *
     * @param timeout positive
     * @return the new configuration
     */
    public NatsBusConfig withPublishTimeout(Duration timeout) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight, timeout,
                connectTimeout);
    }

    /**
     * Returns this configuration with another connect timeout.
     *
     * @param timeout positive
     * @return the new configuration
     */
    public NatsBusConfig withConnectTimeout(Duration timeout) {
        return new NatsBusConfig(servers, username, password, token, credentialsFile, streamName, subjectPrefix,
                replicas, maxAge, duplicateWindow, ackWait, maxAckPending, maxDeliver, maxPublishesInFlight,
                publishTimeout, timeout);
    }

    /**
     * Checks every field.
     *
     * @return this configuration
     * @throws IllegalArgumentException naming the first bad field
     */
    public NatsBusConfig validate() {
        List<String> urls = serverList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("servers must name at least one nats:// URL, was "
                    + (servers == null ? "null" : "'" + servers + "'"));
        }
        for (String url : urls) {
            checkUrl(url);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together; only one was given");
        }
        if (token != null && token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        if (credentialsFile != null && !Files.isReadable(credentialsFile)) {
            throw new IllegalArgumentException("credentialsFile is not a readable file: " + credentialsFile);
        }
        if (streamName == null || !STREAM_NAME.matcher(streamName).matches()) {
            throw new IllegalArgumentException("streamName must be 1 to 32 letters, digits, '-' or '_', was "
                    + (streamName == null ? "null" : "'" + streamName + "'"));
        }
        if (subjectPrefix == null || subjectPrefix.length() > 64 || !SUBJECT_PREFIX.matcher(subjectPrefix).matches()) {
            throw new IllegalArgumentException("subjectPrefix must be subject tokens of letters, digits, '-' or '_', "
                    + "separated by dots, at most 64 characters, was "
                    + (subjectPrefix == null ? "null" : "'" + subjectPrefix + "'"));
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be 1 to 5, was " + replicas);
        }
        requireNotNegative("maxAge", maxAge);
        requirePositive("duplicateWindow", duplicateWindow);
        requirePositive("ackWait", ackWait);
        requirePositive("publishTimeout", publishTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (maxAckPending < 1) {
            throw new IllegalArgumentException("maxAckPending must be at least 1, was " + maxAckPending);
        }
        if (maxDeliver < 1) {
            throw new IllegalArgumentException("maxDeliver must be at least 1, was " + maxDeliver);
        }
        if (maxPublishesInFlight < 1) {
            throw new IllegalArgumentException("maxPublishesInFlight must be at least 1, was " + maxPublishesInFlight);
        }
        return this;
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("servers holds a URL that does not parse: '" + redact(url) + "'");
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("servers must be nats://host:port URLs (or tls://, ws://, wss://), "
                    + "was '" + redact(url) + "'");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or more, was " + value);
        }
    }

    /**
     * Returns a URL with the secret of its user info hidden: the password of {@code user:password@}, or the
     * token of {@code token@} (a user info without a colon is a token to NATS).
     *
     * @param url a server URL
     * @return the URL, {@code user:****@} in place of {@code user:password@} and {@code ****@} in place of
     *         {@code token@}
     */
    static String redact(String url) {
        return TOKEN_USER_INFO.matcher(Redaction.url(url)).replaceAll("//" + Redaction.HIDDEN + "@");
    }

    /**
     * Describes this configuration without its secrets.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "NatsBusConfig[servers=" + (servers == null ? null : redact(servers)) + ", username=" + username
                + ", password=" + (password == null ? "null" : "****") + ", token=" + (token == null ? "null" : "****")
                + ", credentialsFile=" + credentialsFile + ", streamName=" + streamName + ", subjectPrefix="
                + subjectPrefix + ", replicas=" + replicas
                + ", maxAge=" + maxAge + ", duplicateWindow=" + duplicateWindow + ", ackWait=" + ackWait
                + ", maxAckPending=" + maxAckPending + ", maxDeliver=" + maxDeliver + ", maxPublishesInFlight="
                + maxPublishesInFlight + ", publishTimeout=" + publishTimeout + ", connectTimeout=" + connectTimeout
                + "]";
    }
}
