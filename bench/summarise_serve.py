#!/usr/bin/env python3
"""The serving benchmark's results (bench/serve): reads the load generator's JSON
summaries in the runs folder (DATA.SERVER.RUN.json) and writes a Markdown file with,
per data set, the throughput and the p50/p99 latency of stancegraph's and Oxigraph's
servers side by side, overall and per request kind, from the run of median throughput.
"""

import argparse
import glob
import json
import os
import re
import sys

SERVERS = ("stancegraph", "oxigraph")
DATA_SETS = {
    "inf": "INF case (data/inf-treaty, 937 triples with the ontology), mix tests/data/load/inf.json",
    "syn10k": "synthetic 10k statements (bench/gen_synthetic.py, seed 42: 82,102 triples and the ontology), "
    "mix tests/data/load/synthetic.json",
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--runs", required=True, help="bench/serve's runs folder")
    p.add_argument("--out", required=True, help="the Markdown file to write")
    return p.parse_args()


def read_info(path):
    info = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            key, _, value = line.rstrip("\n").partition("\t")
            info[key] = value
    return info


def runs_of(folder, data, server):
    """The summaries of DATA.SERVER.N.json, in run order."""
    found = []
    for path in glob.glob(os.path.join(folder, f"{data}.{server}.*.json")):
        m = re.search(r"\.(\d+)\.json$", path)
        if m:
            with open(path, encoding="utf-8") as f:
                found.append((int(m.group(1)), json.load(f)))
    return [s for _, s in sorted(found, key=lambda x: x[0])]


def median_run(runs):
    """The run of median throughput (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["throughput_rps"])
    return ordered[(len(ordered) - 1) // 2]


def num(x, spec=",.0f"):
    return "—" if x is None else format(x, spec)


def ratio(a, b):
    return "—" if not a or not b else f"{a / b:.2f}×"


def row(*cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def side_by_side(label, ours, theirs, with_ratio=True):
    o, t = ours or {}, theirs or {}
    ol, tl = o.get("latency_ms", {}), t.get("latency_ms", {})
    return row(
        label,
        num(o.get("throughput_rps")), num(ol.get("p50"), ".2f"), num(ol.get("p99"), ".2f"),
        num(t.get("throughput_rps")), num(tl.get("p50"), ".2f"), num(tl.get("p99"), ".2f"),
        ratio(o.get("throughput_rps"), t.get("throughput_rps")) if with_ratio else "",
    )


def data_section(folder, data, title):
    runs = {s: runs_of(folder, data, s) for s in SERVERS}
    if not all(runs.values()):
        return [f"## {title}", "", "(no runs)", ""]
    best = {s: median_run(r) for s, r in runs.items()}
    ours, theirs = best["stancegraph"], best["oxigraph"]
    lines = [f"## {title}", ""]
    lines.append(
        f"{ours['clients']} clients × {ours['requests_per_client']:,} requests; the run of median throughput "
        f"of {len(runs['stancegraph'])} (stancegraph) and {len(runs['oxigraph'])} (Oxigraph). Throughput of "
        "each run, req/s: stancegraph "
        + ", ".join(num(r["throughput_rps"]) for r in runs["stancegraph"])
        + "; Oxigraph "
        + ", ".join(num(r["throughput_rps"]) for r in runs["oxigraph"])
        + "."
    )
    lines += ["", "| requests | stancegraph req/s | p50 ms | p99 ms | Oxigraph req/s | p50 ms | p99 ms | ours / theirs |",
              "|---|--:|--:|--:|--:|--:|--:|--:|"]
    lines.append(side_by_side("**all**", ours, theirs))
    for kind in ours["kinds"]:
        lines.append(side_by_side(f"`{kind}`", ours["kinds"][kind], theirs["kinds"].get(kind), False))
    bad = {s: sum(r["unexpected"] for r in runs[s]) for s in SERVERS}
    lines += ["", "A kind's req/s is its share of the run's (the kinds come in the proportions of their weights); "
              "its latencies are its own."]
    lines += ["", f"Unexpected answers over all runs: stancegraph {bad['stancegraph']}, Oxigraph {bad['oxigraph']}."]
    for s in SERVERS:
        for r in runs[s]:
            for e in r["unexpected_examples"][:3]:
                lines.append(f"- {s}: `{e['kind']}` expected {e['expected']}, got {e['got']} ({e['why']}): "
                             f"`{e['body'][:120]!r}`")
    return lines + [""]


def main():
    args = parse_args()
    info = read_info(os.path.join(args.runs, "info.tsv"))
    lines = [
        "# Serving benchmark results",
        "",
        "Written by `bench/serve` (how to read it: bench/NOTES.md, *Serving*). Both servers hold the data in "
        "memory and get the same requests from `stancegraph-load` in the same invocation, alternating; "
        "latency is from the first byte sent to the last byte of the answer, on the client.",
        "",
        f"- {info.get('stancegraph_version', '?')} (commit {info.get('commit', '?')}); "
        f"{info.get('oxigraph_version', '?')} (`oxigraph serve`, in memory)",
        f"- {info.get('cores', '?')} cores: {info.get('cpu', '?')}; load average at start {info.get('loadavg_start', '?')}",
        f"- {info.get('started', '?')} → {info.get('finished', '?')}",
        "",
    ]
    for data, title in DATA_SETS.items():
        lines += data_section(args.runs, data, title)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    if not all(runs_of(args.runs, d, s) for d in DATA_SETS for s in SERVERS):
        sys.exit("summarise_serve.py: some runs are missing")


if __name__ == "__main__":
    main()
