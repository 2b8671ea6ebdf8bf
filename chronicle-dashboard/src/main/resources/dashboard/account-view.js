/**
 * The account page (#account-view), opened at #/accounts/<id>: the account's summary, its transactions
 * (newest first, Load more via next_before), a chart of its balance over time, and time travel: a slider over
 * the account's life (from its creation to now), a date-and-time picker, and previous/next event buttons
 * choose a moment; the page then shows the balance the server replays for that moment (GET balance-at,
 * debounced), the transactions up to it, and a vertical line on the chart. The view follows new events of
 * the account as they commit.
 */
import { knownAccount, onAccountsChange, refreshAccount } from './accounts-store.js';
import { ApiError, query } from './api.js';
import { chartMomentAt, drawBalanceChart, markChartMoment } from './chart.js';
import { byId, debounce, el } from './dom.js';
import {
  dateTimeLocalValue, formatDateTime, instantNanos, timeElement, transactionType,
} from './format.js';
import { decimalsOf } from './money.js';

/** Transactions per page of the table. */
const TABLE_PAGE = 20;
/** The most recent transactions loaded for the chart and time travel (the API's largest page). */
const HISTORY_LIMIT = 1000;
/** The slider's steps over the account's life. */
const SLIDER_STEPS = 1000;
/** Transactions listed under the time-travel result. */
const MOMENT_EVENTS_SHOWN = 20;
const BALANCE_QUERY_DELAY_MS = 250;

/**
 * @typedef {object} Moment
 * @property {string} iso the instant sent to the server
 * @property {bigint} nanos the instant, for exact comparisons with transaction times
 * @property {number} ms the instant in milliseconds, for the controls and the chart
 * @property {boolean} now whether it is "now" (the slider's end), which moves on as time does
 */

const view = {
  /** @type {string|null} */ id: null,
  visible: false,
  /** Counts account switches, so that answers about a previous account are dropped. */
  generation: 0,
  /** @type {object|null} the account as last shown */ account: null,
  /** @type {Array<object & {nanos: bigint, ms: number}>} transactions oldest first, for chart and time travel */
  history: [],
  historyComplete: true,
  start: 0,
  end: 0,
  /** @type {Moment|null} */ moment: null,
  /** @type {number|null} the version to load table rows before, or null when all are shown */
  nextBefore: null,
  newestRowVersion: 0,
  balanceRequest: 0,
};

/**
 * Wires the time-travel controls, the chart, Load more, and live updates.
 */
export function initAccountView() {
  const slider = /** @type {HTMLInputElement} */ (byId('time-travel-slider'));
  const picker = /** @type {HTMLInputElement} */ (byId('time-travel-at'));
  const chart = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId('balance-chart')));
  slider.max = String(SLIDER_STEPS);
  const fromSlider = () => setMoment(sliderMoment(Number(slider.value)), 'slider');
  slider.addEventListener('input', fromSlider);
  slider.addEventListener('change', fromSlider);
  const fromPicker = () => {
    const ms = new Date(picker.value).getTime();
    if (picker.value && !Number.isNaN(ms)) {
      setMoment(momentAt(new Date(ms).toISOString(), false), 'picker');
    }
  };
  picker.addEventListener('input', fromPicker);
  picker.addEventListener('change', fromPicker);
  byId('time-travel-previous').addEventListener('click', () => stepToEvent(-1));
  byId('time-travel-next').addEventListener('click', () => stepToEvent(1));
  byId('time-travel-now').addEventListener('click', () => setMoment(nowMoment(), 'button'));
  chart.addEventListener('click', (event) => {
    const ms = chartMomentAt(chart, event.clientX);
    if (ms !== null) {
      setMoment(ms >= view.end ? nowMoment() : momentAt(new Date(Math.round(ms)).toISOString(), false), 'chart');
    }
  });
  byId('transactions-more').addEventListener('click', () => loadTablePage(view.generation));
  byId('time-travel-zone').textContent = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local';
  window.addEventListener('resize', debounce(() => {
    if (view.visible && view.account) {
      drawChart();
    }
  }, 150));
  const followChanges = debounce(reloadAfterChange, 200);
  onAccountsChange(() => {
    const account = view.id && knownAccount(view.id);
    if (view.visible && account && view.account && account.version > view.account.version) {
      renderSummary(account);
      followChanges(view.generation);
    }
  });
}

