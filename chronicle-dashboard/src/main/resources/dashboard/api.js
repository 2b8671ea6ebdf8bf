/**
 * The page's one way to the servers: loads /config.json, then calls the Ledger API (commands) and the Query
 * API with the bearer token when one is required, turning error bodies into {@link ApiError}s. On a 401 it
 * asks the user for the token again and retries the same request (a command keeps its Idempotency-Key, so a
 * retry never applies it twice).
 */
import { askForToken, currentToken } from './auth.js';

/**
 * @typedef {object} DashboardConfig
 * @property {string} ledger_url the Ledger API's address
 * @property {string} query_url the Query API's address
 * @property {boolean} token_required whether every call needs the API token
 */

/** @type {DashboardConfig|null} */
let config = null;

/** An error answer of an API ({"success":false,"error":{code,message,field}}), or a failure to reach it. */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status, 0 when the server could not be reached
   * @param {string} code the error code, such as INSUFFICIENT_FUNDS
   * @param {string} message the server's message, meant for people
   * @param {string|undefined} field the request field the error is about, if any
   * @param {any} [body] the whole answer, when it was JSON (a 503 of /health still reports each part)
   */
  constructor(status, code, message, field, body = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.body = body;
  }
}

/**
 * Loads the dashboard's configuration from its own server.
 *
 * @returns {Promise<DashboardConfig>} the configuration
 */
export async function loadConfig() {
  const response = await fetch('/config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`the dashboard's /config.json answered ${response.status}`);
  }
  config = await response.json();
  return config;
}

/**
 * Returns the loaded configuration.
 *
 * @returns {DashboardConfig} the configuration
 */
export function dashboardConfig() {
  if (!config) {
    throw new Error('the configuration is not loaded yet');
  }
  return config;
}

/**
 * Makes sure a token is at hand when one is required, asking the user if the tab has none yet.
 *
 * @returns {Promise<void>} resolves once calls can be made
 */
export async function ensureToken() {
  if (dashboardConfig().token_required && !currentToken()) {
    await askForToken('This ledger requires an API token.');
  }
}

/**
 * Reads JSON from the Query API.
 *
 * @param {string} path the path and query string, such as /accounts?limit=50
 * @returns {Promise<any>} the parsed body
 * @throws {ApiError} when the API answers with an error or cannot be reached
 */
export async function query(path) {
  const { body } = await send(dashboardConfig().query_url, path, { method: 'GET' });
  return body;
}

/**
 * Sends a command to the Ledger API.
 *
 * @param {string} path the command's path, such as /commands/deposit
 * @param {object} payload the JSON body (amounts as decimal strings)
 * @param {string} idempotencyKey the submission's Idempotency-Key
 * @returns {Promise<{body: any, replayed: boolean}>} the answer, and whether it is the remembered answer to an
 *     earlier attempt with the same key
 * @throws {ApiError} when the API answers with an error or cannot be reached
 */
export async function command(path, payload, idempotencyKey) {
  const { body, headers } = await send(dashboardConfig().ledger_url, path, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
  });
  return { body, replayed: headers.get('Idempotent-Replayed') === 'true' };
}

/**
 * Builds the address of the Query API's event stream; EventSource cannot send headers, so the token goes in
 * the query string.
 *
 * @param {number|null} after the position to start after, or null to start with the next event
 * @returns {string} the URL
 */
export function eventStreamUrl(after) {
  const params = new URLSearchParams();
  if (after !== null) {
    params.set('after', String(after));
  }
  const token = currentToken();
  if (dashboardConfig().token_required && token) {
    params.set('access_token', token);
  }
  const search = params.toString();
  return `${dashboardConfig().query_url}/events/stream${search ? `?${search}` : ''}`;
}

/**
 * Returns a fresh Idempotency-Key. crypto.randomUUID exists only in secure contexts (https or localhost), so
 * elsewhere a version 4 UUID is built from crypto.getRandomValues.
 *
 * @returns {string} a random UUID
 */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function send(base, path, init) {
  for (;;) {
    const headers = { Accept: 'application/json', ...init.headers };
    const token = currentToken();
    if (dashboardConfig().token_required && token) {
      headers.Authorization = `Bearer ${token}`;
    }
    let response;
    try {
      response = await fetch(base + path, { ...init, headers });
    } catch {
      throw new ApiError(0, 'UNREACHABLE', `Cannot reach ${base}; check that the server is running`);
    }
    if (response.status === 401 && dashboardConfig().token_required) {
      await askForToken(token ? 'The server refused the API token; enter it again.'
        : 'This ledger requires an API token.');
      continue;
    }
    const body = await readJson(response);
    if (!response.ok || body?.success === false) {
      const error = body?.error ?? {};
      throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`,
        error.message ?? `the server answered ${response.status} ${response.statusText}`.trim(), error.field, body);
    }
    return { body, headers: response.headers };
  }
}

async function readJson(response) {
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
