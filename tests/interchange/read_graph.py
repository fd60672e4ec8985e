"""Reads a graph file of stancegraph's with another tool and prints what that tool
read, as JSON, for tests/suite/export_graph.rs to compare with the expected answers
and with stancegraph's CSV.

Usage: read_graph.py READER FILE [READER FILE ...] (one JSON list, one entry per
file, in order), READER one of
  networkx-graphml  networkx.read_graphml
  networkx-gexf     networkx.read_gexf(version="1.3")
  igraph-graphml    igraph.Graph.Read_GraphML

Each entry is {"directed": bool, "nodes": {IRI: {attribute: value}}, "edges": [{"source": id,
"target": id, attribute: value}]}: every attribute the tool gave, with GEXF's viz
colour as "viz_color": [r, g, b] and its spells as "spells": [[start, end], ...].
Values the tool filled in for attributes a node or edge does not have (igraph's NaN
for numbers) are left out.
"""

import json
import math
import sys


def clean(data):
    out = {}
    for key, value in data.items():
        if isinstance(value, float) and math.isnan(value):
            continue
        if key == "viz":
            colour = value.get("color", {})
            out["viz_color"] = [colour.get("r"), colour.get("g"), colour.get("b")]
            continue
        if key == "spells":
            value = [list(spell) for spell in value]
        out[key] = value
    return out


def from_networkx(graph):
    nodes = {str(n): clean(d) for n, d in graph.nodes(data=True)}
    edges = [dict(source=str(a), target=str(b), **clean(d)) for a, b, d in graph.edges(data=True)]
    return {"directed": graph.is_directed(), "nodes": nodes, "edges": edges}


def from_igraph(graph):
    ids = graph.vs["id"]
    nodes = {v["id"]: clean({k: v[k] for k in graph.vs.attributes() if k != "id"}) for v in graph.vs}
    edges = []
    for e in graph.es:
        data = clean({k: e[k] for k in graph.es.attributes()})
        edges.append(dict(source=ids[e.source], target=ids[e.target], **data))
    return {"directed": graph.is_directed(), "nodes": nodes, "edges": edges}


def by_iri(result):
    """GraphML's nodes are n0, n1...: keyed by their `iri` attribute instead, as GEXF's are."""
    iri = {n: d["iri"] for n, d in result["nodes"].items()}
    result["nodes"] = {iri[n]: d for n, d in result["nodes"].items()}
    for e in result["edges"]:
        e["source"], e["target"] = iri[e["source"]], iri[e["target"]]
    return result


def read(reader, path):
    if reader == "networkx-graphml":
        import networkx

        result = by_iri(from_networkx(networkx.read_graphml(path)))
    elif reader == "networkx-gexf":
        import networkx

        result = from_networkx(networkx.read_gexf(path, version="1.3"))
    elif reader == "igraph-graphml":
        import igraph

        result = by_iri(from_igraph(igraph.Graph.Read_GraphML(path)))
    else:
        sys.exit(f"unknown reader {reader}")
    return result


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    results = [read(args[i], args[i + 1]) for i in range(0, len(args), 2)]
    json.dump(results, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
