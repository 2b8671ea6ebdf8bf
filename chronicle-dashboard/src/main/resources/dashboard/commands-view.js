/**
 * The Commands section: forms to create an account, deposit, withdraw and transfer. Each form checks its
 * values in the page first, then sends them to the Ledger API with an Idempotency-Key that is made once per
 * submission and reused when the same values are sent again (after a network failure, say), so that a retry
 * or a double click never moves money twice; it changes only when the values change or a command succeeds.
 * The server's refusal is shown as it words it. After a success the touched accounts are read back at the
 * command's position, so every view shows the write at once.
 */
import { allKnownAccounts, knownAccount, onAccountsChange, refreshAccount } from './accounts-store.js';
import { command, newIdempotencyKey } from './api.js';
import { byId, el } from './dom.js';
import { clearFieldErrors, setFieldError, showResult } from './forms.js';
import { amountProblem, decimalsOf } from './money.js';

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Control and bidirectional-override characters, which the ledger refuses in names and descriptions. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * @typedef {object} CommandSpec
 * @property {string} formId the form's id
 * @property {string} path the Ledger API path
 * @property {(values: Object<string, string>) => Object<string, string|null>} check problems by field name
 * @property {(values: Object<string, string>) => string[]} accounts the accounts the command touches
 * @property {(body: any, values: Object<string, string>) => string} confirmation the success message
 * @property {string[]} keep the fields left filled after a success
 */

/** @type {CommandSpec[]} */
const COMMANDS = [
  {
    formId: 'create-account-form',
    path: '/commands/create-account',
    check: (values) => ({
      account_id: accountIdProblem(values.account_id),
      owner_name: textProblem(values.owner_name, 'owner name', 200, true),
      initial_balance: amountProblem(values.initial_balance, { currency: values.currency, allowZero: true }),
      currency: /^[A-Z]{3}$/.test(values.currency) ? null : 'Choose a currency.',
    }),
    accounts: (values) => [values.account_id],
    confirmation: (body, values) => `Account ${values.account_id} created with ${values.initial_balance} `
      + `${values.currency}: event ${body.event_id}, position ${body.position}.`,
    keep: ['currency'],
  },
  {
    formId: 'deposit-form',
    path: '/commands/deposit',
    check: (values) => ({
      account_id: accountIdProblem(values.account_id),
      amount: amountProblem(values.amount, { currency: currencyOf(values.account_id), allowZero: false }),
      description: textProblem(values.description, 'description', 500, false),
    }),
    accounts: (values) => [values.account_id],
    confirmation: (body, values) => `Deposited ${values.amount} into ${values.account_id}: `
      + `event ${body.event_id}, position ${body.position}.`,
    keep: ['account_id'],
  },
  {
    formId: 'withdraw-form',
    path: '/commands/withdraw',
    check: (values) => ({
      account_id: accountIdProblem(values.account_id),
      amount: amountProblem(values.amount, { currency: currencyOf(values.account_id), allowZero: false }),
      description: textProblem(values.description, 'description', 500, false),
    }),
    accounts: (values) => [values.account_id],
    confirmation: (body, values) => `Withdrew ${values.amount} from ${values.account_id}: `
      + `event ${body.event_id}, position ${body.position}.`,
    keep: ['account_id'],
  },
  {
    formId: 'transfer-form',
    path: '/commands/transfer',
    check: (values) => ({
      from_account_id: accountIdProblem(values.from_account_id),
      to_account_id: accountIdProblem(values.to_account_id)
        ?? (values.to_account_id === values.from_account_id ? 'Choose an account other than the payer.' : null),
      amount: amountProblem(values.amount, { currency: currencyOf(values.from_account_id), allowZero: false }),
      description: textProblem(values.description, 'description', 500, false),
    }),
    accounts: (values) => [values.from_account_id, values.to_account_id],
    confirmation: (body, values) => `Transferred ${values.amount} from ${values.from_account_id} to `
      + `${values.to_account_id}: transfer ${body.transfer_id}, position ${body.position}.`,
    keep: ['from_account_id', 'to_account_id'],
  },
];

/**
 * Wires the four command forms, the list of known account ids they suggest, and the account hints under
 * their account inputs.
 */
export function initCommandsView() {
  COMMANDS.forEach(wireForm);
  const suggestions = byId('known-accounts');
  const hinted = [...document.querySelectorAll('#commands-view input[list="known-accounts"]')];
  const updateHints = () => hinted.forEach((input) => showAccountHint(/** @type {HTMLInputElement} */ (input)));
  onAccountsChange(() => {
    suggestions.replaceChildren(...allKnownAccounts().map((account) => el('option', {
      value: account.account_id, label: `${account.owner_name} · ${account.balance} ${account.currency}`,
    })));
    updateHints();
  });
  hinted.forEach((input) => input.addEventListener('input', () => showAccountHint(
    /** @type {HTMLInputElement} */ (input))));
  const currency = /** @type {HTMLSelectElement} */ (byId('create-currency'));
  const showDecimals = () => {
    const decimals = decimalsOf(currency.value);
    byId('create-currency-hint').textContent = decimals === 0 ? `${currency.value} amounts have no decimals.`
      : `${currency.value} amounts have up to ${decimals} decimals.`;
  };
  currency.addEventListener('change', showDecimals);
  showDecimals();
}

