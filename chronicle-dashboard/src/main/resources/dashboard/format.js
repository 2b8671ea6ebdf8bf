/**
 * How times and ledger events read on the page. Times are shown in the browser's time zone, with the exact
 * UTC instant in a title; instants are compared to the nanosecond, as the server does.
 */
import { el } from './dom.js';

/** The event types of the ledger, in the order a person thinks of them, with their labels. */
export const EVENT_TYPES = Object.freeze([
  { type: 'AccountCreated', label: 'Account created' },
  { type: 'MoneyDeposited', label: 'Deposit' },
  { type: 'MoneyWithdrawn', label: 'Withdrawal' },
  { type: 'TransferSent', label: 'Transfer sent' },
  { type: 'TransferReceived', label: 'Transfer received' },
]);

/** Labels of the transaction types of an account's history, and whether they add (+) or take (−) money. */
const TRANSACTION_TYPES = Object.freeze({
  opening: { label: 'Opening balance', sign: '+' },
  deposit: { label: 'Deposit', sign: '+' },
  withdrawal: { label: 'Withdrawal', sign: '−' },
  transfer_out: { label: 'Transfer out', sign: '−' },
  transfer_in: { label: 'Transfer in', sign: '+' },
});

const INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

/**
 * Parses an ISO-8601 instant to nanoseconds since the epoch, keeping the fraction that Date would drop.
 *
 * @param {string} iso such as 2026-11-28T13:27:13.888827Z
 * @returns {bigint} nanoseconds since 1970-01-01T00:00:00Z
 */
export function instantNanos(iso) {
  const parts = INSTANT.exec(iso);
  if (!parts) {
    throw new Error(`not an ISO-8601 instant: ${iso}`);
  }
  const [, wholeSeconds, fraction = '', zone] = parts;
  return BigInt(Date.parse(wholeSeconds + zone)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

/**
 * Formats a moment as a local date and time, to the second.
 *
 * @param {string|number} moment an ISO-8601 instant or milliseconds since the epoch
 * @returns {string} such as "Nov 28, 2026, 13:27:13"
 */
export function formatDateTime(moment) {
  return dateTimeFormat.format(new Date(moment));
}

/**
 * Formats a moment briefly for a time axis: the time of day when the axis spans one day, else the day and
 * the minute.
 *
 * @param {number} millis the moment
 * @param {number} otherEnd the axis's other end, in milliseconds
 * @returns {string} such as "13:27:13" or "Nov 28, 13:27"
 */
export function formatAxisTime(millis, otherEnd) {
  const sameDay = new Date(millis).toDateString() === new Date(otherEnd).toDateString();
  return (sameDay ? clockFormat : dayTimeFormat).format(new Date(millis));
}

/**
 * Builds a time element showing a local time, with the exact instant as its datetime and title.
 *
 * @param {string} iso the instant
 * @param {'full'|'clock'|'compact'} [style] the date and time (the default), the time of day only, or the
 *     time of day for today's instants and the date for older ones
 * @returns {HTMLTimeElement} the element
 */
export function timeElement(iso, style = 'full') {
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  const text = style === 'clock' || (style === 'compact' && today) ? clockFormat.format(date)
    : style === 'compact' ? dayFormat.format(date) : dateTimeFormat.format(date);
  return /** @type {HTMLTimeElement} */ (el('time', { datetime: iso, title: iso }, text));
}

/**
 * Formats milliseconds since the epoch as a datetime-local input value, in local time, to the second.
 *
 * @param {number} millis the moment
 * @returns {string} such as 2026-11-28T13:27:13
 */
export function dateTimeLocalValue(millis) {
  const date = new Date(millis);
  const pad = (value) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Returns the label of an event type.
 *
 * @param {string} type such as MoneyDeposited
 * @returns {string} such as "Deposit"
 */
export function eventLabel(type) {
  return EVENT_TYPES.find((known) => known.type === type)?.label ?? type;
}

/**
 * Summarizes an event of the global log: the amount it moves, with its sign, and the other account of a
 * transfer.
 *
 * @param {{event_type: string, event_data: object}} event the event
 * @returns {{amount: string|null, counterparty: string|null, direction: 'in'|'out'|null}} its summary
 */
export function eventSummary(event) {
  const data = event.event_data ?? {};
  switch (event.event_type) {
    case 'AccountCreated':
      return { amount: `+${data.initial_balance}`, counterparty: null, direction: 'in' };
    case 'MoneyDeposited':
      return { amount: `+${data.amount}`, counterparty: null, direction: 'in' };
    case 'MoneyWithdrawn':
      return { amount: `−${data.amount}`, counterparty: null, direction: 'out' };
    case 'TransferSent':
      return { amount: `−${data.amount}`, counterparty: data.to_account_id ?? null, direction: 'out' };
    case 'TransferReceived':
      return { amount: `+${data.amount}`, counterparty: data.from_account_id ?? null, direction: 'in' };
    default:
      return { amount: data.amount ?? null, counterparty: null, direction: null };
  }
}

/**
 * Describes a transaction type of an account's history.
 *
 * @param {string} type opening, deposit, withdrawal, transfer_out or transfer_in
 * @returns {{label: string, sign: string}} its label and the sign of its amount
 */
export function transactionType(type) {
  return TRANSACTION_TYPES[type] ?? { label: type, sign: '' };
}
