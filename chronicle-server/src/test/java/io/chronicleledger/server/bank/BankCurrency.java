package io.chronicleledger.server.bank;

import java.math.BigDecimal;
import java.util.Random;

/** The two currencies of the bank: one with cents, one without minor units, so that scales differ. */
enum BankCurrency {
    USD(2, new BigDecimal("1000.00"), 25_000),
    JPY(0, new BigDecimal("100000"), 25_000);

    private final int scale;
    private final BigDecimal initialBalance;
    private final int largestAmountInMinorUnits;

    BankCurrency(int scale, BigDecimal initialBalance, int largestAmountInMinorUnits) {
        this.scale = scale;
        this.initialBalance = initialBalance;
        this.largestAmountInMinorUnits = largestAmountInMinorUnits;
    }

    /** What every account of the currency opens with. */
    BigDecimal initialBalance() {
        return initialBalance;
    }

    /** A random positive amount of the currency, written with exactly its minor units. */
    BigDecimal randomAmount(Random random) {
        return BigDecimal.valueOf(1 + random.nextInt(largestAmountInMinorUnits), scale);
    }

    /** The id of the currency's account {@code index}. */
    String accountId(int index) {
        return "BANK-" + name() + "-" + index;
    }
}
