// @ts-check
// Building page elements without HTML strings: text is always text (no injection from data).

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(string | Node)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** @param {HTMLElement} node */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/**
 * A table with a caption and header row; cells are text or nodes.
 * @param {string} caption @param {string[]} headers @param {Array<Array<string | Node>>} rows
 */
export function table(caption, headers, rows) {
  const head = el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)));
  const body = rows.length === 0
    ? [el('tr', {}, el('td', { colspan: String(headers.length) }, 'None.'))]
    : rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))));
  return el('div', { class: 'scroll' }, el('table', {}, el('caption', {}, caption), el('thead', {}, head), el('tbody', {}, ...body)));
}
