package io.chronicleledger.core.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash that tells a retried command from another command under the same idempotency key: SHA-256 of a
 * canonical text of the command, in which equal amounts are equal ({@code 100} and {@code 100.00}).
 */
final class RequestHash {

    private RequestHash() {
    }

    static String of(LedgerCommand command) {
        StringBuilder text = new StringBuilder(128);
        if (command instanceof CreateAccount create) {
            field(text, "CreateAccount");
            field(text, create.accountId().value());
            field(text, create.ownerName().value());
            field(text, amount(create.initialBalance().amount()));
            field(text, create.initialBalance().currency().getCurrencyCode());
        } else if (command instanceof Deposit deposit) {
            movement(text, "Deposit", deposit.accountId(), deposit.amount(), deposit.currency(),
                    deposit.description());
        } else if (command instanceof Withdraw withdraw) {
            movement(text, "Withdraw", withdraw.accountId(), withdraw.amount(), withdraw.currency(),
                    withdraw.description());
        } else {
            Transfer transfer = (Transfer) command;
            field(text, "Transfer");
            field(text, transfer.fromAccountId().value());
            movement(text, "", transfer.toAccountId(), transfer.amount(), transfer.currency(),
                    transfer.description());
        }
        return sha256(text.toString());
    }

    private static void movement(StringBuilder text, String kind, AccountId account, BigDecimal amount,
                                 Optional<Currency> currency, Description description) {
        field(text, kind);
        field(text, account.value());
        field(text, amount(amount));
        field(text, currency.map(Currency::getCurrencyCode).orElse(""));
        field(text, description.value());
    }

    /** Appends a length-prefixed field, so that no two commands share a text. */
    private static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value).append(';');
    }

    private static String amount(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
