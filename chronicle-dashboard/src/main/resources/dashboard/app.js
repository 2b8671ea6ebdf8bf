/**
 * The Chronicle Ledger dashboard: loads the configuration, gets the API token when one is required, then
 * starts the health badge, the live event stream and the views, and routes between them.
 */
import { applyEvent } from './accounts-store.js';
import { hideAccountView, initAccountView, showAccountView } from './account-view.js';
import { initAccountsView } from './accounts-view.js';
import { dashboardConfig, ensureToken, loadConfig } from './api.js';
import { initAuditView, showAuditView } from './audit-view.js';
import { initCommandsView } from './commands-view.js';
import { byId } from './dom.js';
import { startHealth } from './health-view.js';
import { initLiveView } from './live-view.js';
import { startRouter } from './router.js';
import { onLedgerEvent, startEventStream } from './stream.js';

/** How many recent events the live list replays when the page opens. */
const LIVE_HISTORY = 25;

async function main() {
  await loadConfig();
  const { ledger_url: ledgerUrl, query_url: queryUrl } = dashboardConfig();
  byId('api-addresses').textContent = `Ledger API ${ledgerUrl} · Query API ${queryUrl}`;
  await ensureToken();
  initLiveView();
  initCommandsView();
  initAuditView();
  initAccountView();
  onLedgerEvent((event) => applyEvent(event).catch(() => {
    // The account is refreshed again by its next event, or when its view loads it.
  }));
  startRouter({
    overview: { view: 'overview-view', nav: 'overview', title: 'Overview' },
    commands: { view: 'commands-view', nav: 'commands', title: 'Commands' },
    audit: { view: 'audit-view', nav: 'audit', title: 'Audit log', enter: showAuditView },
    accounts: {
      view: 'account-view',
      nav: null,
      title: 'Account',
      enter: (id) => (id ? showAccountView(id) : location.replace('#/overview')),
      leave: hideAccountView,
    },
  });
  const [health] = await Promise.all([startHealth(), initAccountsView()]);
  const head = health?.store?.head_position;
  startEventStream(typeof head === 'number' ? Math.max(0, head - LIVE_HISTORY) : null);
}

main().catch((error) => {
  const problem = byId('fatal-error');
  problem.textContent = `The dashboard could not start: ${error.message}`;
  problem.hidden = false;
});
