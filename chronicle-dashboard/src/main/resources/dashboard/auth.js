/**
 * The API token, when the server requires one: asked for in the page's token dialog, kept in
 * sessionStorage (so it lasts as long as the tab), and asked for again when the server refuses it.
 */
import { byId } from './dom.js';

const STORAGE_KEY = 'chronicle-ledger.api-token';

/** @type {string|null} the token in use: sessionStorage's copy, kept here too in case storage is unavailable */
let token = readStored();
/** @type {Promise<string>|null} the answer being awaited while the dialog is open */
let pendingAnswer = null;
/** @type {Set<(token: string) => void>} */
const listeners = new Set();

/**
 * Returns the token the user gave in this tab, if any.
 *
 * @returns {string|null} the token
 */
export function currentToken() {
  return token;
}

/**
 * Asks the user for the token (once, however many callers ask at the same time) and resolves with it.
 *
 * @param {string} reason what to tell the user, such as why the last token did not work
 * @returns {Promise<string>} the token the user entered
 */
export function askForToken(reason) {
  if (!pendingAnswer) {
    forgetToken();
    pendingAnswer = showDialog(reason).then((entered) => {
      pendingAnswer = null;
      remember(entered);
      listeners.forEach((listener) => listener(entered));
      return entered;
    });
  }
  return pendingAnswer;
}

/**
 * Registers a function called with each new token the user enters.
 *
 * @param {(token: string) => void} listener the function
 */
export function onTokenChange(listener) {
  listeners.add(listener);
}

function showDialog(reason) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('token-dialog'));
  const form = /** @type {HTMLFormElement} */ (byId('token-form'));
  const input = /** @type {HTMLInputElement} */ (byId('token-input'));
  const error = byId('token-error');
  byId('token-reason').textContent = reason;
  error.textContent = '';
  input.value = '';
  input.removeAttribute('aria-invalid');
  return new Promise((resolve) => {
    const keepOpen = (event) => event.preventDefault();
    const submit = (event) => {
      event.preventDefault();
      const entered = input.value.trim();
      if (!entered) {
        error.textContent = 'Enter the API token.';
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      form.removeEventListener('submit', submit);
      dialog.removeEventListener('cancel', keepOpen);
      dialog.close();
      resolve(entered);
    };
    form.addEventListener('submit', submit);
    // The page can do nothing without the token, so Escape does not close the dialog.
    dialog.addEventListener('cancel', keepOpen);
    dialog.showModal();
    input.focus();
  });
}

function readStored() {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(entered) {
  token = entered;
  try {
    sessionStorage.setItem(STORAGE_KEY, entered);
  } catch {
    // Storage may be unavailable (private modes); the token then lasts until the page reloads.
  }
}

function forgetToken() {
  token = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}
