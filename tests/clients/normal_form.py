"""The one normalized form in which every client prints a SPARQL answer.

tests/suite/serve_clients.rs writes the command line's answers in the same form and
compares the texts:

- SELECT: a header line with the variables in the order the answer gives them
  (``?a<TAB>?b``), then one line per row, its terms in N-Triples syntax separated by
  tabs (``UNDEF`` for an unbound variable), the lines sorted by their UTF-8 bytes and
  duplicates kept (a SELECT answer is a multiset);
- ASK: ``true`` or ``false``;
- CONSTRUCT/DESCRIBE: the triples as N-Triples lines, sorted, each once (a graph is a set).

Terms: ``<iri>``, ``_:label``, ``"text"``, ``"text"@lang`` (the tag in lower case) or
``"text"^^<datatype>``; an xsd:string literal is written without its datatype. A blank
node keeps the label its client gives it, which differs between clients, so the queries
compared leave blank nodes out of their answers. A string escapes what Oxigraph's
N-Triples writer escapes: the seven characters with a short escape (backspace, tab, line
feed, form feed, carriage return, quote and backslash) and, as \\uXXXX, the other
control characters, DEL, U+FFFE and U+FFFF.
"""

import sys

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
UNDEF = "UNDEF"

_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def quoted(text):
    """A string between double quotes, escaped as N-Triples writes it."""
    out = []
    for c in text:
        if c in _SHORT:
            out.append(_SHORT[c])
        elif ord(c) < 0x20 or c in "\x7f\ufffe\uffff":
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def iri(value):
    return "<" + value + ">"


def bnode(label):
    return "_:" + label


def literal(value, language=None, datatype=None):
    if language:
        return quoted(value) + "@" + language.lower()
    if datatype and datatype not in (XSD_STRING, RDF_LANG_STRING):
        return quoted(value) + "^^" + iri(datatype)
    return quoted(value)


def rdflib_term(term):
    """An rdflib term (URIRef, BNode, Literal or None for unbound) in N-Triples."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return UNDEF
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, BNode):
        return bnode(str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return literal(str(term), term.language, datatype)
    raise ValueError("not an RDF term: %r" % (term,))


def select_text(variables, rows):
    """The normal form of a SELECT answer: variable names and rows of N-Triples terms."""
    lines = sorted(("\t".join(row) for row in rows), key=lambda line: line.encode("utf-8"))
    return "\n".join(["\t".join("?" + v for v in variables)] + lines) + "\n"


def ask_text(value):
    return ("true" if value else "false") + "\n"


def graph_text(triples):
    """The normal form of a graph: (subject, predicate, object) N-Triples terms."""
    lines = {"%s %s %s ." % t for t in triples}
    return "".join(line + "\n" for line in sorted(lines, key=lambda line: line.encode("utf-8")))


def arguments(client, methods):
    """The endpoint URL, the query text and the way to send it (the first of methods
    unless the command line names another) from the command line."""
    usage = "usage: %s ENDPOINT_URL QUERY_FILE [%s]" % (client, "|".join(methods))
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in methods):
        sys.exit(usage)
    with open(sys.argv[2], encoding="utf-8") as f:
        return sys.argv[1], f.read(), sys.argv[3] if len(sys.argv) == 4 else methods[0]


def emit(text):
    sys.stdout.buffer.write(text.encode("utf-8"))
