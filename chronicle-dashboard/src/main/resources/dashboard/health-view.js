/**
 * The header's health badge (#health): the parts the Query API's process reports in its /health, refreshed every
 * few seconds. A process reports only the parts its role depends on: a query process its event store, read model
 * and projection lag; the all-in-one process the bus too. Absent parts are not shown.
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
    const report = error.body?.status ? error.body : null;
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
    health.store && item('Store', `${health.store.status} · head ${health.store.head_position ?? '?'}`,
      health.store.status),
    health.bus && item('Bus', health.bus.status, health.bus.status),
    health.read_model && item('Read model', `${health.read_model.status} · ${health.read_model.kind}`,
      health.read_model.status),
    health.projection && item('Projection', `${health.projection.status} · lag ${health.projection.lag ?? '?'}`,
      health.projection.status),
  ].filter(Boolean) : [item('Query API', problem, 'DOWN')]));
}

function item(name, value, status) {
  return el('div', { class: 'health-item', 'data-status': status ?? 'UNKNOWN' },
    el('dt', {}, name), el('dd', {}, value));
}
