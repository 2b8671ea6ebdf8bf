/**
 * The overview's live event list (#live-events): newest first, at most {@link MAX_SHOWN} shown. Pause stops
 * the list from moving but not the stream: events that arrive meanwhile are kept and counted ("N new"), and
 * Resume shows them all.
 */
import { knownAccount } from './accounts-store.js';
import { byId, el } from './dom.js';
import { eventLabel, eventSummary, timeElement } from './format.js';
import { onLedgerEvent, onStreamState } from './stream.js';

/** The most events the list shows; older ones drop off the end. */
const MAX_SHOWN = 200;

const STATE_TEXT = Object.freeze({
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline, retrying…',
});

/**
 * Wires the live list to the event stream and the pause button.
 */
export function initLiveView() {
  const list = byId('live-events');
  const pauseButton = byId('pause-stream');
  const newCount = byId('live-new-count');
  const state = byId('stream-state');
  const empty = byId('live-empty');
  /** @type {object[]} the newest events received while paused, oldest first (the list shows no more) */
  let buffered = [];
  let bufferedCount = 0;
  let paused = false;

  const showBufferedCount = () => {
    newCount.textContent = paused ? `${bufferedCount} new` : '';
    newCount.hidden = !paused;
  };

  const show = (events) => {
    const items = events.map(eventItem).reverse();
    list.prepend(...items);
    while (list.children.length > MAX_SHOWN) {
      list.lastElementChild.remove();
    }
    empty.hidden = list.children.length > 0;
  };

  onLedgerEvent((event) => {
    if (paused) {
      buffered.push(event);
      if (buffered.length > MAX_SHOWN) {
        buffered.shift();
      }
      bufferedCount++;
      showBufferedCount();
    } else {
      show([event]);
    }
  });

  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.setAttribute('aria-pressed', String(paused));
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      show(buffered);
      buffered = [];
      bufferedCount = 0;
    }
    showBufferedCount();
  });

  onStreamState((streamState) => {
    state.textContent = STATE_TEXT[streamState];
    state.dataset.state = streamState;
  });
}

function eventItem(event) {
  const { amount, counterparty, direction } = eventSummary(event);
  const account = event.aggregate_id;
  const currency = event.event_data?.currency ?? knownAccount(account)?.currency;
  return el('li', {
    class: 'event-item',
    'data-event-type': event.event_type,
    'data-position': event.position,
    'data-account': account,
    'data-direction': direction,
  },
  el('span', { class: 'event-type' }, eventLabel(event.event_type)),
  el('span', { class: 'event-accounts' },
    accountLink(account),
    counterparty && [direction === 'out' ? ' → ' : ' ← ', accountLink(counterparty)]),
  el('span', { class: 'event-amount' }, amount ?? '', currency ? ` ${currency}` : ''),
  timeElement(event.created_at, 'clock'),
  el('span', { class: 'event-position', title: 'Global position' }, `#${event.position}`));
}

function accountLink(id) {
  return el('a', { href: `#/accounts/${encodeURIComponent(id)}` }, id);
}
