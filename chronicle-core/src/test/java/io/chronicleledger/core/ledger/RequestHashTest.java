package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RequestHash")
class RequestHashTest {

    private static final AccountId A = AccountId.of("A");
    private static final AccountId B = AccountId.of("B");

    private static Deposit deposit(String amount, String description) {
        return Deposit.of(A, new BigDecimal(amount), Description.of(description));
    }

    @Test
    @DisplayName("is a SHA-256 hex digest")
    void is_sha256_hex() {
        assertThat(RequestHash.of(deposit("1", ""))).matches("[0-9a-f]{64}");
    }

    @Test
    @DisplayName("equal amounts written differently hash the same (100, 100.00, 1e2)")
    void equal_amounts_hash_the_same() {
        String hash = RequestHash.of(deposit("100", "x"));

        assertThat(RequestHash.of(deposit("100.00", "x"))).isEqualTo(hash);
        assertThat(RequestHash.of(deposit("1E+2", "x"))).isEqualTo(hash);
    }

    @Test
    @DisplayName("any difference in kind, account, amount, currency or description changes the hash")
    void differences_change_the_hash() {
        String hash = RequestHash.of(deposit("100", "x"));

        assertThat(RequestHash.of(deposit("100.01", "x"))).isNotEqualTo(hash);
        assertThat(RequestHash.of(deposit("100", "y"))).isNotEqualTo(hash);
        assertThat(RequestHash.of(Withdraw.of(A, new BigDecimal("100"), Description.of("x")))).isNotEqualTo(hash);
        assertThat(RequestHash.of(Deposit.of(B, new BigDecimal("100"), Description.of("x")))).isNotEqualTo(hash);
        assertThat(RequestHash.of(new Deposit(A, new BigDecimal("100"), Optional.of(Currency.getInstance("USD")),
                Description.of("x")))).isNotEqualTo(hash);
    }

    @Test
    @DisplayName("a transfer's direction matters")
    void transfer_direction_matters() {
        BigDecimal one = BigDecimal.ONE;

        assertThat(RequestHash.of(Transfer.of(A, B, one, Description.NONE)))
                .isNotEqualTo(RequestHash.of(Transfer.of(B, A, one, Description.NONE)));
    }

    @Test
    @DisplayName("fields are delimited, so shifting text between fields changes the hash")
    void fields_cannot_be_shifted() {
        AccountId ab = AccountId.of("AB");

        assertThat(RequestHash.of(new CreateAccount(ab, OwnerName.of("C"), Money.of("1", "USD"))))
                .isNotEqualTo(RequestHash.of(new CreateAccount(A, OwnerName.of("BC"), Money.of("1", "USD"))));
    }
}