/** @param {CommandSpec} spec */
function wireForm(spec) {
  const form = /** @type {HTMLFormElement} */ (byId(spec.formId));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  const result = /** @type {HTMLElement} */ (form.querySelector('[data-role="result"]'));
  /** The key of the values last sent, kept until they change or succeed. */
  let attempt = { fingerprint: '', key: '' };
  let inFlight = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) {
      return;
    }
    const values = formValues(form);
    clearFieldErrors(form);
    const problems = Object.entries(spec.check(values)).filter(([, problem]) => problem);
    if (problems.length > 0) {
      problems.forEach(([name, problem]) => setFieldError(fieldOf(form, name), problem));
      fieldOf(form, problems[0][0]).focus();
      showResult(result, 'error', problems.length === 1 ? 'Please correct the highlighted field.'
        : `Please correct the ${problems.length} highlighted fields.`);
      return;
    }
    const fingerprint = JSON.stringify(values);
    if (attempt.fingerprint !== fingerprint) {
      attempt = { fingerprint, key: newIdempotencyKey() };
    }
    inFlight = true;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    showResult(result, 'pending', 'Sending…');
    try {
      const { body, replayed } = await command(spec.path, payloadOf(values), attempt.key);
      attempt = { fingerprint: '', key: '' };
      const confirmation = spec.confirmation(body, values)
        + (replayed ? ' (This had already been done: the ledger answered the earlier, identical request.)' : '');
      showResult(result, 'ok', confirmation);
      resetExcept(form, spec.keep);
      // Not awaited: the form is ready for the next command while the views catch up.
      readBack(spec.accounts(values), body.position, result, confirmation);
    } catch (error) {
      const field = error.field ? form.elements.namedItem(error.field) : null;
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) {
        setFieldError(field, error.message);
      }
      showResult(result, 'error', error.status === 0 ? `${error.message}. Sending the same values again is safe:`
        + ' the ledger applies them at most once.' : error.message);
    } finally {
      inFlight = false;
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

/** Reads the touched accounts back at the command's position, and adds their new balances to the message. */
async function readBack(ids, position, result, confirmation) {
  const balances = await Promise.all(ids.map((id) => refreshAccount(id, position)
    .then((account) => `${id} now holds ${account.balance} ${account.currency}.`)
    .catch(() => null)));
  const known = balances.filter(Boolean);
  if (known.length > 0 && result.textContent === confirmation) {
    result.textContent = `${confirmation} ${known.join(' ')}`;
  }
}

function formValues(form) {
  const values = {};
  for (const field of form.elements) {
    if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field.name) {
      values[field.name] = field.name === 'description' || field.name === 'owner_name' ? field.value
        : field.value.trim();
    }
  }
  return values;
}

/** The JSON body: the form's values as typed; amounts stay strings. An empty description is left out. */
function payloadOf(values) {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => name !== 'description' || value));
}

function resetExcept(form, keep) {
  for (const field of form.elements) {
    if (field instanceof HTMLInputElement && field.name && !keep.includes(field.name)) {
      field.value = '';
    }
  }
}

function fieldOf(form, name) {
  return /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
}

function currencyOf(accountId) {
  return knownAccount(accountId)?.currency ?? null;
}

function accountIdProblem(value) {
  if (value === '') {
    return 'Enter an account id.';
  }
  return ACCOUNT_ID.test(value) ? null : 'An account id is 1 to 64 letters, digits, “_” or “-”.';
}

function textProblem(value, name, maxLength, required) {
  if (required && value.trim() === '') {
    return `Enter the ${name}.`;
  }
  if (value.trim().length > maxLength) {
    return `The ${name} has ${value.trim().length} characters; at most ${maxLength} are allowed.`;
  }
  return FORBIDDEN_CHARACTERS.test(value) ? `The ${name} must not contain control characters.` : null;
}

function showAccountHint(input) {
  const id = `${input.id}-account`;
  let hint = document.getElementById(id);
  if (!hint) {
    hint = el('p', { id, class: 'hint' });
    input.after(hint);
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  }
  const account = knownAccount(input.value.trim());
  hint.textContent = account ? `${account.owner_name}: ${account.balance} ${account.currency} (${account.status})` : '';
}
