package io.chronicleledger.bus.nats;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bus configuration: validate() names the bad field, and toString() keeps the secrets. */
@DisplayName("NatsBusConfig")
class NatsBusConfigTest {

    private static final String URL = "nats://127.0.0.1:4222";

    private static void assertInvalid(NatsBusConfig config, String field) {
        assertThatThrownBy(config::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }

    @Nested
    @DisplayName("validate()")
    class Validate {

        @Test
        @DisplayName("accepts the defaults and returns the configuration itself")
        void defaults() {
            NatsBusConfig config = NatsBusConfig.of(URL);

            assertThat(config.validate()).isSameAs(config);
            assertThat(config.streamName()).isEqualTo("CHRONICLE_EVENTS");
            assertThat(config.deadLetterStreamName()).isEqualTo("CHRONICLE_EVENTS_DEAD");
        }

        @Test
        @DisplayName("accepts several servers, every scheme NATS knows, and credentials in the URL")
        void goodServers() {
            NatsBusConfig config = NatsBusConfig.of(" nats://a:4222, tls://b:4222 ,ws://c:80,wss://u:p@d:443,");

            assertThat(config.validate()).isSameAs(config);
            assertThat(config.serverList()).containsExactly("nats://a:4222", "tls://b:4222", "ws://c:80",
                    "wss://u:p@d:443");
        }

        @ParameterizedTest(name = "servers \"{0}\"")
        @ValueSource(strings = {"", " ", ",", " , "})
        @DisplayName("names servers when none is given")
        void noServers(String servers) {
            assertInvalid(NatsBusConfig.of(servers), "servers");
        }

        @Test
        @DisplayName("names servers when they are null")
        void nullServers() {
            assertInvalid(NatsBusConfig.of(null), "servers");
        }

        @ParameterizedTest(name = "servers \"{0}\"")
        @ValueSource(strings = {"http://127.0.0.1:4222", "127.0.0.1:4222", "localhost", "nats://", "nats:/x",
                "nats://127.0.0.1:4222,redis://127.0.0.1:6379", "nats://bad host:4222"})
        @DisplayName("names servers for a URL of a bad scheme, without host, or that does not parse")
        void badServers(String servers) {
            assertInvalid(NatsBusConfig.of(servers), "servers");
        }

        @Test
        @DisplayName("does not show the password or token of a bad URL")
        void badUrlKeepsItsPassword() {
            assertThatThrownBy(NatsBusConfig.of("http://ledger:hunter2@127.0.0.1:4222")::validate)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("servers")
                    .hasMessageContaining("ledger")
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(NatsBusConfig.of("nats://ledger:hunt er2@127.0.0.1:4222")::validate)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("servers")
                    .hasMessageNotContaining("hunt er2");
            assertThatThrownBy(NatsBusConfig.of("http://s3cr3t-t0k3n@127.0.0.1:4222")::validate)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("servers")
                    .hasMessageNotContaining("s3cr3t-t0k3n");
        }

        @Test
        @DisplayName("names username and password when only one of them is given")
        void userWithoutPassword() {
            assertInvalid(NatsBusConfig.of(URL).withUserInfo("ledger", null), "password");
            assertInvalid(NatsBusConfig.of(URL).withUserInfo(null, "secret"), "username");
        }

        @Test
        @DisplayName("names token when it is empty")
        void emptyToken() {
            assertInvalid(NatsBusConfig.of(URL).withToken(""), "token");
        }

        @Test
        @DisplayName("names credentialsFile when it cannot be read")
        void missingCredentials() {
            assertInvalid(NatsBusConfig.of(URL).withCredentialsFile(Path.of("/nonexistent/ledger.creds")),
                    "credentialsFile");
        }

        @ParameterizedTest(name = "subjectPrefix ''{0}''")
        @ValueSource(strings = {"", "events.", ".events", "events..x", "events.*", "events.>", "a b"})
        @DisplayName("names subjectPrefix when it is not dot-separated tokens without wildcards")
        void badSubjectPrefix(String prefix) {
            assertInvalid(NatsBusConfig.of(URL).withSubjectPrefix(prefix), "subjectPrefix");
            assertInvalid(NatsBusConfig.of(URL).withSubjectPrefix(null), "subjectPrefix");
            assertInvalid(NatsBusConfig.of(URL).withSubjectPrefix("x".repeat(65)), "subjectPrefix");
        }

        @Test
        @DisplayName("accepts a subject prefix of one or more tokens; events by default")
        void goodSubjectPrefix() {
            assertThat(NatsBusConfig.of(URL).subjectPrefix()).isEqualTo("events");
            NatsBusConfig config = NatsBusConfig.of(URL).withSubjectPrefix("acme-1.ledger_events");
            assertThat(config.validate()).isSameAs(config);
        }

        @ParameterizedTest(name = "replicas {0}")
        @ValueSource(ints = {0, 6, -1})
        @DisplayName("names replicas outside 1 to 5")
        void badReplicas(int replicas) {
            assertInvalid(NatsBusConfig.of(URL).withReplicas(replicas), "replicas");
        }

        @ParameterizedTest(name = "replicas {0}")
        @ValueSource(ints = {1, 3, 5})
        @DisplayName("accepts replicas 1 to 5")
        void goodReplicas(int replicas) {
            NatsBusConfig config = NatsBusConfig.of(URL).withReplicas(replicas);
            assertThat(config.validate()).isSameAs(config);
        }

        @ParameterizedTest(name = "ackWait {0} ms")
        @ValueSource(longs = {0, -1})
        @DisplayName("names ackWait when it is not positive")
        void badAckWait(long millis) {
            assertInvalid(NatsBusConfig.of(URL).withAckWait(Duration.ofMillis(millis)), "ackWait");
            assertInvalid(NatsBusConfig.of(URL).withAckWait(null), "ackWait");
        }

        @Test
        @DisplayName("names each other duration that is out of range")
        void badDurations() {
            assertInvalid(NatsBusConfig.of(URL).withMaxAge(Duration.ofSeconds(-1)), "maxAge");
            assertInvalid(NatsBusConfig.of(URL).withDuplicateWindow(Duration.ZERO), "duplicateWindow");
            assertInvalid(NatsBusConfig.of(URL).withPublishTimeout(Duration.ZERO), "publishTimeout");
            assertInvalid(NatsBusConfig.of(URL).withConnectTimeout(Duration.ofSeconds(-5)), "connectTimeout");
        }

        @Test
        @DisplayName("names maxDeliver 0, and each other count below 1")
        void badCounts() {
            assertInvalid(NatsBusConfig.of(URL).withMaxDeliver(0), "maxDeliver");
            assertInvalid(NatsBusConfig.of(URL).withMaxAckPending(0), "maxAckPending");
            assertInvalid(NatsBusConfig.of(URL).withMaxPublishesInFlight(0), "maxPublishesInFlight");
        }

        @ParameterizedTest(name = "streamName \"{0}\"")
        @ValueSource(strings = {"", "EVENTS.LEDGER", "EVENTS LEDGER", "EVENTS*", "EVENTS>", "ÉVÉNEMENTS",
                "A_NAME_OF_THIRTY_THREE_CHARACTERS"})
        @DisplayName("names streamName when it is not 1 to 32 letters, digits, - or _")
        void badStreamName(String name) {
            assertInvalid(NatsBusConfig.of(URL).withStreamName(name), "streamName");
        }

        @Test
        @DisplayName("names streamName when it is null")
        void nullStreamName() {
            assertInvalid(NatsBusConfig.of(URL).withStreamName(null), "streamName");
        }

        @Test
        @DisplayName("accepts a stream name of 32 characters")
        void longestStreamName() {
            NatsBusConfig config = NatsBusConfig.of(URL).withStreamName("LEDGER-events_2024_0123456789ABCD");
            assertThat(config.streamName()).hasSize(33);
            assertInvalid(config, "streamName");
            NatsBusConfig ok = NatsBusConfig.of(URL).withStreamName("LEDGER-events_2024_0123456789ABC");
            assertThat(ok.validate()).isSameAs(ok);
        }
    }

    @Nested
    @DisplayName("toString()")
    class ToString {

        @Test
        @DisplayName("hides the password and the token")
        void hidesSecrets() {
            String text = NatsBusConfig.of(URL).withUserInfo("ledger", "hunter2").withToken("t0k3n-s3cr3t").toString();

            assertThat(text).contains("ledger", "127.0.0.1:4222").doesNotContain("hunter2", "t0k3n-s3cr3t");
        }

        @Test
        @DisplayName("hides a password inside a URL")
        void hidesPasswordInUrl() {
            String text = NatsBusConfig.of("nats://u:secret@host:4222").toString();

            assertThat(text).contains("u:****@host:4222").doesNotContain("secret");
        }

        @Test
        @DisplayName("hides the password of every URL of the list")
        void hidesEveryPassword() {
            String text = NatsBusConfig.of("nats://a:first-secret@h1:4222,nats://h2:4222,tls://b:second-secret@h3:4222")
                    .toString();

            assertThat(text).contains("h1:4222", "h2:4222", "h3:4222").doesNotContain("first-secret", "second-secret");
        }

        @Test
        @DisplayName("hides a token given as the user info of a URL (nats://token@host)")
        void hidesTokenInUrl() {
            String text = NatsBusConfig.of("nats://s3cr3t-t0k3n@host:4222").toString();

            assertThat(text).contains("host:4222").doesNotContain("s3cr3t-t0k3n");
        }

        @Test
        @DisplayName("shows what is not secret")
        void showsTheRest() {
            String text = NatsBusConfig.of(URL).withStreamName("LEDGER").withReplicas(3).withMaxDeliver(7).toString();

            assertThat(text).contains("streamName=LEDGER", "replicas=3", "maxDeliver=7", "password=null",
                    "token=null");
        }
    }
}
