package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.chronicleledger.core.aggregate.Rejection;

import java.util.Currency;

/**
 * Why the ledger refused a command. Nothing was recorded. Switch over the cases to answer each one; a server
 * maps them to HTTP statuses (404, 409, 422, 400). Rejections are JSON-serializable (tagged by {@code type}),
 * so that the ledger can remember the refusal of an idempotent command.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LedgerRejection.AccountNotFound.class, name = "AccountNotFound"),
    @JsonSubTypes.Type(value = LedgerRejection.AccountAlreadyExists.class, name = "AccountAlreadyExists"),
    @JsonSubTypes.Type(value = LedgerRejection.InsufficientFunds.class, name = "InsufficientFunds"),
    @JsonSubTypes.Type(value = LedgerRejection.CurrencyMismatch.class, name = "CurrencyMismatch"),
    @JsonSubTypes.Type(value = LedgerRejection.SameAccountTransfer.class, name = "SameAccountTransfer"),
    @JsonSubTypes.Type(value = LedgerRejection.InvalidAmount.class, name = "InvalidAmount"),
    @JsonSubTypes.Type(value = LedgerRejection.BalanceLimitExceeded.class, name = "BalanceLimitExceeded"),
    @JsonSubTypes.Type(value = LedgerRejection.IdempotencyKeyReused.class, name = "IdempotencyKeyReused")
})
public sealed interface LedgerRejection extends Rejection {

    /**
     * The account does not exist.
     *
     * @param accountId the account
     */
    record AccountNotFound(AccountId accountId) implements LedgerRejection {
        @Override
        public String code() {
            return "ACCOUNT_NOT_FOUND";
        }

        @Override
        public String message() {
            return "account " + accountId + " does not exist";
        }
    }

    /**
     * An account with this id exists already.
     *
     * @param accountId the account
     */
    record AccountAlreadyExists(AccountId accountId) implements LedgerRejection {
        @Override
        public String code() {
            return "ACCOUNT_EXISTS";
        }

        @Override
        public String message() {
            return "account " + accountId + " already exists";
        }
    }

    /**
     * The balance is lower than the amount to take out.
     *
     * @param accountId the account
     * @param balance   its balance
     * @param requested the amount asked for
     */
    record InsufficientFunds(AccountId accountId, Money balance, Money requested) implements LedgerRejection {
        @Override
        public String code() {
            return "INSUFFICIENT_FUNDS";
        }

        @Override
        public String message() {
            return "account " + accountId + " has " + balance + ", less than the " + requested + " requested";
        }
    }

    /**
     * The amount's currency is not the account's (the ledger does no exchange).
     *
     * @param accountId         the account
     * @param accountCurrency   the account's currency
     * @param requestedCurrency the currency of the command
     */
    record CurrencyMismatch(AccountId accountId, Currency accountCurrency, Currency requestedCurrency)
            implements LedgerRejection {
        @Override
        public String code() {
            return "CURRENCY_MISMATCH";
        }

        @Override
        public String message() {
            return "account " + accountId + " holds " + accountCurrency + ", not " + requestedCurrency;
        }
    }

    /**
     * A transfer names the same account as payer and payee.
     *
     * @param accountId the account
     */
    record SameAccountTransfer(AccountId accountId) implements LedgerRejection {
        @Override
        public String code() {
            return "SAME_ACCOUNT_TRANSFER";
        }

        @Override
        public String message() {
            return "a transfer needs two different accounts, got " + accountId + " twice";
        }
    }

    /**
     * The amount does not fit the account's currency (too many decimals).
     *
     * @param accountId the account
     * @param reason    what is wrong with the amount
     */
    record InvalidAmount(AccountId accountId, String reason) implements LedgerRejection {
        @Override
        public String code() {
            return "INVALID_AMOUNT";
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /**
     * The balance would exceed {@link Money#MAX_AMOUNT}.
     *
     * @param accountId the account
     * @param balance   its balance
     * @param amount    the amount to add
     */
    record BalanceLimitExceeded(AccountId accountId, Money balance, Money amount) implements LedgerRejection {
        @Override
        public String code() {
            return "BALANCE_LIMIT_EXCEEDED";
        }

        @Override
        public String message() {
            return "account " + accountId + " holds " + balance + "; adding " + amount + " would exceed "
                    + Money.MAX_AMOUNT.toPlainString();
        }
    }

    /**
     * The idempotency key was used before for a different command.
     *
     * @param key the key
     */
    record IdempotencyKeyReused(String key) implements LedgerRejection {
        @Override
        public String code() {
            return "IDEMPOTENCY_KEY_REUSED";
        }

        @Override
        public String message() {
            return "idempotency key " + key + " was already used for a different request";
        }
    }
}
