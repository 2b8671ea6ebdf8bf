/**
 * The Audit log section (#audit-log): the global event log in commit order from GET /events, filtered by
 * account and event types, paged with Load more (next_after); each event opens to its full JSON, data and
 * metadata included.
 */
import { query } from './api.js';
import { byId, el } from './dom.js';
import { EVENT_TYPES, eventLabel, eventSummary, timeElement } from './format.js';
import { clearFieldErrors, setFieldError } from './forms.js';

const PAGE_SIZE = 50;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

let started = false;
let filters = { accountId: '', types: [] };
let nextAfter = 0;
/** Counts filter changes, so that a page answering an older filter is dropped. */
let generation = 0;

/**
 * Builds the type filter and wires the filter form and Load more.
 */
export function initAuditView() {
  const form = /** @type {HTMLFormElement} */ (byId('audit-filter'));
  byId('audit-types').append(...EVENT_TYPES.map(({ type, label }) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'type', value: type }), ` ${label}`)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters(form);
  });
  form.addEventListener('reset', () => setTimeout(() => applyFilters(form)));
  byId('audit-more').addEventListener('click', () => loadPage(generation));
}

/**
 * Loads the first page the first time the section is shown.
 */
export function showAuditView() {
  if (!started) {
    started = true;
    loadPage(generation);
  }
}

function applyFilters(form) {
  clearFieldErrors(form);
  const account = /** @type {HTMLInputElement} */ (form.elements.namedItem('account_id'));
  const accountId = account.value.trim();
  if (accountId !== '' && !ACCOUNT_ID.test(accountId)) {
    setFieldError(account, 'An account id is 1 to 64 letters, digits, “_” or “-”.');
    account.focus();
    return;
  }
  const types = [...form.querySelectorAll('input[name="type"]:checked')].map((box) => box.value);
  filters = { accountId, types };
  nextAfter = 0;
  generation++;
  byId('audit-log').replaceChildren();
  started = true;
  loadPage(generation);
}

async function loadPage(forGeneration) {
  const more = /** @type {HTMLButtonElement} */ (byId('audit-more'));
  const status = byId('audit-status');
  const params = new URLSearchParams({ after: String(nextAfter), limit: String(PAGE_SIZE) });
  if (filters.accountId) {
    params.set('account_id', filters.accountId);
  }
  if (filters.types.length > 0) {
    params.set('type', filters.types.join(','));
  }
  more.disabled = true;
  status.classList.remove('error');
  status.textContent = 'Loading events…';
  try {
    const page = await query(`/events?${params}`);
    if (forGeneration !== generation) {
      return;
    }
    const log = byId('audit-log');
    log.append(...page.events.map(auditItem));
    nextAfter = page.next_after ?? nextAfter;
    more.textContent = page.has_more ? 'Load more' : 'Check for newer events';
    status.textContent = describe(log.children.length, page.has_more);
  } catch (error) {
    if (forGeneration === generation) {
      status.classList.add('error');
      status.textContent = error.message;
      const account = /** @type {HTMLInputElement} */ (byId('audit-account'));
      if (error.field === 'account_id') {
        setFieldError(account, error.message);
      }
    }
  } finally {
    more.disabled = false;
  }
}

function describe(count, hasMore) {
  const filtered = filters.accountId || filters.types.length > 0 ? ' matching the filters' : '';
  const events = `${count} event${count === 1 ? '' : 's'}${filtered}`;
  return hasMore ? `${events} shown; more follow.` : `${events}: the whole log so far.`;
}

function auditItem(event) {
  const { amount, counterparty, direction } = eventSummary(event);
  return el('li', {
    class: 'audit-item',
    'data-position': event.position,
    'data-event-type': event.event_type,
    'data-account': event.aggregate_id,
  }, el('details', {},
    el('summary', {},
      el('span', { class: 'event-position' }, `#${event.position}`),
      el('span', { class: 'event-type' }, eventLabel(event.event_type)),
      el('span', { class: 'event-accounts' }, event.aggregate_id,
        counterparty ? `${direction === 'out' ? ' → ' : ' ← '}${counterparty}` : ''),
      el('span', { class: 'event-amount', 'data-direction': direction }, amount ?? ''),
      timeElement(event.created_at)),
    el('pre', { class: 'event-json', tabindex: '0', 'aria-label': `Event ${event.position} as JSON` },
      JSON.stringify(event, null, 2))));
}
