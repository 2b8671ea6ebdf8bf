package io.chronicleledger.core.ledger;

import io.chronicleledger.core.aggregate.Decision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Account aggregate")
class AccountTest {

    private static final Account ACCOUNT = Account.INSTANCE;
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final AccountId ID = AccountId.of("ACC-001");
    private static final AccountId OTHER = AccountId.of("ACC-002");
    private static final UUID TRANSFER_ID = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    private static AccountState opened(String balance, String currency) {
        return ACCOUNT.evolve(ACCOUNT.initialState(),
                new AccountCreated(ID.value(), "Ada", Currency.getInstance(currency), dec(balance)));
    }

    private static List<AccountEvent> accepted(Decision<AccountEvent, LedgerRejection> decision) {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted<AccountEvent, LedgerRejection>) decision).events();
    }

    private static LedgerRejection rejected(Decision<AccountEvent, LedgerRejection> decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected<AccountEvent, LedgerRejection>) decision).rejection();
    }

    private static Deposit deposit(String amount) {
        return Deposit.of(ID, dec(amount), Description.of("salary"));
    }

    private static Withdraw withdraw(String amount) {
        return Withdraw.of(ID, dec(amount), Description.of("rent"));
    }

    @Nested
    @DisplayName("CreateAccount")
    class Create {

        @Test
        @DisplayName("opens an account that does not exist, with its currency and initial balance")
        void opens() {
            CreateAccount create = new CreateAccount(ID, OwnerName.of(" Ada "), Money.of("500", "USD"));

            List<AccountEvent> events = accepted(ACCOUNT.decide(ACCOUNT.initialState(), create));

            assertThat(events).containsExactly(new AccountCreated("ACC-001", "Ada", USD, dec("500.00")));
            AccountState state = ACCOUNT.evolveAll(ACCOUNT.initialState(), events);
            assertThat(state.exists()).isTrue();
            assertThat(state.accountId()).isEqualTo("ACC-001");
            assertThat(state.ownerName()).isEqualTo("Ada");
            assertThat(state.balance()).isEqualTo(Money.of("500.00", "USD"));
            assertThat(state.currency()).isEqualTo(USD);
        }

        @Test
        @DisplayName("accepts a zero initial balance")
        void zero_initial_balance() {
            CreateAccount create = new CreateAccount(ID, OwnerName.of("Ada"), Money.zero(JPY));

            AccountState state = ACCOUNT.evolveAll(ACCOUNT.initialState(),
                    accepted(ACCOUNT.decide(ACCOUNT.initialState(), create)));

            assertThat(state.balance()).isEqualTo(Money.zero(JPY));
        }

        @Test
        @DisplayName("refuses to create the same account twice: AccountAlreadyExists")
        void twice_is_rejected() {
            CreateAccount create = new CreateAccount(ID, OwnerName.of("Ada"), Money.of("1", "USD"));

            LedgerRejection rejection = rejected(ACCOUNT.decide(opened("0", "EUR"), create));

            assertThat(rejection).isEqualTo(new LedgerRejection.AccountAlreadyExists(ID));
            assertThat(rejection.code()).isEqualTo("ACCOUNT_EXISTS");
        }
    }

    @Nested
    @DisplayName("on an account that does not exist")
    class Missing {

        @Test
        @DisplayName("deposit, withdraw, send and receive are rejected with AccountNotFound")
        void every_movement_is_account_not_found() {
            AccountState none = ACCOUNT.initialState();
            assertThat(none).isEqualTo(AccountState.NONE);
            assertThat(none.exists()).isFalse();

            assertThat(rejected(ACCOUNT.decide(none, deposit("1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(ID));
            assertThat(rejected(ACCOUNT.decide(none, withdraw("1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(ID));
            assertThat(rejected(ACCOUNT.decide(none, new SendTransfer(TRANSFER_ID, ID, OTHER, BigDecimal.ONE,
                    Optional.empty(), Description.NONE)))).isEqualTo(new LedgerRejection.AccountNotFound(ID));
            assertThat(rejected(ACCOUNT.decide(none, new ReceiveTransfer(TRANSFER_ID, OTHER, ID, BigDecimal.ONE,
                    USD, Description.NONE)))).isEqualTo(new LedgerRejection.AccountNotFound(ID));
            assertThat(new LedgerRejection.AccountNotFound(ID).code()).isEqualTo("ACCOUNT_NOT_FOUND");
        }
    }

    @Nested
    @DisplayName("Deposit")
    class Deposits {

        @Test
        @DisplayName("records the amount at the account's scale, with the description")
        void records_money_deposited() {
            List<AccountEvent> events = accepted(ACCOUNT.decide(opened("10", "USD"), deposit("2.5")));

            assertThat(events).containsExactly(new MoneyDeposited(dec("2.50"), "salary"));
        }

        @Test
        @DisplayName("in a currency the sender names must be the account's: CurrencyMismatch otherwise")
        void currency_mismatch() {
            Deposit inEuros = new Deposit(ID, dec("1"), Optional.of(EUR), Description.NONE);

            LedgerRejection rejection = rejected(ACCOUNT.decide(opened("10", "USD"), inEuros));

            assertThat(rejection).isEqualTo(new LedgerRejection.CurrencyMismatch(ID, USD, EUR));
            assertThat(rejection.code()).isEqualTo("CURRENCY_MISMATCH");
        }

        @Test
        @DisplayName("naming the account's own currency is fine")
        void same_currency_named() {
            Deposit inDollars = new Deposit(ID, dec("1"), Optional.of(USD), Description.NONE);

            assertThat(accepted(ACCOUNT.decide(opened("10", "USD"), inDollars)))
                    .containsExactly(new MoneyDeposited(dec("1.00"), ""));
        }

        @Test
        @DisplayName("with more decimals than a JPY account has: InvalidAmount, not rounded")
        void too_many_decimals_for_jpy() {
            LedgerRejection rejection = rejected(ACCOUNT.decide(opened("100", "JPY"), deposit("1.5")));

            assertThat(rejection).isInstanceOf(LedgerRejection.InvalidAmount.class);
            assertThat(((LedgerRejection.InvalidAmount) rejection).accountId()).isEqualTo(ID);
            assertThat(rejection.code()).isEqualTo("INVALID_AMOUNT");
            assertThat(rejection.message()).contains("1.5");
        }

        @Test
        @DisplayName("with trailing zeros on a JPY account is accepted at scale 0")
        void trailing_zeros_on_jpy() {
            assertThat(accepted(ACCOUNT.decide(opened("100", "JPY"), deposit("15.00"))))
                    .containsExactly(new MoneyDeposited(dec("15"), "salary"));
        }

        @Test
        @DisplayName("that would take the balance above MAX_AMOUNT: BalanceLimitExceeded")
        void balance_limit() {
            AccountState nearlyFull = opened("9999999999999999.00", "USD");

            LedgerRejection rejection = rejected(ACCOUNT.decide(nearlyFull, deposit("1.00")));

            assertThat(rejection).isEqualTo(new LedgerRejection.BalanceLimitExceeded(ID,
                    Money.of("9999999999999999.00", "USD"), Money.of("1.00", "USD")));
            assertThat(rejection.code()).isEqualTo("BALANCE_LIMIT_EXCEEDED");
        }

        @Test
        @DisplayName("up to exactly MAX_AMOUNT is accepted")
        void up_to_max() {
            AccountState nearlyFull = opened("9999999999999999.00", "USD");

            List<AccountEvent> events = accepted(ACCOUNT.decide(nearlyFull, deposit("0.99")));

            assertThat(ACCOUNT.evolveAll(nearlyFull, events).balance().amount()).isEqualTo(Money.MAX_AMOUNT);
        }
    }

    @Nested
    @DisplayName("Withdraw")
    class Withdrawals {

        @Test
        @DisplayName("records the amount at the account's scale")
        void records_money_withdrawn() {
            assertThat(accepted(ACCOUNT.decide(opened("10", "USD"), withdraw("3"))))
                    .containsExactly(new MoneyWithdrawn(dec("3.00"), "rent"));
        }

        @Test
        @DisplayName("the whole balance may be withdrawn, leaving zero")
        void whole_balance() {
            AccountState state = opened("10", "USD");

            AccountState after = ACCOUNT.evolveAll(state, accepted(ACCOUNT.decide(state, withdraw("10.00"))));

            assertThat(after.balance()).isEqualTo(Money.zero(USD));
        }

        @Test
        @DisplayName("more than the balance: InsufficientFunds with the balance and the amount requested")
        void insufficient_funds() {
            LedgerRejection rejection = rejected(ACCOUNT.decide(opened("10", "USD"), withdraw("10.01")));

            assertThat(rejection).isEqualTo(new LedgerRejection.InsufficientFunds(ID,
                    Money.of("10.00", "USD"), Money.of("10.01", "USD")));
            assertThat(rejection.code()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(rejection.message()).contains("10.00 USD").contains("10.01 USD");
        }

        @Test
        @DisplayName("in another currency: CurrencyMismatch, even if the balance would cover it")
        void currency_mismatch() {
            Withdraw inDollars = new Withdraw(ID, dec("1"), Optional.of(USD), Description.NONE);

            assertThat(rejected(ACCOUNT.decide(opened("100", "EUR"), inDollars)))
                    .isEqualTo(new LedgerRejection.CurrencyMismatch(ID, EUR, USD));
        }

        @Test
        @DisplayName("with too many decimals for the account: InvalidAmount")
        void invalid_amount() {
            assertThat(rejected(ACCOUNT.decide(opened("100", "USD"), withdraw("0.001"))))
                    .isInstanceOf(LedgerRejection.InvalidAmount.class);
        }
    }

    @Nested
    @DisplayName("the halves of a transfer")
    class Transfers {

        @Test
        @DisplayName("SendTransfer records TransferSent with the transfer id and the payee")
        void send() {
            SendTransfer send = new SendTransfer(TRANSFER_ID, ID, OTHER, dec("4"), Optional.empty(),
                    Description.of("lunch"));

            assertThat(accepted(ACCOUNT.decide(opened("10", "USD"), send)))
                    .containsExactly(new TransferSent(TRANSFER_ID, "ACC-002", dec("4.00"), "lunch"));
        }

        @Test
        @DisplayName("SendTransfer beyond the balance: InsufficientFunds")
        void send_insufficient() {
            SendTransfer send = new SendTransfer(TRANSFER_ID, ID, OTHER, dec("11"), Optional.empty(),
                    Description.NONE);

            assertThat(rejected(ACCOUNT.decide(opened("10", "USD"), send))).isEqualTo(
                    new LedgerRejection.InsufficientFunds(ID, Money.of("10", "USD"), Money.of("11", "USD")));
        }

        @Test
        @DisplayName("SendTransfer in another currency: CurrencyMismatch")
        void send_currency_mismatch() {
            SendTransfer send = new SendTransfer(TRANSFER_ID, ID, OTHER, dec("1"), Optional.of(EUR),
                    Description.NONE);

            assertThat(rejected(ACCOUNT.decide(opened("10", "USD"), send)))
                    .isEqualTo(new LedgerRejection.CurrencyMismatch(ID, USD, EUR));
        }

        @Test
        @DisplayName("ReceiveTransfer records TransferReceived with the transfer id and the payer")
        void receive() {
            ReceiveTransfer receive = new ReceiveTransfer(TRANSFER_ID, OTHER, ID, dec("4"), USD,
                    Description.of("lunch"));

            assertThat(accepted(ACCOUNT.decide(opened("10", "USD"), receive)))
                    .containsExactly(new TransferReceived(TRANSFER_ID, "ACC-002", dec("4.00"), "lunch"));
        }

        @Test
        @DisplayName("ReceiveTransfer of the payer's currency into an account of another: CurrencyMismatch")
        void receive_currency_mismatch() {
            ReceiveTransfer receive = new ReceiveTransfer(TRANSFER_ID, OTHER, ID, dec("4"), USD, Description.NONE);

            assertThat(rejected(ACCOUNT.decide(opened("10", "EUR"), receive)))
                    .isEqualTo(new LedgerRejection.CurrencyMismatch(ID, EUR, USD));
        }

        @Test
        @DisplayName("ReceiveTransfer above MAX_AMOUNT: BalanceLimitExceeded")
        void receive_over_limit() {
            ReceiveTransfer receive = new ReceiveTransfer(TRANSFER_ID, OTHER, ID, dec("0.02"), USD,
                    Description.NONE);

            assertThat(rejected(ACCOUNT.decide(opened("9999999999999999.98", "USD"), receive)))
                    .isInstanceOf(LedgerRejection.BalanceLimitExceeded.class);
        }
    }

    @Nested
    @DisplayName("evolve")
    class Evolve {

        @Test
        @DisplayName("folds every kind of event into an exact balance")
        void folds_exactly() {
            List<AccountEvent> events = new ArrayList<>();
            events.add(new AccountCreated("ACC-001", "Ada", USD, dec("0.00")));
            for (int i = 0; i < 10; i++) {
                events.add(new MoneyDeposited(dec("0.10"), ""));
            }
            events.add(new TransferReceived(TRANSFER_ID, "ACC-002", dec("0.20"), ""));
            events.add(new MoneyWithdrawn(dec("0.30"), ""));
            events.add(new TransferSent(UUID.randomUUID(), "ACC-002", dec("0.70"), ""));

            AccountState state = ACCOUNT.evolveAll(ACCOUNT.initialState(), events);

            // with double, 0.1 added ten times is 0.9999999999999999
            assertThat(state.balance()).isEqualTo(Money.of("0.20", "USD"));
            assertThat(state.balance().amount()).isEqualTo(dec("0.20"));
            assertThat(state.accountId()).isEqualTo("ACC-001");
        }

        @Test
        @DisplayName("is pure: the state it started from is unchanged")
        void does_not_mutate() {
            AccountState before = opened("5", "USD");

            AccountState after = ACCOUNT.evolve(before, new MoneyDeposited(dec("1.00"), ""));

            assertThat(before.balance()).isEqualTo(Money.of("5", "USD"));
            assertThat(after.balance()).isEqualTo(Money.of("6", "USD"));
        }

        @Test
        @DisplayName("an event that would overdraw the account cannot be folded")
        void refuses_impossible_history() {
            assertThatThrownBy(() -> ACCOUNT.evolve(opened("1", "USD"), new MoneyWithdrawn(dec("2.00"), "")))
                    .isInstanceOf(InvalidValueException.class);
        }
    }
}
