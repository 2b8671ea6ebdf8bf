/**
 * Amounts as the APIs write them: decimal strings, kept as typed and never passed through JavaScript numbers
 * on their way to the server.
 */

/** Minor units of the currencies the create form offers; others are looked up with Intl. */
const KNOWN_DECIMALS = Object.freeze({ USD: 2, EUR: 2, JPY: 0, BHD: 3 });

/** The largest amount the ledger holds: 9999999999999999.99, so at most 16 digits before the point. */
const MAX_INTEGER_DIGITS = 16;

/** A plain decimal as the ledger reads it: no sign, exponent, separators or leading zeros. */
const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Returns how many decimals a currency's amounts may have.
 *
 * @param {string} currency an ISO 4217 code, such as USD
 * @returns {number|null} the minor units, or null when unknown
 */
export function decimalsOf(currency) {
  if (currency in KNOWN_DECIMALS) {
    return KNOWN_DECIMALS[currency];
  }
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return null;
  }
}

/**
 * Checks an amount as typed, the way the ledger will.
 *
 * @param {string} text the amount, such as "250.00"
 * @param {object} rules what the amount must be
 * @param {string|null} rules.currency its currency, when known, to check its decimals
 * @param {boolean} rules.allowZero whether 0 is allowed (an opening balance) or the amount must be more
 * @returns {string|null} what is wrong, for the user, or null when it is fine
 */
export function amountProblem(text, { currency, allowZero }) {
  if (text === '') {
    return 'Enter an amount.';
  }
  const parts = DECIMAL.exec(text);
  if (!parts) {
    return 'Enter a plain decimal amount such as 250.00: digits and one point, without sign, separators or'
      + ' leading zeros.';
  }
  const [, whole, fraction = ''] = parts;
  if (!allowZero && /^[0.]*$/.test(text)) {
    return 'The amount must be more than 0.';
  }
  if (whole.length > MAX_INTEGER_DIGITS) {
    return 'The amount is too large: the ledger holds at most 9999999999999999.99.';
  }
  const decimals = currency ? decimalsOf(currency) : null;
  if (decimals !== null && fraction.replace(/0+$/, '').length > decimals) {
    return decimals === 0 ? `${currency} amounts have no decimals.`
      : `${currency} amounts have at most ${decimals} decimal${decimals === 1 ? '' : 's'}.`;
  }
  return null;
}
