// The page of `stancegraph serve`: the case in numbers, the diagrams, the tables and
// the evidence of a pair, from the server's API (/api/..., docs/api.md), for the scope
// the controls set. The query box is query.js; building elements from data is dom.js.
//
// Whatever comes from the data is put into the document as text, never parsed as
// HTML; diagrams are parsed as SVG (an XML document, which runs nothing), scrubbed of
// anything active and adopted. The server's Content-Security-Policy enforces this: no
// inline script, and Trusted Types, whose one policy below only hands SVG text to
// DOMParser.

import { $, cellText, el, labelOf, learnLabel, learnLabels, notes, onActivate, say, table } from './dom.js';
import { setUpQuery } from './query.js';

const svgPolicy = window.trustedTypes
  ? window.trustedTypes.createPolicy('stancegraph-svg', { createHTML: (text) => text })
  : null;

// ------------------------------------------------------------------ requests

/** The scope the controls set: level, from, to (empty ones left out), and `extra`. */
function scope(extra = {}) {
  const p = new URLSearchParams();
  p.set('level', $('level').value);
  if ($('from').value) p.set('from', $('from').value);
  if ($('to').value) p.set('to', $('to').value);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** The body of a GET, or an error with the server's message. */
async function fetchText(path, params) {
  const response = await fetch(`${path}?${params}`);
  const text = await response.text();
  if (!response.ok) throw new Error(text.trim() || `${response.status} ${response.statusText}`);
  return { text, response };
}

async function getJSON(path, params) {
  return JSON.parse((await fetchText(path, params)).text);
}

/** Loads a table result and hands it to `fill`; errors go to the element `message`. */
async function loadTable(message, params, fill) {
  say(message, '');
  try {
    fill(await getJSON('/api/table', params));
  } catch (e) {
    say(message, e.message);
  }
}

const evidencePair = (keys) => ({ keys, show: showEvidence });

// ------------------------------------------------------------------ sections

function loadNumbers() {
  return loadTable('numbers-message', scope({ analysis: 'numbers' }), (result) => {
    const tiles = result.rows.map((row) => {
      const value = cellText(row.count);
      return el('div', {}, el('dt', {}, row.what), el('dd', { class: /^\d+$/.test(value) ? null : 'text' }, value));
    });
    $('numbers').replaceChildren(...tiles, ...notes(result));
  });
}

function loadRelations(network) {
  return loadTable(`${network}-message`, scope({ analysis: network, view: 'pairs' }), (result) => {
    const s = result.summary;
    const mutual = s.mutual_pairs === undefined ? '' : `; ${s.mutual_pairs} mutual`;
    const line = `${s.pairs} pair(s) among ${s.actors} actor(s) at ${s.level} level${mutual}`;
    $(`${network}-table`).replaceChildren(el('p', { class: 'note' }, line),
      table(result.rows, { hide: ['evidence'], pair: evidencePair(['from', 'to']) }), ...notes(result));
  });
}

const ALIGNMENT_ROWS = 50;

function loadAlignment() {
  return loadTable('alignment-message', scope({ analysis: 'alignment', rows: ALIGNMENT_ROWS }), (result) => {
    const s = result.summary;
    const line = `the ${Math.min(ALIGNMENT_ROWS, s.pairs)} strongest of ${s.pairs} pair(s) sharing at least ` +
      `${s.min_shared} claim(s), by ${s.measure}`;
    $('alignment-table').replaceChildren(el('p', { class: 'note' }, line),
      table(result.rows, { pair: evidencePair(['actor A', 'actor B']) }), ...notes(result));
  });
}

function loadCohesion() {
  return loadTable('cohesion-message', scope({ analysis: 'cohesion' }), (result) => {
    const alliances = (result.summary.alliances || []).map((a) => ({
      alliance: a.alliance,
      'alliance iri': a.alliance_iri,
      members: a.members,
      'Rice index': a.rice,
      'rated claims': a.rated_claims,
      'rated stances': a.rated_stances,
    }));
    $('cohesion-alliances').replaceChildren(table(alliances), ...notes(result));
    $('cohesion-members').replaceChildren(table(result.members, { pair: evidencePair(['alliance', 'member']) }));
    $('cohesion-claims').replaceChildren(table(result.claims));
  });
}

function loadBlocs() {
  const summary = loadTable('blocs-message', scope({ analysis: 'blocs', view: 'summary' }), (result) => {
    const s = result.summary;
    const line = `${s.communities} bloc(s) of ${s.tied_actors} tied actor(s); modularity ` +
      `${cellText(s.modularity)}; ${s.method}`;
    $('blocs-summary').replaceChildren(el('p', { class: 'note' }, line), table(result.rows), ...notes(result));
  });
  const members = loadTable('blocs-message', scope({ analysis: 'blocs', view: 'members' }), (result) => {
    $('blocs-members').replaceChildren(table(result.rows));
  });
  return Promise.all([summary, members]);
}

// ------------------------------------------------------------------ diagrams

/** Removes from a parsed SVG whatever could run or load something. */
function scrub(root) {
  for (const bad of root.querySelectorAll('script, style, foreignObject, iframe, object, embed, use, image')) bad.remove();
  for (const node of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'href' || name.endsWith(':href') || name === 'style') {
        node.removeAttribute(attr.name);
      }
    }
  }
}

/**
 * The SVG document of `text`, scrubbed, as a node of this document. Style sheets in
 * it (the built-in layout writes one) are dropped before parsing: the page's policy
 * refuses inline styles, even in a parsed document that is never shown.
 */
