package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in one currency: a non-negative {@link BigDecimal} whose scale is exactly the currency's
 * ISO 4217 minor units (2 for USD, 0 for JPY, 3 for BHD), at most {@link #MAX_AMOUNT}.
 *
 * <p>Nothing is ever rounded: a value with more significant decimals than the currency has is refused
 * ({@code 10.005} USD), while trailing zeros are fine ({@code 10.500} USD is {@code 10.50}).
 *
 * @param amount   the amount, scaled to the currency's minor units
 * @param currency the currency
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, Currency currency)
        implements Comparable<Money> {

    /**
     * The largest amount and balance: 16 integer digits, what the seed's {@code DECIMAL(18,2)} columns hold.
     * Columns that also hold currencies with 3 or 4 minor units (BHD, CLF) need a scale of 4, such as
     * {@code NUMERIC(20,4)}.
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999999.99");

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    /**
     * Creates and checks an amount of money.
     *
     * @param amount   the amount, 0 to {@link #MAX_AMOUNT}, with no more decimals than the currency has
     * @param currency the currency, one with minor units (not a pseudo-currency such as XAU)
     * @throws InvalidValueException ({@code INVALID_AMOUNT} or {@code INVALID_CURRENCY}) when a rule is broken
     */
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new InvalidValueException("INVALID_CURRENCY", currency.getCurrencyCode()
                    + " has no minor units and cannot be held in an account");
        }
        if (amount.signum() < 0) {
            throw new InvalidValueException("INVALID_AMOUNT", "amount must not be negative");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidValueException("INVALID_AMOUNT", "amount must not exceed " + MAX_AMOUNT.toPlainString());
        }
        if (amount.signum() != 0 && amount.stripTrailingZeros().scale() > digits) {
            throw new InvalidValueException("INVALID_AMOUNT", currency.getCurrencyCode() + " amounts have at most "
                    + digits + " decimal" + (digits == 1 ? "" : "s") + "; " + amount.toPlainString()
                    + " would need rounding");
        }
        amount = amount.setScale(digits);
    }

    /**
     * Returns an amount of money.
     *
     * @param amount   the decimal text, such as {@code "1300.00"}
     * @param currency the ISO 4217 code, such as {@code "USD"}
     * @return the money
     * @throws InvalidValueException when the amount or the currency is invalid
     */
    public static Money of(String amount, String currency) {
        return new Money(Amounts.parse(amount), currency(currency));
    }

    /**
     * Returns zero in a currency.
     *
     * @param currency the currency
     * @return zero, at the currency's scale
     */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * Returns the currency of an ISO 4217 code.
     *
     * @param code the code, three upper-case letters
     * @return the currency
     * @throws InvalidValueException ({@code INVALID_CURRENCY}) when the code is unknown
     */
    public static Currency currency(String code) {
        if (code == null || !CURRENCY_CODE.matcher(code).matches()) {
            throw new InvalidValueException("INVALID_CURRENCY", "currency must be an ISO 4217 code such as USD");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("INVALID_CURRENCY", "unknown currency " + code);
        }
    }

    /**
     * Returns whether this amount is above zero.
     *
     * @return {@code true} when positive
     */
    @JsonIgnore
    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /**
     * Returns the sum, which must stay within {@link #MAX_AMOUNT}.
     *
     * @param other money of the same currency
     * @return the sum
     * @throws InvalidValueException when the sum exceeds the maximum
     * @throws IllegalArgumentException when the currencies differ
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /**
     * Returns the difference, which must not be negative.
     *
     * @param other money of the same currency, at most this much
     * @return the difference
     * @throws InvalidValueException when the difference would be negative
     * @throws IllegalArgumentException when the currencies differ
     */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /**
     * Returns whether adding {@code other} would exceed {@link #MAX_AMOUNT}.
     *
     * @param other money of the same currency
     * @return {@code true} when the sum is too large
     * @throws IllegalArgumentException when the currencies differ
     */
    public boolean wouldOverflow(Money other) {
        requireSameCurrency(other);
        return amount.add(other.amount).compareTo(MAX_AMOUNT) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " and " + other.currency);
        }
    }

    /**
     * Returns the amount with the currency's minor units, such as {@code 1300.00}.
     *
     * @return the plain decimal text of the amount
     */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
