package io.chronicleledger.core.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redaction hides secrets in text for logs")
class RedactionTest {

    @Test
    @DisplayName("a URL's user-info password and password or token parameters")
    void urls() {
        assertThat(Redaction.url("jdbc:postgresql://db:5432/ledger?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/ledger?user=app&password=****&ssl=true");
        assertThat(Redaction.url("nats://app:s3cret@n1:4222,nats://app:other@n2:4222"))
                .isEqualTo("nats://app:****@n1:4222,nats://app:****@n2:4222");
        assertThat(Redaction.url("https://host/path?Token=abc;x=1")).isEqualTo("https://host/path?Token=****;x=1");
        assertThat(Redaction.url("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    @Test
    @DisplayName("an optional secret: hidden, or none")
    void secrets() {
        assertThat(Redaction.secret(Optional.of("token"))).isEqualTo("****");
        assertThat(Redaction.secret(Optional.empty())).isEqualTo("none");
    }
}
