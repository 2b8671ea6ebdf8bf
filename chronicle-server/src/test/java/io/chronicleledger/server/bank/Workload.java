package io.chronicleledger.server.bank;

import java.util.Random;
import java.util.UUID;

/**
 * The commands of one client, drawn from its own seeded random: six in ten transfers, two deposits, two
 * withdrawals, on random accounts of a random currency. The same seed draws the same commands in the same
 * order (the idempotency keys included), whatever the timing of the run.
 */
final class Workload {

    private final Random random;
    private final int accountsPerCurrency;

    Workload(long seed, int accountsPerCurrency) {
        this.random = new Random(seed);
        this.accountsPerCurrency = accountsPerCurrency;
    }

    BankCommand next() {
        BankCurrency currency = BankCurrency.values()[random.nextInt(BankCurrency.values().length)];
        String key = new UUID(random.nextLong(), random.nextLong()).toString();
        String account = currency.accountId(random.nextInt(accountsPerCurrency));
        int kind = random.nextInt(10);
        if (kind < 4) {
            return new BankCommand.Movement(key, currency,
                    kind < 2 ? BankCommand.Direction.DEPOSIT : BankCommand.Direction.WITHDRAW, account,
                    currency.randomAmount(random));
        }
        int other = (Integer.parseInt(account.substring(account.lastIndexOf('-') + 1)) + 1
                + random.nextInt(accountsPerCurrency - 1)) % accountsPerCurrency;
        return new BankCommand.Transfer(key, currency, account, currency.accountId(other),
                currency.randomAmount(random));
    }
}
