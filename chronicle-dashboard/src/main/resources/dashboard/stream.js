/**
 * The live feed of the global event log: an EventSource on the Query API's /events/stream. The browser
 * reconnects by itself after a dropped connection, resending Last-Event-ID so that no event is missed; when
 * the server refuses the connection outright (EventSource then gives up), this module probes the API (which
 * asks for the token again on a 401) and reconnects after the last position it delivered, backing off.
 */
import { eventStreamUrl, query } from './api.js';
import { onTokenChange } from './auth.js';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

/**
 * @typedef {'connecting'|'live'|'reconnecting'|'offline'} StreamState
 */

/** @type {Set<(event: object) => void>} */
const eventListeners = new Set();
/** @type {Set<(state: StreamState) => void>} */
const stateListeners = new Set();
/** @type {EventSource|null} */
let source = null;
/** The position of the last event delivered, or null before any. */
let lastPosition = null;
let retryMs = FIRST_RETRY_MS;
let retryTimer = 0;

/**
 * Registers a function called with each event of the global log, in order and once each.
 *
 * @param {(event: object) => void} listener the function, given the event as GET /events shows it
 */
export function onLedgerEvent(listener) {
  eventListeners.add(listener);
}

/**
 * Registers a function called when the connection's state changes.
 *
 * @param {(state: StreamState) => void} listener the function
 */
export function onStreamState(listener) {
  stateListeners.add(listener);
}

/**
 * Opens the stream.
 *
 * @param {number|null} after the position to start after (to replay recent history), or null to start with
 *     the next event to commit
 */
export function startEventStream(after) {
  lastPosition = after;
  onTokenChange(reconnectNow);
  connect();
}

function connect() {
  setState('connecting');
  source = new EventSource(eventStreamUrl(lastPosition));
  source.addEventListener('open', () => {
    retryMs = FIRST_RETRY_MS;
    setState('live');
  });
  source.addEventListener('message', (message) => deliver(JSON.parse(message.data)));
  source.addEventListener('error', () => {
    if (source?.readyState === EventSource.CLOSED) {
      closeSource();
      setState('offline');
      scheduleRetry();
    } else {
      setState('reconnecting');
    }
  });
}

function deliver(event) {
  if (lastPosition !== null && event.position <= lastPosition) {
    return;
  }
  lastPosition = event.position;
  eventListeners.forEach((listener) => listener(event));
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    try {
      // A refused stream says nothing about why; a plain call does, and asks for the token on a 401.
      await query('/health');
    } catch {
      // Still unreachable: the stream fails again and backs off further.
    }
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    if (!source) {
      connect();
    }
  }, retryMs);
}

function reconnectNow() {
  clearTimeout(retryTimer);
  closeSource();
  connect();
}

function closeSource() {
  source?.close();
  source = null;
}

function setState(state) {
  stateListeners.forEach((listener) => listener(state));
}
