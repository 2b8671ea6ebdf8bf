/**
 * The header's health badge (#health): the event store, the bus and the projection's lag, from the Query
 * API's /health, refreshed every few seconds.
 */
import { query } from './api.js';
import { byId, el } from './dom.js';

const REFRESH_MS = 5000;

/**
 * Shows the health now and keeps it fresh.
 *
 * @returns {Promise<object|null>} the first health report, or null when the API could not be reached
 */
export async function startHealth() {
  const first = await refresh();
  setTimeout(function tick() {
    refresh().finally(() => setTimeout(tick, REFRESH_MS));
  }, REFRESH_MS);
  return first;
}

async function refresh() {
  const badge = byId('health');
  try {
    const health = await query('/health');
    render(badge, health);
    return health;
  } catch (error) {
    // A part that is down makes /health answer 503, with the same report.
    const report = error.body?.store ? error.body : null;
    render(badge, report, error.message);
    return report;
  }
}

function render(badge, health, problem) {
  const status = health?.status ?? 'UNREACHABLE';
  badge.dataset.status = status;
  const summary = byId('health-summary');
  const text = health ? `Ledger ${status === 'UP' ? 'healthy' : status}` : 'Ledger unreachable';
  if (summary.textContent !== text) {
    summary.textContent = text;
  }
  const details = byId('health-details');
  details.replaceChildren(...(health ? [
    item('Store', `${health.store?.status ?? '?'} · head ${health.store?.head_position ?? '?'}`, health.store?.status),
    item('Bus', health.bus?.status ?? '?', health.bus?.status),
    item('Projection', `${health.projection?.status ?? '?'} · lag ${health.projection?.lag ?? '?'}`,
      health.projection?.status),
  ] : [item('Query API', problem, 'DOWN')]));
}

function item(name, value, status) {
  return el('div', { class: 'health-item', 'data-status': status ?? 'UNKNOWN' },
    el('dt', {}, name), el('dd', {}, value));
}
