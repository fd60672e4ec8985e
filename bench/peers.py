#!/usr/bin/env python3
"""The community step of open-source peers on stancegraph's agreement graph.

Reads the signed agreement graph once, from the CSV of `stancegraph align pairs --format
csv` (columns `actor A iri`, `actor B iri`, `agreement`; a file, or `-` for standard
input so that no CSV need be kept on disk), keeps its positive part (weight = agreement,
as the reference's networkx Louvain and `stancegraph align blocs --signs agreement` do),
and builds each peer's graph from the same edge arrays. Building is not timed. Then, for
each peer, times its community step alone (`--repeat` runs, the median shown):

  igraph-multilevel  python-igraph Graph.community_multilevel(weights)      (Louvain)
  igraph-leiden      python-igraph Graph.community_leiden(objective_function="modularity",
                     weights, n_iterations=-1)                               (Leiden, to
                     convergence)
  leidenalg          leidenalg.find_partition(ModularityVertexPartition, weights, seed)
  networkit-plm      networkit.community.PLM(G, refine=False).run()  (parallel Louvain,
                     all cores)

Every partition, and stancegraph's own (`--ours blocs.json`, the `--format json` output
of `align blocs`: actors of blocs of two or more, the rest alone), is scored with the
same two formulas: the adjusted Rand index (Hubert & Arabie 1985) against the
generator's truth file (over the truth's organisations; one not in the graph counts as a
community of its own, as in the reference), and Newman's modularity of the positive
weighted graph, Q = sum_C [in_C / m - (tot_C / 2m)^2] (in_C: weight inside C; tot_C: the
weighted degrees in C; m: total weight).

Writes a TSV (--out): peer, version, seconds (median wall-clock), runs (all seconds,
comma-separated), cpu_seconds (median user + system time of the process over the step,
all threads: a busy machine inflates it less than wall time), communities, ari,
modularity, nodes, edges; bench/summarise.py reads it.

Usage: peers.py --pairs pairs.csv|- --truth syn-N.truth.tsv [--ours blocs.json]
                [--repeat 3] [--threads 2] [--only PEER,...] --out peers.tsv
"""
import argparse
import csv
import json
import statistics
import sys
import time
from array import array
from collections import Counter

PEERS = ("igraph-multilevel", "igraph-leiden", "leidenalg", "networkit-plm")


def read_graph(path):
    """The positive part of the agreement graph: node IRIs, and edge arrays (src, dst, w)."""
    stream = sys.stdin if path == "-" else open(path, newline="", encoding="utf-8")
    csv.field_size_limit(1 << 24)
    rows = csv.reader(stream)
    header = next(rows)
    ia, ib, iw = (header.index(c) for c in ("actor A iri", "actor B iri", "agreement"))
    ids, names = {}, []
    src, dst, weight = array("i"), array("i"), array("d")

    def node(iri):
        i = ids.get(iri)
        if i is None:
            i = ids[iri] = len(names)
            names.append(iri)
        return i

    for row in rows:
        w = float(row[iw])
        if w > 0:
            src.append(node(row[ia]))
            dst.append(node(row[ib]))
            weight.append(w)
    if stream is not sys.stdin:
        stream.close()
    return names, src, dst, weight


def adjusted_rand_index(labels_true, labels_pred):
    """ARI of two labelings of the same items, from the contingency table."""
    def comb2(x):
        return x * (x - 1) / 2

    n = len(labels_true)
    index = sum(comb2(c) for c in Counter(zip(labels_true, labels_pred)).values())
    sum_rows = sum(comb2(c) for c in Counter(labels_true).values())
    sum_cols = sum(comb2(c) for c in Counter(labels_pred).values())
    expected = sum_rows * sum_cols / comb2(n) if n > 1 else 0.0
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def modularity(membership, src, dst, weight):
    """Newman's modularity of the weighted undirected graph (each edge listed once)."""
    import numpy as np

    m = np.asarray(membership, dtype=np.int64)
    s, d = np.frombuffer(src, dtype=np.int32), np.frombuffer(dst, dtype=np.int32)
    w = np.frombuffer(weight, dtype=np.float64)
    total = w.sum()
    if total == 0:
        return 0.0
    k = max(int(m.max()) + 1, 1)
    inside = np.bincount(m[s][m[s] == m[d]], weights=w[m[s] == m[d]], minlength=k)
    degree = np.bincount(s, weights=w, minlength=len(m)) + np.bincount(d, weights=w, minlength=len(m))
    tot = np.bincount(m, weights=degree, minlength=k)
    return float((inside / total - (tot / (2 * total)) ** 2).sum())


