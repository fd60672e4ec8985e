"""Runs a query through SPARQLWrapper and prints the answer in the normal form of
normal_form.py.

Usage: sparqlwrapper_client.py ENDPOINT_URL QUERY_FILE [GET|POST|POSTDIRECTLY]

SPARQLWrapper sends the query in the URL (GET, the default), in a form (POST) or as the
body (POSTDIRECTLY, `application/sparql-query`), with its own `format`, `output` and
`results` parameters beside it, asking for SPARQL JSON results (SELECT, ASK) or
Turtle (CONSTRUCT, DESCRIBE), which rdflib parses. Its warnings (an answer in
another format than the one asked for, say) are errors here.
"""

import warnings

import rdflib
from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

import normal_form as nf


def json_term(binding):
    """A term of SPARQL JSON results in N-Triples."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return nf.iri(value)
    if kind == "bnode":
        return nf.bnode(value)
    if kind in ("literal", "typed-literal"):
        return nf.literal(value, binding.get("xml:lang"), binding.get("datatype"))
    raise ValueError("unknown term type %r" % kind)


def main():
    warnings.simplefilter("error")
    rdflib.NORMALIZE_LITERALS = False
    endpoint, query, method = nf.arguments("sparqlwrapper_client.py", ["GET", "POST", "POSTDIRECTLY"])
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod(GET if method == "GET" else POST)
    sparql.setRequestMethod(POSTDIRECTLY if method == "POSTDIRECTLY" else URLENCODED)
    sparql.setQuery(query)
    if sparql.queryType in ("CONSTRUCT", "DESCRIBE"):
        sparql.setReturnFormat(TURTLE)
        graph = rdflib.Graph().parse(data=sparql.queryAndConvert(), format="turtle")
        nf.emit(nf.graph_text(tuple(nf.rdflib_term(t) for t in triple) for triple in graph))
        return
    sparql.setReturnFormat(JSON)
    answer = sparql.queryAndConvert()
    if "boolean" in answer:
        nf.emit(nf.ask_text(answer["boolean"]))
        return
    variables = answer["head"]["vars"]
    rows = [
        [json_term(row[v]) if v in row else nf.UNDEF for v in variables]
        for row in answer["results"]["bindings"]
    ]
    nf.emit(nf.select_text(variables, rows))


if __name__ == "__main__":
    main()
