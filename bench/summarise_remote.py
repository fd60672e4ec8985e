#!/usr/bin/env python3
"""Writes the results of bench/remote as Markdown: per size, each step on the embedded
store and through Oxigraph's server (wall time, peak memory, the server's CPU time and
the bytes it sent), and the Python reference's in-process SPARQL blame of the same run.

Usage: summarise_remote.py --bench-dir DIR --out FILE SIZE...
"""
import argparse
import csv
import json
import statistics
import sys
from pathlib import Path

STEPS = [("blame", "`blame`"), ("pairs", "`align pairs`"), ("blocs", "`align blocs`")]
GOAL_MEMORY_MB = 2048


def tsv(path):
    with open(path, newline="") as f:
        return [row for row in csv.reader(f, delimiter="\t") if row]


def timings(run):
    """(tool, step) -> list of (wall seconds, peak MB), successful runs only."""
    out = {}
    for tool, step, wall, rss, rc in tsv(run / "timings.tsv"):
        if rc == "0" and wall:
            out.setdefault((tool, step), []).append((float(wall), int(rss) / 1024))
    return out


def remote_cost(run):
    """step -> list of (server CPU seconds, bytes sent)."""
    out = {}
    for step, cpu, sent in tsv(run / "remote.tsv"):
        out.setdefault(step, []).append((float(cpu), int(sent)))
    return out


def median(values):
    return statistics.median(values) if values else None


def reference_blame(run):
    """The reference's blame seconds (its last JSON line), or None."""
    path = run / "pyoxigraph.all.out"
    if not path.exists():
        return None
    lines = [line for line in path.read_text().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]).get("seconds", {}).get("blame") if lines else None


def fmt(x, spec=".1f"):
    return "—" if x is None else format(x, spec)


def size_table(n, run):
    t, cost = timings(run), remote_cost(run)
    info = dict(tsv(run / "info.tsv"))
    ref = reference_blame(run)
    lines = [
        f"### {n:,} statements ({int(info.get('triples', 0)):,} triples)",
        "",
        f"Load average at start {info.get('loadavg_start', '?')}, at end {info.get('loadavg_end', '?')}; "
        f"{info.get('oxigraph', 'oxigraph')}, {info.get('stancegraph_version', '')} "
        f"(commit {info.get('git_commit', '?')}).",
        "",
        "| step | embedded s | embedded MB | remote s | remote MB | server CPU s | MB sent | remote / embedded |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    goals = []
    for key, label in STEPS:
        here = t.get(("sg", key), [])
        there = t.get(("sg-remote", key), [])
        e_s, e_mb = median([w for w, _ in here]), max([m for _, m in here], default=None)
        r_s, r_mb = median([w for w, _ in there]), max([m for _, m in there], default=None)
        c = cost.get(key, [])
        cpu, sent = median([x for x, _ in c]), median([b for _, b in c])
        ratio = r_s / e_s if r_s and e_s else None
        lines.append(
            f"| {label} | {fmt(e_s, '.2f')} | {fmt(e_mb, '.0f')} | {fmt(r_s)} | {fmt(r_mb, '.0f')} | "
            f"{fmt(cpu)} | {fmt(sent / 1e6 if sent is not None else None, '.1f')} | {fmt(ratio, '.0f')}× |"
        )
        if r_mb is not None:
            goals.append(f"`{key}` through the endpoint peaks at {r_mb:.0f} MB "
                         f"({'under' if r_mb < GOAL_MEMORY_MB else 'OVER'} 2 GB)")
    remote_blame = median([w for w, _ in t.get(("sg-remote", "blame"), [])])
    if ref is not None and remote_blame is not None:
        verdict = "met" if remote_blame <= ref else "not met"
        goals.insert(0, f"remote `blame` {remote_blame:.1f} s against the reference's in-process SPARQL "
                        f"blame {ref:.1f} s in the same run: goal {verdict}")
    elif ref is None:
        goals.insert(0, "the reference did not run (--no-reference)")
    lines += ["", *[f"- {g}" for g in goals], ""]
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench-dir", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("sizes", nargs="+", type=int)
    a = p.parse_args()
    lines = [
        "# Remote benchmark: `--endpoint` against Oxigraph's server",
        "",
        "Written by `bench/remote` (how to read it: bench/NOTES.md, \"Past one machine\"). Each step is a",
        "whole stancegraph process; *remote* reads the facts from `oxigraph serve-read-only` on loopback",
        "over the same data (Oxigraph's bulk loader, then `oxigraph optimize`), *embedded* from",
        "stancegraph's store and its facts file. *Server CPU* is the server process's user + system",
        "time during the step, *MB sent* the bytes that crossed loopback meanwhile (requests and",
        "answers). Every remote output is byte for byte the embedded one.",
        "",
    ]
    for n in a.sizes:
        run = a.bench_dir / "remote" / str(n)
        if not (run / "timings.tsv").exists():
            print(f"summarise_remote: no run at {run}", file=sys.stderr)
            return 1
        lines += size_table(n, run)
    a.out.write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