/**
 * Shows an account's page and loads it.
 *
 * @param {string} id the account id
 */
export function showAccountView(id) {
  view.visible = true;
  view.id = id;
  view.generation++;
  view.account = null;
  view.history = [];
  view.moment = null;
  view.nextBefore = null;
  view.newestRowVersion = 0;
  view.balanceRequest++;
  showBalance('…', null, null);
  byId('account-id').textContent = id;
  byId('account-content').hidden = true;
  byId('account-error').hidden = true;
  byId('transactions').querySelector('tbody').replaceChildren();
  load(id, view.generation);
}

/**
 * Tells the view it is hidden, so that it stops following the account.
 */
export function hideAccountView() {
  view.visible = false;
}

async function load(id, generation) {
  let account;
  try {
    account = await refreshAccount(id);
  } catch (error) {
    if (generation === view.generation) {
      const message = byId('account-error');
      message.textContent = error.message;
      message.hidden = false;
    }
    return;
  }
  if (generation !== view.generation) {
    return;
  }
  renderSummary(account);
  byId('account-content').hidden = false;
  await Promise.all([loadHistory(generation), loadTablePage(generation)]);
  if (generation === view.generation) {
    setMoment(nowMoment(), 'load');
  }
}

async function reloadAfterChange(generation) {
  if (generation !== view.generation) {
    return;
  }
  await loadHistory(generation);
  if (generation !== view.generation) {
    return;
  }
  prependNewRows();
  setMoment(view.moment === null || view.moment.now ? nowMoment() : view.moment, 'update');
}

function renderSummary(account) {
  view.account = account;
  const field = (role) => byId('account-view').querySelector(`[data-role="${role}"]`);
  field('owner').textContent = account.owner_name;
  field('balance').textContent = account.balance;
  field('currency').textContent = account.currency;
  field('status').textContent = account.status;
  field('version').textContent = String(account.version);
  field('created').replaceChildren(timeElement(account.created_at));
  field('updated').replaceChildren(timeElement(account.last_updated));
  view.start = Number(instantNanos(account.created_at) / 1_000_000n);
  view.end = Math.max(view.end, Date.now(), view.start + 1);
}

/** Loads the newest transactions (up to the API's largest page) for the chart and time travel. */
async function loadHistory(generation) {
  const id = view.id;
  let page;
  try {
    page = await query(`/accounts/${encodeURIComponent(id)}/transactions?limit=${HISTORY_LIMIT}`);
  } catch (error) {
    if (generation === view.generation) {
      byId('chart-note').textContent = `Could not load the history: ${error.message}`;
    }
    return;
  }
  if (generation !== view.generation) {
    return;
  }
  view.history = page.transactions.map((entry) => {
    const nanos = instantNanos(entry.timestamp);
    return { ...entry, nanos, ms: Number(nanos / 1_000_000n) };
  }).reverse();
  view.historyComplete = !page.has_more;
  const last = view.history[view.history.length - 1];
  view.end = Math.max(Date.now(), last ? last.ms : 0, view.start + 1);
  drawChart();
}

function drawChart() {
  const chart = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId('balance-chart')));
  const currency = view.account.currency;
  const from = view.historyComplete || view.history.length === 0 ? view.start : view.history[0].ms;
  drawBalanceChart(chart, {
    points: view.history.map((entry) => ({
      at: entry.ms, balance: entry.balance_after, label: `v${entry.version} ${transactionType(entry.type).label}`,
    })),
    from,
    to: view.end,
    currency,
    decimals: decimalsOf(currency) ?? 2,
  });
  byId('chart-note').textContent = view.historyComplete ? ''
    : `The chart shows the latest ${view.history.length} transactions, from ${formatDateTime(from)}.`;
  if (view.moment) {
    markChartMoment(chart, view.moment.ms);
  }
}

