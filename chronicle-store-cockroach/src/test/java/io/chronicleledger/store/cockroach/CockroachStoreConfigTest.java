package io.chronicleledger.store.cockroach;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The store configuration")
class CockroachStoreConfigTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:26257/ledger";

    @Test
    @DisplayName("has defaults for the schema and the pool size")
    void defaults() {
        CockroachStoreConfig config = CockroachStoreConfig.of(URL).validate();

        assertThat(config.schema()).isEqualTo("public");
        assertThat(config.poolSize()).isEqualTo(10);
    }

    @Test
    @DisplayName("names the bad field")
    void namesBadField() {
        assertThatThrownBy(() -> CockroachStoreConfig.of("jdbc:mysql://x/y").validate()).hasMessageStartingWith("url");
        assertThatThrownBy(() -> CockroachStoreConfig.of(URL).withSchema("x; DROP TABLE events").validate())
                .hasMessageStartingWith("schema");
        assertThatThrownBy(() -> CockroachStoreConfig.of(URL).withPoolSize(0).validate())
                .hasMessageStartingWith("poolSize");
    }

    @Test
    @DisplayName("does not show the password")
    void hidesPassword() {
        assertThat(CockroachStoreConfig.of(URL).withCredentials("root", "s3cret").toString())
                .doesNotContain("s3cret").contains("root");
        assertThat(CockroachStoreConfig.of("jdbc:postgresql://db:5432/ledger?user=app&password=s3cret").toString())
                .doesNotContain("s3cret").contains("password=****");
    }

    @Test
    @DisplayName("an unreachable database's message does not show a password the URL carries")
    void hidesUrlPasswordWhenConnectionFails() {
        assertThatThrownBy(() -> CockroachStoreConfig.of("jdbc:postgresql://127.0.0.1:1/ledger?password=s3cret"
                + "&connectTimeout=1").withSchema("ledger").createDataSource())
                .isInstanceOf(EventStoreException.class).hasMessageContaining("password=****")
                .hasMessageNotContaining("s3cret");
    }
}
