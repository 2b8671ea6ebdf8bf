/**
 * Accessible feedback for forms: a field's problem is written in a message tied to the input by
 * aria-describedby (and the input marked aria-invalid); a form's outcome goes in its [data-role=result]
 * element, a polite live region, with class ok or error.
 */
import { el } from './dom.js';

/**
 * Shows a problem under an input, or clears it when the message is null.
 *
 * @param {HTMLInputElement|HTMLSelectElement} input the input
 * @param {string|null} message the problem, or null
 */
export function setFieldError(input, message) {
  const holder = errorHolder(input);
  holder.textContent = message ?? '';
  holder.hidden = !message;
  if (message) {
    input.setAttribute('aria-invalid', 'true');
  } else {
    input.removeAttribute('aria-invalid');
  }
}

/**
 * Clears every field problem of a form.
 *
 * @param {HTMLFormElement} form the form
 */
export function clearFieldErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((input) => setFieldError(
    /** @type {HTMLInputElement} */ (input), null));
}

/**
 * Shows a form's outcome in an element.
 *
 * @param {HTMLElement} element the form's [data-role=result] element
 * @param {'ok'|'error'|'pending'} kind how it went
 * @param {string} message the text, for people
 */
export function showResult(element, kind, message) {
  element.classList.remove('ok', 'error', 'pending');
  element.classList.add(kind);
  element.textContent = message;
}

function errorHolder(input) {
  const id = `${input.id}-error`;
  let holder = document.getElementById(id);
  if (!holder) {
    holder = el('p', { id, class: 'field-error', hidden: true });
    input.after(holder);
    const describedBy = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', describedBy ? `${describedBy} ${id}` : id);
  }
  return holder;
}