async function loadTablePage(generation) {
  const more = /** @type {HTMLButtonElement} */ (byId('transactions-more'));
  const status = byId('transactions-status');
  const params = new URLSearchParams({ limit: String(TABLE_PAGE) });
  if (view.nextBefore !== null) {
    params.set('before', String(view.nextBefore));
  }
  more.disabled = true;
  try {
    const page = await query(`/accounts/${encodeURIComponent(view.id)}/transactions?${params}`);
    if (generation !== view.generation) {
      return;
    }
    const body = byId('transactions').querySelector('tbody');
    body.append(...page.transactions.map(transactionRow));
    if (page.transactions.length > 0) {
      view.newestRowVersion = Math.max(view.newestRowVersion, page.transactions[0].version);
    }
    view.nextBefore = page.has_more ? page.next_before : null;
    more.hidden = !page.has_more;
    status.textContent = `${body.children.length} transaction${body.children.length === 1 ? '' : 's'} shown`
      + (page.has_more ? '; older ones follow.' : ', back to the opening.');
  } catch (error) {
    if (generation === view.generation) {
      status.textContent = `Could not load transactions: ${error.message}`;
    }
  } finally {
    more.disabled = false;
  }
}

/** Adds the rows of transactions newer than the table's newest, from the reloaded history. */
function prependNewRows() {
  const fresh = view.history.filter((entry) => entry.version > view.newestRowVersion).reverse();
  if (fresh.length > 0) {
    byId('transactions').querySelector('tbody').prepend(...fresh.map(transactionRow));
    view.newestRowVersion = fresh[0].version;
  }
}

function transactionRow(entry) {
  const { label, sign } = transactionType(entry.type);
  return el('tr', { 'data-version': entry.version, 'data-type': entry.type },
    el('td', { class: 'numeric' }, String(entry.version)),
    el('td', {}, timeElement(entry.timestamp)),
    el('td', {}, label),
    el('td', { title: entry.transfer_id ? `Transfer ${entry.transfer_id}` : null }, entry.description || '—'),
    el('td', { class: 'amount', 'data-sign': sign }, `${sign}${entry.amount}`),
    el('td', { class: 'amount' }, entry.balance_after));
}

function momentAt(iso, now) {
  const nanos = instantNanos(iso);
  return { iso, nanos, ms: Number(nanos / 1_000_000n), now };
}

function nowMoment() {
  return momentAt(new Date().toISOString(), true);
}

/** The moment a slider position stands for: its start is the exact creation instant, its end is now. */
function sliderMoment(value) {
  if (value <= 0) {
    return momentAt(view.account.created_at, false);
  }
  if (value >= SLIDER_STEPS) {
    return nowMoment();
  }
  const ms = Math.round(view.start + (value / SLIDER_STEPS) * (view.end - view.start));
  return momentAt(new Date(ms).toISOString(), false);
}

function stepToEvent(direction) {
  const target = adjacentEvent(direction);
  if (target) {
    setMoment(momentAt(target.timestamp, false), 'button');
  }
}

/** The transaction just before (-1) or just after (+1) the chosen moment, if any. */
function adjacentEvent(direction) {
  const at = view.moment?.nanos;
  if (at === undefined) {
    return undefined;
  }
  return direction < 0 ? view.history.findLast((entry) => entry.nanos < at)
    : view.history.find((entry) => entry.nanos > at);
}

/**
 * Chooses a moment: moves the controls that did not choose it, marks the chart, lists the transactions up
 * to it and asks the server for the balance then.
 */
