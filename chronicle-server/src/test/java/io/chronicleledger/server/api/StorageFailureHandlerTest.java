package io.chronicleledger.server.api;

import io.chronicleledger.projection.pg.ReadModelException;
import io.chronicleledger.store.cockroach.EventStoreException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a failure of the store or the read model")
class StorageFailureHandlerTest {

    private static final SQLException TERMINATED =
            new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    private static final SQLException SYNTAX = new SQLException("ERROR: syntax error at or near \"SELEC\"", "42601");

    @Test
    @DisplayName("that passes is a 503 with Retry-After, STORE_UNAVAILABLE or READ_MODEL_UNAVAILABLE, no cause shown")
    void transientIs503() {
        HttpResponse<?> store = new StorageFailureHandler().handle(HttpRequest.POST("/commands/deposit", "{}"),
                new EventStoreException("append of a batch of 2 failed: SQLSTATE 57P01", TERMINATED));
        HttpResponse<?> read = new StorageFailureHandler().handle(HttpRequest.GET("/accounts/A"),
                new ReadModelException("read of account A failed", TERMINATED));

        assertThat((Object) store.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(store.header("Retry-After")).isEqualTo("1");
        assertThat(String.valueOf(store.body())).contains("\"code\":\"STORE_UNAVAILABLE\"")
                .doesNotContain("57P01").doesNotContain("terminating");
        assertThat((Object) read.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(String.valueOf(read.body())).contains("\"code\":\"READ_MODEL_UNAVAILABLE\"");
    }

    @Test
    @DisplayName("that would happen again is a 500 INTERNAL_ERROR, no cause shown")
    void lastingIs500() {
        HttpResponse<?> store = new StorageFailureHandler().handle(HttpRequest.POST("/commands/deposit", "{}"),
                new EventStoreException("append failed: SQLSTATE 42601", SYNTAX));

        assertThat((Object) store.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(store.header("Retry-After")).isNull();
        assertThat(String.valueOf(store.body())).contains("\"code\":\"INTERNAL_ERROR\"").doesNotContain("SELEC");
    }
}
