"""Runs a query through rdflib's SPARQLStore and prints the answer in the normal form of
normal_form.py.

Usage: rdflib_client.py ENDPOINT_URL QUERY_FILE [GET|POST|POST_FORM]

The store sends the query in the URL (GET, the default), as the body (POST,
`application/sparql-query`) or in a form (POST_FORM), with the PREFIX lines of rdflib's
own namespace bindings put in front of it (as it does for every query), asks for SPARQL
XML results or an RDF graph and parses the answer itself.
"""

import rdflib
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

import normal_form as nf


def main():
    rdflib.NORMALIZE_LITERALS = False
    endpoint, query, method = nf.arguments("rdflib_client.py", ["GET", "POST", "POST_FORM"])
    result = Graph(store=SPARQLStore(query_endpoint=endpoint, method=method)).query(query)
    if result.type == "ASK":
        nf.emit(nf.ask_text(result.askAnswer))
    elif result.type == "SELECT":
        variables = [str(v) for v in result.vars]
        rows = [[nf.rdflib_term(row[v]) for v in result.vars] for row in result]
        nf.emit(nf.select_text(variables, rows))
    else:
        nf.emit(nf.graph_text(tuple(nf.rdflib_term(t) for t in triple) for triple in result.graph))


if __name__ == "__main__":
    main()
