// The query box: example queries (from /api/examples), a query sent to /sparql, its
// results as a table (SELECT), a truth value (ASK) or triples (CONSTRUCT, DESCRIBE),
// and downloads of the same query in the W3C formats, fetched with the right Accept
// and saved from a Blob.

import { $, el, say, table } from './dom.js';

/** What the page asks /sparql for to show a result: solutions as JSON, graphs as N-Triples. */
const SHOW = 'application/sparql-results+json, application/n-triples;q=0.9';

/** The downloads of each kind of result: button, media type, file extension. */
const DOWNLOADS = {
  results: [
    ['JSON', 'application/sparql-results+json', 'srj'],
    ['XML', 'application/sparql-results+xml', 'srx'],
    ['CSV', 'text/csv', 'csv'],
    ['TSV', 'text/tab-separated-values', 'tsv'],
  ],
  graph: [
    ['Turtle', 'text/turtle', 'ttl'],
    ['N-Triples', 'application/n-triples', 'nt'],
  ],
};

/** Prefixes every query may use, from the server: names IRIs shortly in results. */
let prefixes = [];

/** The query last run, which the downloads fetch again. */
let lastQuery = null;

/** Where a download's Blob lives until the next one. */
let lastBlobUrl = null;

function compact(iri) {
  for (const [prefix, ns] of prefixes) {
    if (iri.startsWith(ns) && /^[A-Za-z0-9_.-]*$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return `<${iri}>`;
}

/** A term of the SPARQL JSON results as text. */
function termText(term) {
  if (!term) return '';
  switch (term.type) {
    case 'uri': return compact(term.value);
    case 'bnode': return `_:${term.value}`;
    case 'triple': return `<< ${termText(term.value.subject)} ${termText(term.value.predicate)} ${termText(term.value.object)} >>`;
    default: return term.value;
  }
}

const ESCAPES = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescape(text) {
  return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g,
    (_, u4, u8, c) => (u4 || u8 ? String.fromCodePoint(parseInt(u4 || u8, 16)) : ESCAPES[c] ?? c));
}

const TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?)/y;

/** The triples of N-Triples text, each as { subject, predicate, object } text. */
function parseNTriples(text) {
  const triples = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const terms = [];
    TERM.lastIndex = 0;
    while (terms.length < 3) {
      const m = TERM.exec(line);
      if (!m) throw new Error(`cannot read the triple ${JSON.stringify(line)}`);
      terms.push(m[1] !== undefined ? compact(m[1]) : m[2] !== undefined ? `_:${m[2]}` : unescape(m[3]));
    }
    triples.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
  }
  return triples;
}

/** POSTs `query` to /sparql asking for `accept`; an error carries the server's message. */
async function post(query, accept) {
  const response = await fetch('/sparql', {
    method: 'POST',
    headers: { Accept: accept },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error((await response.text()).trim() || `${response.status} ${response.statusText}`);
  return response;
}

function showResults(json) {
  if (typeof json.boolean === 'boolean') {
    return [el('p', { class: 'boolean' }, String(json.boolean))];
  }
  const vars = json.head.vars;
  const rows = json.results.bindings.map((b) => Object.fromEntries(vars.map((v) => [v, termText(b[v])])));
  return [el('p', { class: 'note' }, `${rows.length} row(s)`), table(rows, { empty: 'no rows' })];
}

function showGraph(text) {
  const triples = parseNTriples(text);
  return [el('p', { class: 'note' }, `${triples.length} triple(s)`), table(triples, { empty: 'no triples' })];
}

async function run(query) {
  say('query-message', '');
  $('run').disabled = true;
  try {
    const response = await post(query, SHOW);
    const type = (response.headers.get('Content-Type') || '').split(';')[0].trim();
    const graph = type === 'application/n-triples';
    const shown = graph ? showGraph(await response.text()) : showResults(await response.json());
    $('query-result').replaceChildren(...shown);
    lastQuery = query;
    offerDownloads(graph ? 'graph' : 'results');
  } catch (e) {
    $('query-result').replaceChildren();
    $('downloads').replaceChildren();
    say('query-message', e.message);
  } finally {
    $('run').disabled = false;
  }
}

function offerDownloads(kind) {
  $('download-link').hidden = true;
  const buttons = DOWNLOADS[kind].map(([name, type, extension]) => {
    const button = el('button', { type: 'button', 'data-format': extension }, name);
    button.addEventListener('click', () => download(type, extension));
    return button;
  });
  $('downloads').replaceChildren('Download: ', ...buttons);
}

function size(bytes) {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} kB`;
}

async function download(type, extension) {
  say('query-message', '');
  try {
    const blob = await (await post(lastQuery, type)).blob();
    if (lastBlobUrl) URL.revokeObjectURL(lastBlobUrl);
    lastBlobUrl = URL.createObjectURL(blob);
    const link = $('download-link');
    link.href = lastBlobUrl;
    link.download = `results.${extension}`;
    link.textContent = `results.${extension} (${size(blob.size)})`;
    link.hidden = false;
    link.click();
  } catch (e) {
    say('query-message', e.message);
  }
}

async function loadExamples() {
  try {
    const response = await fetch('/api/examples');
    if (!response.ok) throw new Error((await response.text()).trim());
    const { examples, prefixes: known } = await response.json();
    prefixes = Object.entries(known).sort((a, b) => b[1].length - a[1].length);
    const select = $('example');
    for (const example of examples) select.append(el('option', { value: example.name }, example.title));
    select.addEventListener('change', () => {
      const chosen = examples.find((x) => x.name === select.value);
      if (chosen) $('query').value = chosen.query;
    });
  } catch (e) {
    say('query-message', `The example queries could not be loaded: ${e.message}`);
  }
}

/** Wires the query box. */
export function setUpQuery() {
  $('query-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const query = $('query').value.trim();
    if (query) run(query);
  });
  $('query').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      $('query-form').requestSubmit();
    }
  });
  loadExamples();
}