function adoptSvg(text) {
  const unstyled = text.replace(/<style[\s>][\s\S]*?<\/style>/g, '');
  const markup = svgPolicy ? svgPolicy.createHTML(unstyled) : unstyled;
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (doc.getElementsByTagName('parsererror').length > 0 || root.localName !== 'svg') {
    throw new Error('the diagram is not an SVG document');
  }
  scrub(root);
  return document.adoptNode(root);
}

/** The parts of an id `KIND:PART:...` (percent-encoded), if it is of `kind` with `n` parts. */
function idParts(g, kind, n) {
  const parts = (g.id || '').split(':');
  return parts.length === n + 1 && parts[0] === kind ? parts.slice(1).map(decodeURIComponent) : null;
}

/** Each edge `edge:STYLE:FROM:TO` shows its pair's evidence; nodes give their labels. */
function wire(svg) {
  for (const g of svg.querySelectorAll('g.node')) {
    const [iri] = idParts(g, 'node', 1) || [];
    const text = g.querySelector('text');
    if (iri && text) learnLabel(iri, text.textContent);
  }
  for (const g of svg.querySelectorAll('g.edge')) {
    const [style, a, b] = idParts(g, 'edge', 3) || [];
    if (!a) continue;
    for (const path of g.querySelectorAll('path')) {
      const hit = path.cloneNode(false);
      hit.setAttribute('class', 'hit');
      path.after(hit);
    }
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `${style}: ${labelOf(a)} to ${labelOf(b)}; show the evidence`);
    onActivate(g, () => showEvidence(a, b, g));
  }
}

async function loadDiagram(analysis) {
  const box = $(`${analysis}-diagram`);
  const message = `${analysis}-diagram-message`;
  say(message, '');
  try {
    const { text, response } = await fetchText('/api/diagram', scope({ analysis, top: $('top').value || '30' }));
    const svg = adoptSvg(text);
    wire(svg);
    box.replaceChildren(svg);
    if (response.headers.get('X-Stancegraph-Engine') === 'layout-rs') {
      say(message, 'Drawn by the built-in layout (Graphviz is not installed on the server): ' +
        'its edges cannot be clicked; the tables below can.');
    }
  } catch (e) {
    box.replaceChildren();
    say(message, e.message);
  }
}

// ------------------------------------------------------------------ evidence

let selected = null;

function select(node) {
  if (selected) selected.classList.remove('selected');
  selected = node || null;
  if (selected) selected.classList.add('selected');
}

function statementCard(row) {
  const relation = cellText(row.relation);
  return el('article', { class: `statement ${relation.replace(/\s+/g, '-')}` },
    el('div', { class: 'head' },
      el('span', { class: 'date' }, cellText(row.date)),
      el('strong', { class: 'speaker' }, cellText(row.speaker)), ' ',
      el('span', { class: 'relation' }, relation), ' ',
      el('span', { class: 'target' }, cellText(row.target))),
    row.quote ? el('blockquote', { class: 'quote' }, row.quote) : el('p', { class: 'note' }, '(no quote)'),
    el('div', { class: 'source' }, cellText(row.source)),
    el('div', { class: 'iri' }, cellText(row.statement)));
}

async function showEvidence(a, b, node) {
  select(node);
  say('evidence-message', '');
  $('evidence-title').textContent = a === b ? `${labelOf(a)} about itself` : `${labelOf(a)} and ${labelOf(b)}`;
  say('evidence-note', 'Loading…');
  $('evidence').replaceChildren();
  try {
    const result = await getJSON('/api/explain', scope({ a, b }));
    learnLabels(result.rows);
    const s = result.summary;
    say('evidence-note', `${s.relations} accusation/endorsement statement(s) between them; ` +
      `${s.positions} position(s) on the ${s.shared_claims} claim(s) both took positions on`);
    $('evidence').replaceChildren(...result.rows.map(statementCard), ...notes(result));
  } catch (e) {
    say('evidence-note', '');
    say('evidence-message', e.message);
  }
  if (window.matchMedia('(max-width: 1000px)').matches) $('evidence-panel').scrollIntoView();
}

// ------------------------------------------------------------------ the whole page

async function loadAll() {
  const started = performance.now();
  $('apply').disabled = true;
  say('status', 'Loading…');
  select(null);
  await Promise.all([
    loadNumbers(),
    loadDiagram('blame'), loadDiagram('support'), loadDiagram('alignment'),
    loadRelations('blame'), loadRelations('support'), loadAlignment(), loadCohesion(), loadBlocs(),
  ]);
  $('apply').disabled = false;
  say('status', `Loaded in ${Math.round(performance.now() - started)} ms`);
  // For programs driving the page: how many times it finished loading.
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}

const CONTROLS = ['level', 'from', 'to', 'top'];

/** The controls from the page's address (?level=&from=&to=&top=). */
function controlsFromAddress() {
  const p = new URLSearchParams(window.location.search);
  for (const name of CONTROLS) {
    if (p.get(name)) $(name).value = p.get(name);
  }
}

/** The page's address from the controls, so that a reload or a link keeps them. */
function addressFromControls() {
  const p = scope({ top: $('top').value });
  for (const [name, unset] of [['level', 'organization'], ['top', '30']]) {
    if (p.get(name) === unset || !p.get(name)) p.delete(name);
  }
  const query = p.toString();
  window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
}

function setUpControls() {
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    addressFromControls();
    loadAll();
  });
  $('reset').addEventListener('click', () => {
    for (const [name, value] of [['level', 'organization'], ['from', ''], ['to', ''], ['top', '30']]) {
      $(name).value = value;
    }
    addressFromControls();
    loadAll();
  });
}

controlsFromAddress();
setUpControls();
setUpQuery();
loadAll();