function setMoment(moment, source) {
  if (!view.account) {
    return;
  }
  view.moment = moment;
  const slider = /** @type {HTMLInputElement} */ (byId('time-travel-slider'));
  const picker = /** @type {HTMLInputElement} */ (byId('time-travel-at'));
  if (moment.now && view.end < moment.ms) {
    view.end = moment.ms;
  }
  if (source !== 'slider') {
    slider.value = String(sliderValue(moment));
  }
  slider.setAttribute('aria-valuetext', moment.now ? 'now' : formatDateTime(moment.ms));
  if (source !== 'picker') {
    picker.value = dateTimeLocalValue(moment.ms);
  }
  markChartMoment(/** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId('balance-chart'))), moment.ms);
  /** @type {HTMLButtonElement} */ (byId('time-travel-previous')).disabled = !adjacentEvent(-1);
  /** @type {HTMLButtonElement} */ (byId('time-travel-next')).disabled = !adjacentEvent(1);
  renderMomentEvents(moment);
  requestBalance(moment, view.generation);
}

function sliderValue(moment) {
  if (moment.now) {
    return SLIDER_STEPS;
  }
  const fraction = (moment.ms - view.start) / Math.max(view.end - view.start, 1);
  return Math.min(Math.max(Math.round(fraction * SLIDER_STEPS), 0), SLIDER_STEPS);
}

function renderMomentEvents(moment) {
  const upTo = view.history.filter((entry) => entry.nanos <= moment.nanos);
  const count = byId('time-travel-count');
  const total = view.history.length;
  if (upTo.length === 0) {
    count.textContent = view.historyComplete ? 'No transactions had happened by then.'
      : 'None of the loaded transactions had happened by then.';
  } else {
    const shown = Math.min(upTo.length, MOMENT_EVENTS_SHOWN);
    count.textContent = `${upTo.length} of ${total}${view.historyComplete ? '' : ' loaded'} transactions had`
      + ` happened by then${upTo.length > shown ? `; the latest ${shown} are listed` : ''}.`;
  }
  byId('time-travel-events').replaceChildren(...upTo.slice(-MOMENT_EVENTS_SHOWN).reverse().map((entry) => {
    const { label, sign } = transactionType(entry.type);
    return el('li', { 'data-version': entry.version },
      el('span', { class: 'event-position' }, `v${entry.version}`),
      el('span', { class: 'event-type' }, label),
      el('span', { class: 'amount', 'data-sign': sign }, `${sign}${entry.amount}`),
      el('span', { class: 'muted' }, `→ ${entry.balance_after}`),
      timeElement(entry.timestamp, 'compact'));
  }));
}

const requestBalance = debounce(async (moment, generation) => {
  if (generation !== view.generation) {
    return;
  }
  const request = ++view.balanceRequest;
  const id = view.id;
  const result = byId('time-travel-result');
  byId('time-travel-moment').replaceChildren(moment.now ? 'now' : timeElement(moment.iso));
  if (moment.nanos < instantNanos(view.account.created_at)) {
    // The server would answer 404 ACCOUNT_NOT_YET_CREATED; the page knows the creation instant exactly.
    showBalance(notYetCreated(id), null, 'not-yet');
    result.removeAttribute('aria-busy');
    return;
  }
  result.setAttribute('aria-busy', 'true');
  try {
    const path = `/accounts/${encodeURIComponent(id)}/balance-at?timestamp=${encodeURIComponent(moment.iso)}`;
    const answer = await query(path);
    if (request === view.balanceRequest) {
      showBalance(answer.balance, `${answer.currency} (version ${answer.version})`, null);
    }
  } catch (error) {
    if (request === view.balanceRequest) {
      const notYet = error instanceof ApiError && error.code === 'ACCOUNT_NOT_YET_CREATED';
      showBalance(notYet ? notYetCreated(id) : error.message, null, notYet ? 'not-yet' : 'error');
    }
  } finally {
    if (request === view.balanceRequest) {
      result.removeAttribute('aria-busy');
    }
  }
}, BALANCE_QUERY_DELAY_MS);

/** Shows the time-travel answer: a balance and its currency, or a message of a kind (not-yet or error). */
function showBalance(text, currency, kind) {
  const result = byId('time-travel-result');
  result.classList.toggle('not-yet', kind === 'not-yet');
  result.classList.toggle('error', kind === 'error');
  byId('time-travel-balance').textContent = text;
  byId('time-travel-currency').textContent = currency ?? '';
}

function notYetCreated(id) {
  return `${id} did not exist yet; it was created on ${formatDateTime(view.account.created_at)}.`;
}
