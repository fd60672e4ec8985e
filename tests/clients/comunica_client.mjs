// Runs a query through Comunica (@comunica/query-sparql) against the endpoint as a
// source of type `sparql` (what `sparql@URL` names on Comunica's command line) and prints the answer in the normal form that normal_form.py
// describes (the Python clients and tests/suite/serve_clients.rs write the same).
//
// Usage: node comunica_client.mjs ENDPOINT_URL QUERY_FILE
//
// Comunica plans the query itself and sends the endpoint the parts it can answer
// (SELECT queries with POST, asking for SPARQL JSON results), then puts the answer
// together: a test of the server's protocol and result format from a client that
// splits queries its own way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package is installed in js/node_modules beside this file (js/package.json), where
// an import from here would not look.
const { QueryEngine } = createRequire(new URL('js/package.json', import.meta.url))('@comunica/query-sparql');

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const SHORT = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** A string between double quotes, escaped as Oxigraph's N-Triples writer does. */
function quoted(text) {
  let out = '"';
  for (const c of text) {
    const code = c.codePointAt(0);
    if (SHORT[c] !== undefined) out += SHORT[c];
    else if (code < 0x20 || code === 0x7f || code === 0xfffe || code === 0xffff)
      out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

/** An RDF/JS term (undefined for unbound) in N-Triples. */
function term(t) {
  if (t === undefined) return 'UNDEF';
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      if (t.language) return `${quoted(t.value)}@${t.language.toLowerCase()}`;
      if (t.datatype && ![XSD_STRING, RDF_LANG_STRING].includes(t.datatype.value))
        return `${quoted(t.value)}^^<${t.datatype.value}>`;
      return quoted(t.value);
    default:
      throw new Error(`not an RDF term: ${t.termType}`);
  }
}

/** Lines sorted by their UTF-8 bytes (JavaScript's own order is by UTF-16 units). */
function sortedLines(lines) {
  return lines.map((l) => Buffer.from(l, 'utf8')).sort(Buffer.compare).map((b) => b.toString('utf8'));
}

async function answer(result) {
  if (result.resultType === 'boolean') return `${await result.execute()}\n`;
  const items = await (await result.execute()).toArray();
  if (result.resultType === 'quads') {
    const lines = new Set(items.map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)} .`));
    return sortedLines([...lines]).map((l) => `${l}\n`).join('');
  }
  const variables = (await result.metadata()).variables.map((v) => v.value);
  const rows = items.map((b) => variables.map((v) => term(b.get(v))).join('\t'));
  return [variables.map((v) => `?${v}`).join('\t'), ...sortedLines(rows)].map((l) => `${l}\n`).join('');
}

if (process.argv.length !== 4) {
  console.error('usage: node comunica_client.mjs ENDPOINT_URL QUERY_FILE');
  process.exit(2);
}
const [endpoint, file] = process.argv.slice(2);
const engine = new QueryEngine();
const result = await engine.query(readFileSync(file, 'utf8'), { sources: [{ type: 'sparql', value: endpoint }] });
process.stdout.write(await answer(result));
