/**
 * Hash routing between the page's views: #/overview, #/commands, #/audit and #/accounts/<id>. One view
 * shows at a time; the nav link of the current section gets aria-current="page", and after a navigation the
 * new view's heading takes the focus, so that keyboard and screen-reader users land on it.
 */

/**
 * @typedef {object} Route
 * @property {string} view the id of the view's element
 * @property {string|null} nav the data-nav value of its nav link, if any
 * @property {string} title the document title's prefix
 * @property {(param: string|null) => void} [enter] called when the view is shown
 * @property {() => void} [leave] called when another view replaces it
 */

/**
 * Starts routing: shows the view of the current hash and follows its changes. Hashes that are not routes
 * (such as the skip link's #main) leave the view as it is.
 *
 * @param {Object<string, Route>} routes views by the hash's first segment; "overview" is the default
 */
export function startRouter(routes) {
  let current = null;
  const go = (moveFocus) => {
    const match = /^#\/([a-z]+)(?:\/(.+))?$/.exec(location.hash);
    if (!match && location.hash && location.hash !== '#') {
      return;
    }
    const name = match && routes[match[1]] ? match[1] : 'overview';
    const param = match?.[2] ? decodeURIComponent(match[2]) : null;
    if (current && current !== routes[name]) {
      current.leave?.();
    }
    current = routes[name];
    for (const route of Object.values(routes)) {
      document.getElementById(route.view).hidden = route !== current;
    }
    document.querySelectorAll('[data-nav]').forEach((link) => {
      if (link.getAttribute('data-nav') === current.nav) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    });
    document.title = `${current.title}${param ? ` ${param}` : ''} · Chronicle Ledger`;
    current.enter?.(param);
    if (moveFocus) {
      document.getElementById(current.view).querySelector('h2')?.focus();
    }
  };
  window.addEventListener('hashchange', () => go(true));
  go(false);
}
