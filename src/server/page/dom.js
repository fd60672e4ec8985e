// Building the page's elements from data, as text only: every string from the data
// becomes a text node or an attribute value set with setAttribute, never markup.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) e.setAttribute(name, String(value));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

export const $ = (id) => document.getElementById(id);

/** Sets the text of the element `id` (empty hides a `.message`). */
export function say(id, text) {
  $(id).textContent = text || '';
}

/** A cell's value as text: fractions with three decimals, null as nothing. */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(3);
  return String(value);
}

/** Labels of the actors seen in any result, by IRI. */
const labels = new Map();

/** Keeps the labels of rows whose column `K` has its IRI in `K iri`. */
export function learnLabels(rows) {
  for (const row of rows || []) {
    for (const [key, value] of Object.entries(row)) {
      const iri = row[`${key} iri`];
      if (typeof value === 'string' && typeof iri === 'string') labels.set(iri, value);
    }
  }
}

/** Keeps one label, unless the IRI has one. */
export function learnLabel(iri, label) {
  if (!labels.has(iri)) labels.set(iri, label);
}

/** The label of an actor, else the end of its IRI. */
export function labelOf(iri) {
  return labels.get(iri) || iri.replace(/^.*[/#]/, '');
}

/** Calls `action` on click, Enter or Space, and makes `node` focusable. */
export function onActivate(node, action) {
  node.setAttribute('tabindex', '0');
  node.addEventListener('click', action);
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      action();
    }
  });
}

/**
 * A table of rows (objects keyed by column), without the IRI columns and those in
 * `hide`; with `pair` ({ keys: [column A, column B], show(a, b, row) }), a click on a
 * row shows the evidence of its pair of actors.
 */
export function table(rows, { hide = [], pair = null, empty = 'none' } = {}) {
  if (!rows || rows.length === 0) return el('p', { class: 'note' }, empty);
  learnLabels(rows);
  const columns = Object.keys(rows[0]).filter((c) => !/ iris?$/.test(c) && !hide.includes(c));
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)));
  const body = el('tbody');
  for (const row of rows) {
    const cells = columns.map((c) => el('td', { class: typeof row[c] === 'number' ? 'number' : null }, cellText(row[c])));
    const tr = el('tr', {}, ...cells);
    const [a, b] = pair ? pair.keys.map((k) => row[`${k} iri`]) : [];
    if (typeof a === 'string' && typeof b === 'string') {
      tr.classList.add('pair');
      tr.dataset.a = a;
      tr.dataset.b = b;
      tr.setAttribute('aria-label', `Evidence between ${labelOf(a)} and ${labelOf(b)}`);
      onActivate(tr, () => pair.show(a, b, tr));
    }
    body.append(tr);
  }
  return el('table', {}, el('thead', {}, head), body);
}

/** The notices of an API result, as notes. */
export function notes(result) {
  return (result.notices || []).map((n) => el('p', { class: 'note' }, n));
}