def read_truth(path):
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                org, bloc = line.rstrip("\n").split("\t")
                truth[org] = bloc
    return truth


def score(names, membership, truth, graph):
    """communities, ARI against the truth, modularity on the positive graph."""
    found = dict(zip(names, membership))
    orgs = sorted(truth)
    predicted = [found.get(o, f"singleton:{o}") for o in orgs]
    ari = adjusted_rand_index([truth[o] for o in orgs], predicted)
    return len(set(membership)), ari, modularity(membership, *graph)


def ours(path, names):
    """stancegraph's partition from `align blocs --format json`, on the graph's nodes."""
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    bloc = {r["actor iri"]: r["bloc"] for r in rows}
    alone = max(bloc.values(), default=0) + 1
    membership = []
    for i, iri in enumerate(names):
        membership.append(bloc.get(iri, alone + i))
    # Renumber densely for the modularity's bincount.
    dense = {}
    return [dense.setdefault(c, len(dense)) for c in membership]


def builders(n, src, dst, weight, threads):
    """Per peer: (version, build() -> graph, run(graph) -> membership)."""
    out = {}
    try:
        import igraph as ig

        def build_igraph():
            g = ig.Graph(n=n, edges=list(zip(src, dst)), directed=False)
            g.es["weight"] = list(weight)
            return g

        out["igraph-multilevel"] = (ig.__version__, build_igraph,
                                    lambda g: g.community_multilevel(weights="weight").membership)
        out["igraph-leiden"] = (ig.__version__, build_igraph, lambda g: g.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=-1).membership)
        try:
            import leidenalg as la

            out["leidenalg"] = (la.__version__, build_igraph, lambda g: la.find_partition(
                g, la.ModularityVertexPartition, weights="weight", seed=42).membership)
        except ImportError as e:
            print(f"peers.py: leidenalg not available: {e}", file=sys.stderr)
    except ImportError as e:
        print(f"peers.py: igraph not available: {e}", file=sys.stderr)
    try:
        import networkit as nk
        import numpy as np

        nk.setNumberOfThreads(threads)
        nk.engineering.setSeed(42, True)

        def build_networkit():
            g = nk.Graph(n, weighted=True, directed=False)
            g.addEdges((np.frombuffer(weight, dtype=np.float64),
                        # networkit reads the indices as uint64 (int32 arrays crash it)
                        (np.frombuffer(src, dtype=np.int32).astype(np.uint64),
                         np.frombuffer(dst, dtype=np.int32).astype(np.uint64))))
            return g

        def plm(g):
            algo = nk.community.PLM(g, refine=False, gamma=1.0)
            algo.run()
            return algo.getPartition().getVector()

        out["networkit-plm"] = (nk.__version__, build_networkit, plm)
    except ImportError as e:
        print(f"peers.py: networkit not available: {e}", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", required=True, help="align pairs CSV, or - for stdin")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--ours", help="align blocs --format json output to score the same way")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2, help="networkit's threads")
    ap.add_argument("--only", help="comma-separated peers (default: all of %s)" % ",".join(PEERS))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    t = time.perf_counter()
    names, src, dst, weight = read_graph(args.pairs)
    graph = (src, dst, weight)
    print(f"peers.py: {len(names)} nodes, {len(src)} positive edges read in "
          f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
    truth = read_truth(args.truth)
    rows = []
    if args.ours:
        c, ari, q = score(names, ours(args.ours, names), truth, graph)
        rows.append(("stancegraph", "", "", "", "", c, ari, q))
    wanted = args.only.split(",") if args.only else PEERS
    for peer, (version, build, run) in builders(len(names), src, dst, weight, args.threads).items():
        if peer not in wanted:
            continue
        g = build()
        times, cpus, membership = [], [], None
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            membership = run(g)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        del g
        c, ari, q = score(names, list(membership), truth, graph)
        median = statistics.median(times)
        cpu = statistics.median(cpus)
        print(f"peers.py: {peer} {version}: {median:.3f} s (median of {len(times)}; CPU {cpu:.3f} s), "
              f"{c} communities, ARI {ari:.4f}, Q {q:.6f}", file=sys.stderr)
        rows.append((peer, version, f"{median:.4f}", ",".join(f"{x:.4f}" for x in times), f"{cpu:.4f}", c, ari, q))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("peer\tversion\tseconds\truns\tcpu_seconds\tcommunities\tari\tmodularity\tnodes\tedges\n")
        for peer, version, median, runs, cpu, c, ari, q in rows:
            f.write(f"{peer}\t{version}\t{median}\t{runs}\t{cpu}\t{c}\t{ari:.6f}\t{q:.6f}\t{len(names)}\t{len(src)}\n")


if __name__ == "__main__":
    main()
