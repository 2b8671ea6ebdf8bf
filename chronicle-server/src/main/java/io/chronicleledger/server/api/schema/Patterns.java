package io.chronicleledger.server.api.schema;

/** Patterns and texts the schemas share. */
final class Patterns {

    /** An account id. */
    static final String ACCOUNT_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** An ISO 4217 currency code. */
    static final String CURRENCY = "^[A-Z]{3}$";
    /** An amount as the API writes it: a plain decimal string with the currency's minor units. */
    static final String DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$";
    /** How a request amount is read. */
    static final String AMOUNT_IN = "An amount, read exactly: a JSON number or a decimal string such as \"1300.00\""
            + " (an exponent within ±30 is accepted, no spaces or '+'); at most the currency's minor units.";
    /** How a response amount is written. */
    static final String AMOUNT_OUT = "A decimal string in plain notation with the currency's minor units, such as"
            + " \"1300.00\"; never a JSON number, so that no client reads it as binary floating point.";

    private Patterns() {
    }
}
