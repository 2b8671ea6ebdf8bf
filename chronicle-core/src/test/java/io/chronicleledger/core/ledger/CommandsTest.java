package io.chronicleledger.core.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Commands")
class CommandsTest {

    private static final AccountId A = AccountId.of("A");
    private static final AccountId B = AccountId.of("B");
    private static final String TOO_LARGE = Money.MAX_AMOUNT.add(new BigDecimal("0.01")).toPlainString();

    private static void assertInvalidAmount(Function<BigDecimal, ?> command, String amount) {
        assertThatThrownBy(() -> command.apply(new BigDecimal(amount)))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_AMOUNT"));
    }

    private static Function<BigDecimal, ?> deposit() {
        return amount -> Deposit.of(A, amount, Description.NONE);
    }

    private static Function<BigDecimal, ?> withdraw() {
        return amount -> Withdraw.of(A, amount, Description.NONE);
    }

    private static Function<BigDecimal, ?> transfer() {
        return amount -> Transfer.of(A, B, amount, Description.NONE);
    }

    @Nested
    @DisplayName("Deposit, Withdraw and Transfer at construction")
    class AmountChecks {

        @ParameterizedTest(name = "refuse the amount {0}")
        @ValueSource(strings = {"0", "0.00", "-0.01", "-100", "0.00001", "1.00001", "10000000000000000.00"})
        void refuse_out_of_range_amounts(String amount) {
            assertInvalidAmount(deposit(), amount);
            assertInvalidAmount(withdraw(), amount);
            assertInvalidAmount(transfer(), amount);
        }

        @Test
        @DisplayName("refuse one cent above MAX_AMOUNT")
        void refuse_above_max() {
            assertInvalidAmount(deposit(), TOO_LARGE);
            assertInvalidAmount(withdraw(), TOO_LARGE);
            assertInvalidAmount(transfer(), TOO_LARGE);
        }

        @ParameterizedTest(name = "accept the amount {0}")
        @ValueSource(strings = {"0.0001", "1.2345", "1.5", "1", "9999999999999999.99", "1.50000000"})
        void accept_amounts_that_some_currency_can_hold(String amount) {
            BigDecimal value = new BigDecimal(amount);

            assertThat(Deposit.of(A, value, Description.NONE).amount()).isEqualTo(value);
            assertThat(Withdraw.of(A, value, Description.NONE).amount()).isEqualTo(value);
            assertThat(Transfer.of(A, B, value, Description.NONE).amount()).isEqualTo(value);
        }

        @Test
        @DisplayName("a null amount is refused")
        void refuse_null_amount() {
            assertThatThrownBy(() -> Deposit.of(A, null, Description.NONE)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Withdraw.of(A, null, Description.NONE)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Transfer.of(A, B, null, Description.NONE))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("the internal halves of a transfer")
    class TransferHalves {

        @Test
        @DisplayName("SendTransfer and ReceiveTransfer check their amount too")
        void halves_check_amount() {
            UUID id = UUID.randomUUID();
            Currency usd = Currency.getInstance("USD");

            assertThatThrownBy(() -> new SendTransfer(id, A, B, BigDecimal.ZERO, Optional.empty(), Description.NONE))
                    .isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> new ReceiveTransfer(id, A, B, new BigDecimal("-1"), usd, Description.NONE))
                    .isInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("the payer decides a SendTransfer, the payee a ReceiveTransfer")
        void deciding_account() {
            UUID id = UUID.randomUUID();

            assertThat(new SendTransfer(id, A, B, BigDecimal.ONE, Optional.empty(), Description.NONE).accountId())
                    .isEqualTo(A);
            assertThat(new ReceiveTransfer(id, A, B, BigDecimal.ONE, Currency.getInstance("USD"),
                    Description.NONE).accountId()).isEqualTo(B);
        }
    }

    @Test
    @DisplayName("each command names the accounts it touches, payer first")
    void accounts_touched() {
        assertThat(new CreateAccount(A, OwnerName.of("Ada"), Money.of("0", "USD")).accounts()).containsExactly(A);
        assertThat(Deposit.of(A, BigDecimal.ONE, Description.NONE).accounts()).containsExactly(A);
        assertThat(Withdraw.of(A, BigDecimal.ONE, Description.NONE).accounts()).containsExactly(A);
        assertThat(Transfer.of(B, A, BigDecimal.ONE, Description.NONE).accounts()).isEqualTo(List.of(B, A));
    }

    @Test
    @DisplayName("a transfer to the same account is a valid command (the ledger rejects it later)")
    void same_account_transfer_is_constructible() {
        assertThat(Transfer.of(A, A, BigDecimal.ONE, Description.NONE).accounts()).containsExactly(A, A);
    }
}
