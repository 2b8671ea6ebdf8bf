package io.chronicleledger.server.bank;

import java.math.BigDecimal;

/**
 * A command a bank client sends: its path on the Ledger API, its JSON body and the {@code Idempotency-Key}
 * it is sent with (on every retry alike).
 */
sealed interface BankCommand {

    /** The client's idempotency key of this command. */
    String key();

    /** The currency the command moves. */
    BankCurrency currency();

    /** The path on the Ledger API. */
    String path();

    /** The request body. */
    String json();

    /** Money paid into or out of one account. */
    record Movement(String key, BankCurrency currency, Direction direction, String account, BigDecimal amount)
            implements BankCommand {

        @Override
        public String path() {
            return direction.path;
        }

        @Override
        public String json() {
            return "{\"account_id\":\"" + account + "\",\"amount\":\"" + amount.toPlainString() + "\"}";
        }

        /** What the movement adds to its currency's total: the amount, or its negation. */
        BigDecimal change() {
            return direction == Direction.DEPOSIT ? amount : amount.negate();
        }

        /** The event type that records it. */
        String eventType() {
            return direction.eventType;
        }
    }

    /** In or out. */
    enum Direction {
        /** A deposit. */
        DEPOSIT("/commands/deposit", "MoneyDeposited"),
        /** A withdrawal; refused when the account has less. */
        WITHDRAW("/commands/withdraw", "MoneyWithdrawn");

        private final String path;
        private final String eventType;

        Direction(String path, String eventType) {
            this.path = path;
            this.eventType = eventType;
        }
    }

    /** Money moved between two accounts of one currency; refused when the payer has less. */
    record Transfer(String key, BankCurrency currency, String from, String to, BigDecimal amount)
            implements BankCommand {
        @Override
        public String path() {
            return "/commands/transfer";
        }

        @Override
        public String json() {
            return "{\"from_account_id\":\"" + from + "\",\"to_account_id\":\"" + to + "\",\"amount\":\""
                    + amount.toPlainString() + "\"}";
        }
    }

    /** The set-up's command: an account opened with its currency's opening balance. */
    record Open(String key, BankCurrency currency, String account) implements BankCommand {
        @Override
        public String path() {
            return "/commands/create-account";
        }

        @Override
        public String json() {
            return "{\"account_id\":\"" + account + "\",\"owner_name\":\"Owner of " + account
                    + "\",\"initial_balance\":\"" + currency.initialBalance().toPlainString() + "\",\"currency\":\""
                    + currency + "\"}";
        }
    }
}
