/**
 * The overview's accounts table (#accounts): the pages of GET /accounts loaded so far, with Load more
 * (next_after) and a search box. The Query API has no search, so the search filters the loaded pages in the
 * page, on account id and owner name; the status line says so when more pages remain.
 */
import {
  hasMoreAccounts, loadNextAccountsPage, loadedAccounts, onAccountsChange,
} from './accounts-store.js';
import { byId, el } from './dom.js';
import { timeElement } from './format.js';

/**
 * Wires the table, the search box and Load more, and loads the first page.
 *
 * @returns {Promise<void>} resolves once the first page is shown (or its error is)
 */
export function initAccountsView() {
  const body = byId('accounts').querySelector('tbody');
  const search = /** @type {HTMLInputElement} */ (byId('account-search'));
  const more = /** @type {HTMLButtonElement} */ (byId('accounts-more'));
  const status = byId('accounts-status');
  /** @type {Map<string, HTMLTableRowElement>} rows by account id, updated in place */
  const rows = new Map();

  const render = () => {
    const accounts = loadedAccounts();
    const needle = search.value.trim().toLowerCase();
    let shown = 0;
    accounts.forEach((account, index) => {
      const row = rows.get(account.account_id) ?? createRow(account.account_id, rows);
      updateRow(row, account);
      if (body.children[index] !== row) {
        body.insertBefore(row, body.children[index] ?? null);
      }
      row.hidden = needle !== '' && !`${account.account_id}\n${account.owner_name}`.toLowerCase().includes(needle);
      shown += row.hidden ? 0 : 1;
    });
    more.hidden = !hasMoreAccounts();
    status.textContent = describe(shown, accounts.length, needle);
  };

  const load = async () => {
    more.disabled = true;
    try {
      await loadNextAccountsPage();
    } catch (error) {
      status.textContent = `Could not load accounts: ${error.message}`;
    } finally {
      more.disabled = false;
    }
  };

  body.addEventListener('click', (event) => {
    const row = /** @type {HTMLElement} */ (event.target).closest('tr[data-account-id]');
    if (row && !(/** @type {HTMLElement} */ (event.target).closest('a'))) {
      location.hash = `#/accounts/${encodeURIComponent(row.dataset.accountId)}`;
    }
  });
  search.addEventListener('input', render);
  more.addEventListener('click', load);
  onAccountsChange(render);
  return load();
}

function createRow(id, rows) {
  const row = el('tr', { 'data-account-id': id },
    el('th', { scope: 'row' }, el('a', { href: `#/accounts/${encodeURIComponent(id)}` }, id)),
    el('td', { 'data-role': 'owner' }),
    el('td', { class: 'amount', 'data-role': 'balance' }),
    el('td', { 'data-role': 'currency' }),
    el('td', { 'data-role': 'status' }),
    el('td', { class: 'wide-only', 'data-role': 'updated' }));
  rows.set(id, /** @type {HTMLTableRowElement} */ (row));
  return row;
}

function updateRow(row, account) {
  if (row.dataset.version === String(account.version)) {
    return;
  }
  row.dataset.version = String(account.version);
  const cell = (role) => row.querySelector(`[data-role="${role}"]`);
  cell('owner').textContent = account.owner_name;
  cell('balance').textContent = account.balance;
  cell('currency').textContent = account.currency;
  cell('status').textContent = account.status;
  cell('updated').replaceChildren(timeElement(account.last_updated, 'compact'));
}

function describe(shown, loaded, needle) {
  const more = hasMoreAccounts() ? ' More pages remain: Load more to search them too.' : '';
  if (loaded === 0) {
    return hasMoreAccounts() ? 'Loading accounts…' : 'No accounts yet: create one under Commands.';
  }
  if (needle === '') {
    return `${loaded} account${loaded === 1 ? '' : 's'} loaded.${hasMoreAccounts() ? ' More pages remain.' : ''}`;
  }
  return `${shown} of ${loaded} loaded account${loaded === 1 ? '' : 's'} match “${needle}”.${more}`;
}
