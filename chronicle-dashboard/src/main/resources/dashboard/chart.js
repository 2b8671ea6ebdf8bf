/**
 * A hand-drawn SVG step chart of an account's balance over time: the balance holds between transactions
 * and steps at each one. Balances become numbers here for drawing only; labels show the API's strings.
 */
import { svgEl } from './dom.js';
import { formatAxisTime, formatDateTime } from './format.js';

/** The drawing's width when the chart is not laid out yet; otherwise it matches the laid-out width, 1:1. */
const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 300;
const HEIGHT = 260;
const MARGIN = Object.freeze({ top: 16, right: 20, bottom: 40, left: 84 });
const Y_TICKS = 4;

/**
 * @typedef {object} ChartPoint
 * @property {number} at when the balance changed, in milliseconds since the epoch
 * @property {string} balance the balance after the change, as the API writes it
 * @property {string} label what happened, for the point's tooltip
 */

/** @type {WeakMap<SVGSVGElement, {x: (at: number) => number, at: (x: number) => number}>} */
const scales = new WeakMap();

/**
 * Draws the chart into an svg element, replacing what it showed.
 *
 * @param {SVGSVGElement} svg the element
 * @param {object} model what to draw
 * @param {ChartPoint[]} model.points the balance after each transaction, oldest first
 * @param {number} model.from the start of the time axis, in milliseconds
 * @param {number} model.to the end of the time axis, in milliseconds
 * @param {string} model.currency the currency, for the description
 * @param {number} model.decimals the currency's decimals, for the axis labels
 */
export function drawBalanceChart(svg, { points, from, to, currency, decimals }) {
  // Drawn at the size it is shown, so that its labels keep their size on narrow screens.
  const width = Math.max(svg.clientWidth || DEFAULT_WIDTH, MIN_WIDTH);
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  const title = svgEl('title', { id: 'balance-chart-title' }, `Balance of the account over time, in ${currency}`);
  const desc = svgEl('desc', { id: 'balance-chart-desc' }, describe(points, currency));
  svg.setAttribute('aria-labelledby', 'balance-chart-title balance-chart-desc');
  if (points.length === 0) {
    scales.delete(svg);
    svg.replaceChildren(title, desc, svgEl('text', { x: width / 2, y: HEIGHT / 2, class: 'chart-empty' },
      'No transactions to draw yet'));
    return;
  }
  const values = points.map((point) => Number(point.balance));
  const [low, high, step] = niceRange(Math.min(0, ...values), Math.max(0, ...values));
  const span = Math.max(to - from, 1);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (at) => MARGIN.left + ((Math.min(Math.max(at, from), to) - from) / span) * plotWidth;
  const y = (value) => HEIGHT - MARGIN.bottom - ((value - low) / (high - low)) * plotHeight;
  scales.set(svg, { x, at: (px) => from + ((px - MARGIN.left) / plotWidth) * span });

  const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: decimals });
  const grid = [];
  const ticks = Math.round((high - low) / step);
  for (let index = 0; index <= ticks; index++) {
    const value = low + index * step;
    const isZero = Math.abs(value) < step / 1e6;
    grid.push(svgEl('line', { class: isZero ? 'chart-axis' : 'chart-grid', x1: MARGIN.left, x2: width - MARGIN.right,
      y1: y(value), y2: y(value) }));
    grid.push(svgEl('text', { class: 'chart-label', x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end' },
      numberFormat.format(isZero ? 0 : value)));
  }
  const line = stepPath(points, values, x, y, to);
  svg.replaceChildren(title, desc,
    svgEl('g', { 'aria-hidden': 'true' }, grid,
      svgEl('path', { class: 'chart-area', d: `${line} V ${y(0)} H ${x(points[0].at)} Z` }),
      svgEl('path', { class: 'chart-line', d: line }),
      svgEl('text', { class: 'chart-label', x: MARGIN.left, y: HEIGHT - 12, 'text-anchor': 'start' },
        formatAxisTime(from, to)),
      svgEl('text', { class: 'chart-label', x: width - MARGIN.right, y: HEIGHT - 12, 'text-anchor': 'end' },
        formatAxisTime(to, from))),
    svgEl('g', {}, points.map((point, index) => svgEl('circle', {
      class: 'chart-point', cx: x(point.at), cy: y(values[index]), r: 3.5,
    }, svgEl('title', {}, `${point.label}: ${point.balance} ${currency} at ${formatDateTime(point.at)}`)))),
    svgEl('line', { class: 'chart-marker', x1: 0, x2: 0, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, hidden: true }));
}

/**
 * Marks a moment on the chart with a vertical line, or removes the mark.
 *
 * @param {SVGSVGElement} svg the chart
 * @param {number|null} at the moment in milliseconds (clamped to the time axis), or null
 */
export function markChartMoment(svg, at) {
  const marker = svg.querySelector('.chart-marker');
  const scale = scales.get(svg);
  if (!marker || !scale) {
    return;
  }
  marker.toggleAttribute('hidden', at === null);
  if (at !== null) {
    marker.setAttribute('x1', String(scale.x(at)));
    marker.setAttribute('x2', String(scale.x(at)));
  }
}

/**
 * Returns the moment under a pointer position on the chart.
 *
 * @param {SVGSVGElement} svg the chart
 * @param {number} clientX the pointer's x, in CSS pixels of the viewport
 * @returns {number|null} the moment in milliseconds, or null when the chart is empty
 */
export function chartMomentAt(svg, clientX) {
  const scale = scales.get(svg);
  const matrix = svg.getScreenCTM();
  if (!scale || !matrix) {
    return null;
  }
  const point = new DOMPoint(clientX, 0).matrixTransform(matrix.inverse());
  return scale.at(point.x);
}

function stepPath(points, values, x, y, to) {
  const moves = points.map((point, index) => (index === 0 ? `M ${x(point.at)} ${y(values[0])}`
    : `H ${x(point.at)} V ${y(values[index])}`));
  return `${moves.join(' ')} H ${x(to)}`;
}

/** Rounds a value range out to whole ticks: [low, high, step]. */
function niceRange(min, max) {
  const range = max - min || Math.abs(max) || 1;
  const raw = range / Y_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw);
  const low = Math.floor(min / step) * step;
  const high = Math.max(Math.ceil(max / step) * step, low + step);
  return [low, high, step];
}

function describe(points, currency) {
  if (points.length === 0) {
    return 'The account has no transactions yet.';
  }
  const first = points[0];
  const last = points[points.length - 1];
  return `${points.length} transaction${points.length === 1 ? '' : 's'}: from ${first.balance} ${currency} on `
    + `${formatDateTime(first.at)} to ${last.balance} ${currency} on ${formatDateTime(last.at)}.`;
}
