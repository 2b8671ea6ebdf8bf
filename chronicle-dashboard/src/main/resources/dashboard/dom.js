/**
 * Tiny DOM helpers: elements are always built with createElement and text nodes, never from HTML strings,
 * so that nothing the servers send can become markup.
 */

/**
 * Creates an HTML element.
 *
 * @param {string} tag the tag name
 * @param {Object<string, string|number|boolean|null|undefined>} [attributes] attributes to set; null,
 *     undefined and false are skipped, true sets an empty attribute
 * @param {...(Node|string|null|undefined|false|Array)} children nodes or strings (as text) to append
 * @returns {HTMLElement} the element
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  node.append(...present(children));
  return node;
}

/**
 * Creates an SVG element.
 *
 * @param {string} tag the SVG tag name
 * @param {Object<string, string|number|boolean|null|undefined>} [attributes] attributes, as for {@link el}
 * @param {...(Node|string|null|undefined|false|Array)} children nodes or strings (as text) to append
 * @returns {SVGElement} the element
 */
export function svgEl(tag, attributes = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(node, attributes);
  node.append(...present(children));
  return node;
}

/**
 * Returns the element with an id, failing loudly when the page lacks it.
 *
 * @param {string} id the element id
 * @returns {HTMLElement} the element
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`the page has no #${id}`);
  }
  return node;
}

/**
 * Returns a function that calls `action` once calls have stopped for `delayMs`.
 *
 * @template {unknown[]} A
 * @param {(...args: A) => void} action what to call
 * @param {number} delayMs the quiet time before calling
 * @returns {(...args: A) => void} the debounced function
 */
export function debounce(action, delayMs) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), delayMs);
  };
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

function present(children) {
  return children.flat().filter((child) => child !== null && child !== undefined && child !== false);
}
