/**
 * The accounts the page knows, shared by its views: the pages of GET /accounts loaded so far (in id order),
 * plus any account fetched on its own. Each account is replaced only by a newer version of itself, so a late
 * answer never shows an older balance.
 */
import { ApiError, query } from './api.js';

const PAGE_SIZE = 50;
const READ_MODEL_RETRIES = 5;
const READ_MODEL_RETRY_MS = 400;

/** @type {Map<string, object>} accounts by id */
const accounts = new Map();
/** @type {Set<() => void>} */
const listeners = new Set();
let nextAfter = null;
let hasMore = true;

/**
 * Registers a function called whenever an account or the loaded range changes.
 *
 * @param {() => void} listener the function
 */
export function onAccountsChange(listener) {
  listeners.add(listener);
}

/**
 * Returns a known account.
 *
 * @param {string} id the account id
 * @returns {object|undefined} the account as the Query API shows it, if known
 */
export function knownAccount(id) {
  return accounts.get(id);
}

/**
 * Returns every known account, by id.
 *
 * @returns {object[]} the accounts
 */
export function allKnownAccounts() {
  return [...accounts.values()].sort((a, b) => compareIds(a.account_id, b.account_id));
}

/**
 * Returns the known accounts that fall within the pages loaded so far, by id: the list the overview shows.
 * An account fetched on its own (or created) past the last loaded page waits for its page.
 *
 * @returns {object[]} the accounts
 */
export function loadedAccounts() {
  return allKnownAccounts().filter((account) => isInLoadedRange(account.account_id));
}

/**
 * Tells whether more pages of accounts remain to load.
 *
 * @returns {boolean} true when GET /accounts said has_more
 */
export function hasMoreAccounts() {
  return hasMore;
}

/**
 * Loads the next page of accounts (the first on the first call).
 *
 * @returns {Promise<void>} resolves once the page is in
 * @throws {ApiError} when the Query API refuses or cannot be reached
 */
export async function loadNextAccountsPage() {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (nextAfter !== null) {
    params.set('after', nextAfter);
  }
  const page = await query(`/accounts?${params}`);
  page.accounts.forEach(remember);
  nextAfter = page.next_after ?? nextAfter;
  hasMore = page.has_more;
  notify();
}

/**
 * Fetches one account and keeps it. With a position (the one a command answered, or an event's), first
 * waits until the read model has applied it, so that the page reads its own writes; when the read model is
 * still behind, tries again a few times.
 *
 * @param {string} id the account id
 * @param {number} [minPosition] the global position the answer must include
 * @returns {Promise<object>} the account
 * @throws {ApiError} such as ACCOUNT_NOT_FOUND
 */
export async function refreshAccount(id, minPosition) {
  const suffix = minPosition === undefined ? '' : `?min_position=${minPosition}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const account = await query(`/accounts/${encodeURIComponent(id)}${suffix}`);
      if (remember(account)) {
        notify();
      }
      return accounts.get(id);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'READ_MODEL_BEHIND' && attempt < READ_MODEL_RETRIES)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, READ_MODEL_RETRY_MS));
    }
  }
}

/**
 * Brings the accounts an event of the global log touched up to date: an account the page shows that the
 * event changed, or a new account within the loaded pages.
 *
 * @param {{aggregate_type: string, aggregate_id: string, event_type: string, stream_version: number,
 *     position: number}} event the event
 * @returns {Promise<void>} resolves once refreshed
 */
export async function applyEvent(event) {
  if (event.aggregate_type !== 'Account') {
    return;
  }
  const known = accounts.get(event.aggregate_id);
  const stale = known ? known.version < event.stream_version
    : event.event_type === 'AccountCreated' && isInLoadedRange(event.aggregate_id);
  if (stale) {
    await refreshAccount(event.aggregate_id, event.position);
  }
}

function isInLoadedRange(id) {
  return !hasMore || (nextAfter !== null && compareIds(id, nextAfter) <= 0);
}

/** Keeps an account unless a newer version is already known; tells whether it changed anything. */
function remember(account) {
  const known = accounts.get(account.account_id);
  if (known && known.version >= account.version) {
    return false;
  }
  accounts.set(account.account_id, account);
  return true;
}

/** Orders ids as the Query API pages them: by UTF-16 code units, like Java's String.compareTo. */
function compareIds(a, b) {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function notify() {
  listeners.forEach((listener) => listener());
}
