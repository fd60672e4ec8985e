#!/usr/bin/env python3
"""Write the benchmark's results from the runs bench/run left in BENCH_DIR/runs/SIZE/.

  summarise.py results --bench-dir DIR --out FILE [--smoke] [--strict] SIZE...
  summarise.py headline --bench-dir DIR --results FILE --readme FILE [--readme FILE]... SIZE...

`results` writes the Markdown results file from each run's timings.tsv and info.tsv,
stancegraph's outputs (CSV read by header name; the "summary" object of the --format
json outputs) and the last JSON line of each reference run. An answer missing from an
output is named on stderr; with --strict that is an error (exit 1, after writing).
`headline` rewrites the block between <!-- headline:start --> and <!-- headline:end -->
of each README with the step table of the largest size and the count of goals met.
How to read the results: bench/README.md. Standard library only (the system python3).
"""
import argparse
import csv
import json
import os
import statistics
import sys
import time
from functools import partial

csv.field_size_limit(1 << 30)

# The reference's answers at 1M statements, seed 42 (baseline_python.py with pyoxigraph),
# recorded so that a 1M run is checked against them even when the reference is skipped.
RECORDED_1M = {
    "blame_pairs": 250384, "blame_accusations": 250460, "stance_cells": 598392,
    "edges": 17133037, "edges_positive": 9797116, "edges_negative": 6997671,
    "balanced_share": 0.648787,
}
RECORDED_1M_ARI = 0.971  # the reference Louvain's ARI at 1M, recorded to 3 decimals (shown)

# Our steps in table order: (key, command shown, the reference step it is compared with).
SG_STEPS = [
    ("load", "`load` (fresh store)", "load"),
    ("blame", "`blame`", "blame"),
    ("pairs", "`align pairs`", "project"),
    ("cohesion", "`align cohesion`", None),
    ("cohesion-series", "`align cohesion --window 92d` (20 windows)", None),
    ("blocs", "`align blocs --truth`", "blocs"),
    ("blocs-agreement", "`align blocs --signs agreement --truth` (the peers' graph)", "blocs"),
    ("balance", "`align balance` (default: combined signs)", "balance"),
    ("balance-agreement", "`align balance --signs agreement`", "balance"),
    ("balance-exact", "`align balance --signs agreement --exact`", "balance"),
    ("report", "`report -o`", None),
]
LABEL = {key: label for key, label, _ in SG_STEPS}
REF_STEP_NAMES = {
    "load": "load (bulk_load to disk)",
    "blame": "blame (SPARQL)",
    "project": "project (stance SPARQL + pairs + networkx graph)",
    "blocs": "blocs (networkx Louvain + ARI)",
    "balance": "balance (exact, agreement signs)",
}
ANALYSIS = ["blame", "pairs", "cohesion", "blocs", "balance"]  # summed as "analysis total"
REF_ANALYSIS = ["blame", "project", "blocs", "balance"]
ON_REQUEST = {"balance-exact"}  # superlinear on this data, run on request: no growth goal
MEMORY_LIMIT_MB, GROWTH_LIMIT, STEP_SPEEDUP, TOTAL_SPEEDUP = 2048, 12, 10, 20
EXACT = 1e-6  # tolerance on a balanced share (printed to 6 decimals)

# What is read from the "summary" object of each --format json output: field -> answer key.
BLOCS_FIELDS = {"adjusted_rand_index": "ari", "communities": "communities"}
BALANCE_FIELDS = {"balanced_share": "balanced_share", "standard_error": "balance_se",
                  "method": "balance_method", "edges": "signed_edges", "triangles": "triangles"}
MAY_BE_NULL = {"standard_error"}  # null when the share is exact
MISSING = []  # "file: what", every answer not found (reported on stderr)


# Reading a run

def note_missing(path, what):
    MISSING.append(f"{path}: {what}")


def read_info(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def read_timings(path):
    """{(tool, step): {"s", "mb", "rc"}}: of a step run several times (--repeat), the
    median time, the largest peak memory and the first non-zero exit code."""
    runs = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for parts in (line.rstrip("\n").split("\t") for line in f):
                if len(parts) >= 5:
                    runs.setdefault(tuple(parts[:2]), []).append(parts[2:5])
    return {key: summarise_runs(rows) for key, rows in runs.items()}


def summarise_runs(rows):
    walls = [float(w) for w, _, _ in rows if w]
    mbs = [int(r) / 1024 for _, r, _ in rows if r]
    rcs = [int(c) for _, _, c in rows if c]
    return {"s": statistics.median(walls) if walls else None, "mb": max(mbs) if mbs else None,
            "rc": next((c for c in rcs if c), rcs[0] if rcs else None)}


def last_json_line(path):
    """The reference's results: the last line of its output that is a JSON object."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [line for line in f if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {}
    except (OSError, ValueError):
        return {}


def csv_columns(path, *names):
    """Tuples of the named columns of a CSV file, looked up by header name (a name may be a
    tuple of alternatives, the first in the header taken); None when the file or a
    column is missing (noted)."""
    if not os.path.exists(path):
        return note_missing(path, "no such file")
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), [])
    picked = [next((n for n in alts if n in header), None) for alts in
              ((n,) if isinstance(n, str) else n for n in names)]
    if None in picked:
        return note_missing(path, "no column " + ", ".join(
            str(n) for n, p in zip(names, picked) if p is None))
    return column_rows(path, [header.index(p) for p in picked])


def column_rows(path, idx):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader, None)
        for row in reader:
            yield tuple(row[i] for i in idx)


def blame_answers(path):
    """Direct accusations per ordered pair from `blame --format csv` (endorsed blame,
    which the reference does not count, is left out)."""
    rows = csv_columns(path, ("from iri", "from"), ("to iri", "to"), "direct")
    if rows is None:
        return {}
    pairs = {(a, b): int(d) for a, b, d in rows if d and int(d) > 0}
    return {"blame_pairs": len(pairs), "blame_accusations": sum(pairs.values()),
            "blame_mutual_pairs": sum(1 for a, b in pairs if a < b and (b, a) in pairs)}


def pairs_answers(path):
    """Agreement edges by sign from `align pairs --format csv`, or from the counts of it
    that bench/count_pairs.py kept instead of a CSV too big to keep (pairs.counts.tsv)."""
    counts = os.path.join(os.path.dirname(path), "pairs.counts.tsv")
    if not os.path.exists(path) and os.path.exists(counts):
        with open(counts, encoding="utf-8") as f:
            kv = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
        return {k: int(kv[k]) for k in ("edges", "edges_zero", "edges_positive", "edges_negative") if k in kv}
    rows = csv_columns(path, "agreement")
    if rows is None:
        return {}
    signs = [0, 0, 0]  # zero, positive, negative
    for (a,) in rows:
        v = float(a)
        signs[(v > 0) + 2 * (v < 0)] += 1
    return {"edges": sum(signs), "edges_zero": signs[0], "edges_positive": signs[1],
            "edges_negative": signs[2]}


def cohesion_answers(path):
    """Stance cells from `align cohesion --format csv`: supports + opposes over the rows.
    Every synthetic organisation is in exactly one bloc, so that sums every (organisation,
    claim) cell with a stance."""
    rows = csv_columns(path, "supports", "opposes")
    if rows is None:
        return {}
    return {"stance_cells": sum(int(float(s)) + int(float(o)) for s, o in rows if s and o)}


def json_summary(path):
    """The "summary" object of an analysis's --format json output, or None (noted)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return note_missing(path, f"no JSON ({e})")
    if not isinstance(doc, dict) or not isinstance(doc.get("summary"), dict):
        return note_missing(path, 'no "summary" object (expected {"summary": {...}, "rows": [...]})')
    return doc["summary"]


def summary_answers(path, fields):
    """The answers named by FIELDS (summary field -> answer key); absent ones noted."""
    s = json_summary(path)
    if s is None:
        return {}
    lacking = [k for k in fields if s.get(k) is None and not (k in MAY_BE_NULL and k in s)]
    if lacking:
        note_missing(path, "no value for summary." + ", summary.".join(lacking))
    return {key: s[k] for k, key in fields.items() if s.get(k) is not None}


def load_run(bench_dir, n):
    d = os.path.join(bench_dir, "runs", str(n))
    if not os.path.isdir(d):
        return None
    out = partial(os.path.join, d, "out")
    ans = {**blame_answers(out("blame.csv")), **pairs_answers(out("pairs.csv")),
           **cohesion_answers(out("cohesion.csv")), **summary_answers(out("blocs.json"), BLOCS_FIELDS)}
    for key in ("balance", "balance-agreement", "balance-exact"):
        ans[key] = summary_answers(out(key + ".json"), BALANCE_FIELDS)
    ref = {k: last_json_line(os.path.join(d, f)) for k, f in (
        ("pyoxigraph", "pyoxigraph.all.out"), ("rdflib", "rdflib.all.out"), ("bulk", "oxigraph-bulk.load.out"))}
    return {"n": n, "info": read_info(os.path.join(d, "info.tsv")),
            "t": read_timings(os.path.join(d, "timings.tsv")), "ref": ref, "ans": ans,
            "peers": read_peers(os.path.join(d, "peers.tsv")),
            "phases": read_phases(os.path.join(d, "blocs-agreement.timings")),
            "ans_agreement": summary_answers(out("blocs-agreement.json"), BLOCS_FIELDS)
            if os.path.exists(out("blocs-agreement.json")) else {}}


def read_peers(path):
    """bench/peers.py's rows: {peer: {"version", "s", "communities", "ari", "modularity"}}."""
    if not os.path.exists(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    num = lambda v: float(v) if v not in ("", None) else None  # noqa: E731
    return {r["peer"]: {"version": r["version"], "s": num(r["seconds"]), "cpu": num(r.get("cpu_seconds")),
                        "communities": int(r["communities"]),
                        "ari": num(r["ari"]), "modularity": num(r["modularity"]), "edges": int(r["edges"])}
            for r in rows}


def read_phases(path):
    """The median seconds of each phase of `--timings` lines (timing<TAB>PHASE<TAB>S),
    over the repeated runs appended to one file."""
    if not os.path.exists(path):
        return {}
    seen = {}
    with open(path, encoding="utf-8") as f:
        for parts in (line.rstrip("\n").split("\t") for line in f):
            if len(parts) >= 3 and parts[0] == "timing":
                seen.setdefault(parts[1], []).append(float(parts[2]))
                if len(parts) >= 4 and parts[3]:
                    seen.setdefault(parts[1] + " (cpu)", []).append(float(parts[3]))
    # A phase run twice in one process (local moving per level) is summed per run: the
    # runs are the repeats of the whole command, as many as `total` lines.
    runs = len(seen.get("total", [])) or 1
    def per_run(v):
        if len(v) % runs:
            return statistics.median(v)
        per = len(v) // runs
        return statistics.median(sum(v[i * per:(i + 1) * per]) for i in range(runs))
    return {k: per_run(v) for k, v in seen.items()}


# Figures and their formatting

def fs(x):
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def fnum(x):
    """A count or a size in MB: 1,234."""
    return "—" if x is None else f"{x:,.0f}"


def fratio(x):
    if x is None:
        return "—"
    return f"{x:.2f}×" if x < 1 else (f"{x:.1f}×" if x < 100 else f"{x:.0f}×")


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


def ratio(a, b):
    return None if a is None or b is None or b <= 0 else a / b


def size_label(n):
    return f"{n // 10**6}M" if n % 10**6 == 0 else (f"{n // 1000}k" if n % 1000 == 0 else str(n))


def sg_time(run, key):
    """(seconds, peak MB, status) of one of our steps; status "ok" when it exited 0."""
    t = run["t"].get(("sg", key))
    if not t:
        return None, None, "not run"
    if t["rc"] in (124, 137):
        return t["s"], t["mb"], "time limit"
    if t["rc"]:
        return t["s"], t["mb"], f"failed (exit {t['rc']}{', memory cap?' if t['rc'] == 134 else ''})"
    return t["s"], t["mb"], "ok"


def sg_ok_seconds(run, key):
    s, _, status = sg_time(run, key)
    return s if status == "ok" else None


def ref_step(ref, step):
    return (ref.get("seconds") or {}).get(step), ref.get(f"peak_rss_mb_after_{step}")


def analysis_total(run):
    secs = [sg_ok_seconds(run, k) for k in ANALYSIS]
    return None if None in secs else sum(secs)


def ref_analysis_total(ref):
    secs = ref.get("seconds") or {}
    return sum(secs[k] for k in REF_ANALYSIS) if all(k in secs for k in REF_ANALYSIS) else None


def triples(run):
    return int(run["info"]["triples"]) if run["info"].get("triples") else None


def sg_triples_per_s(run):
    return ratio(triples(run), sg_ok_seconds(run, "load"))


def same(a, b, tol=0.0):
    return None if a is None or b is None else abs(a - b) <= tol


def mark(ok):
    return "" if ok is None else (" ✓" if ok else " ✗")


# Tables

def row(*cells):
    """A Markdown table row."""
    return "|" + "|".join(f" {c} " if str(c) else " " for c in cells) + "|"


def step_table(run):
    """Time, peak memory and speed-up per step against the reference's engines."""
    ox, rd = run["ref"]["pyoxigraph"], run["ref"]["rdflib"]
    lines = [row("stancegraph step", "s", "peak MB", "reference step", "pyoxigraph s", "peak MB¹", "speed-up",
                 "rdflib s", "peak MB¹", "speed-up"), "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|"]
    for key, label, refkey in SG_STEPS:
        s, mb, status = sg_time(run, key)
        ours = [label, fs(s) if status == "ok" else f"{fs(s)} ({status})", fnum(mb)]
        if not refkey:
            lines.append(row(*ours, "(none)", *["—"] * 6))
            continue
        refs = [(fs(rs), fnum(rmb), fratio(ratio(rs, s if status == "ok" else None)))
                for rs, rmb in (ref_step(r, refkey) for r in (ox, rd))]
        lines.append(row(*ours, REF_STEP_NAMES[refkey], *refs[0], *refs[1]))
    lines.append(total_row(run, ox, rd))
    return lines + (whole_reference_rows(run, ox, rd) if ox or rd else [])


def total_row(run, ox, rd):
    ours = analysis_total(run)
    peaks = [t["mb"] or 0 for (tool, k), t in run["t"].items() if tool == "sg" and k in ANALYSIS]
    refs = [(f"**{fs(ref_analysis_total(r))}**", fnum(r.get("peak_rss_mb")),
             f"**{fratio(ratio(ref_analysis_total(r), ours))}**") for r in (ox, rd)]
    return row("**analysis total** (blame + pairs + cohesion + blocs + balance)", f"**{fs(ours)}**",
               fnum(max(peaks) if peaks else None), "**blame + project + blocs + balance**", *refs[0], *refs[1])


def whole_reference_rows(run, ox, rd):
    """What the reference's per-step figures leave out: start-up, and the whole process."""
    tox, trd = (run["t"].get((tool, "all")) or {} for tool in ("pyoxigraph", "rdflib"))
    return [row("(each of ours is a whole process)", "", "", "reference start-up: interpreter, imports, store open",
                fs(ref_step(ox, "import")[0]), "", "", fs(ref_step(rd, "import")[0]), "", ""),
            row("", "", "", "whole reference process (`/usr/bin/time`)", fs(tox.get("s")), fnum(tox.get("mb")), "",
                fs(trd.get("s")), fnum(trd.get("mb")), "")]


def mb_on_disk(run, key):
    v = run["info"].get(key)
    return f"{fnum(int(v) / 2**20)} MB" if v else "—"


def load_table(run):
    ox, rd, bulk = (run["ref"][k] for k in ("pyoxigraph", "rdflib", "bulk"))
    s, mb, status = sg_time(run, "load")
    lines = [row("loader", "wall s", "triples/s", "peak MB", "store on disk"), "|---|--:|--:|--:|--:|",
             row("stancegraph `load` (whole process: start, bulk load, ontology)",
                 fs(s) + ("" if status == "ok" else f" ({status})"), fnum(sg_triples_per_s(run)), fnum(mb),
                 mb_on_disk(run, "store_bytes"))]
    whole = run["t"].get(("oxigraph-bulk", "load"))
    if bulk:
        lines.append(row("Oxigraph bulk loader (pyoxigraph `Store(dir).bulk_load`, in-process)",
                         fs(ref_step(bulk, "load")[0]), fnum(bulk.get("load_triples_per_s")),
                         fnum(bulk.get("peak_rss_mb")), mb_on_disk(run, "oxstore_bytes")))
    if bulk and whole and triples(run):
        lines.append(row("same, whole Python process (`--only-load`)", fs(whole["s"]),
                         fnum(ratio(triples(run), whole["s"])), fnum(whole["mb"]), ""))
    for ref, label, disk in ((ox, "pyoxigraph bulk load inside the full reference run", ""),
                             (rd, "rdflib `Graph.parse` (in memory)", "(memory)")):
        if ref_step(ref, "load")[0]:
            lines.append(row(label, fs(ref_step(ref, "load")[0]), fnum(ref.get("load_triples_per_s")),
                             fnum(ref.get("peak_rss_mb_after_load")), disk))
    return lines


def show(v):
    if v is None:
        return "—"
    return f"{v:.6f}" if isinstance(v, float) and (v < 1 or not v.is_integer()) else fnum(v)


def estimate(bal, exact_share=None):
    """A balanced share with its method: "0.648916 ± 0.000111 (sampled), 1.2 SE from exact"."""
    text = fmt(bal.get("balanced_share"), ".6f")
    if bal.get("balance_method") == "sampled":
        text += f" ± {fmt(bal.get('balance_se'), '.6f')} (sampled)"
        if exact_share is not None and bal.get("balance_se") and "balanced_share" in bal:
            text += f", {abs(bal['balanced_share'] - exact_share) / bal['balance_se']:.1f} SE from exact"
    elif bal.get("balance_method"):
        text += f" ({bal['balance_method']})"
    return text


# The answers compared with the reference's: (label, answer key, tolerance).
ANSWERS = [
    ("organisation pairs with direct accusations", "blame_pairs", 0),
    ("direct accusations", "blame_accusations", 0),
    ("mutual pairs (direct)", "blame_mutual_pairs", 0),
    ("stance cells (organisation × claim, ties left out)²", "stance_cells", 0),
    ("agreement edges (pairs with ≥ 1 shared claim)", "edges", 0),
    ("— positive", "edges_positive", 0),
    ("— negative", "edges_negative", 0),
    ("— zero", "edges_zero", 0),
    ("signed edges (agreement signs)", "signed_edges", 0),
    ("triangles (agreement signs, exact)", "triangles", 0),
    ("balanced share, agreement signs, `--exact`", "balanced_share", EXACT),
]
FROM_EXACT_BALANCE = {"signed_edges", "triangles", "balanced_share"}  # read from balance-exact


def answer_of(run, key):
    return (run["ans"]["balance-exact"] if key in FROM_EXACT_BALANCE else run["ans"]).get(key)


def answers_table(run):
    a, ox, rd = run["ans"], run["ref"]["pyoxigraph"], run["ref"]["rdflib"]
    recorded = RECORDED_1M if run["n"] == 10**6 else {}
    lines = [row("answer", "stancegraph", "pyoxigraph", "rdflib", "recorded reference (1M, seed 42)"),
             "|---|--:|--:|--:|--:|"]
    for label, key, tol in ANSWERS:
        ours, others = answer_of(run, key), [x for x in (ox.get(key), rd.get(key), recorded.get(key)) if x is not None]
        ok = None if ours is None or not others else all(same(ours, x, tol) for x in others)
        lines.append(row(label, show(ours) + mark(ok), show(ox.get(key)), show(rd.get(key)), show(recorded.get(key))))
    exact = next((x for x in (ox.get("balanced_share"), recorded.get("balanced_share")) if x is not None), None)
    return lines + [
        row("balanced share, agreement signs, default method", estimate(a["balance-agreement"], exact),
            "(exact above)", "", ""),
        row("balanced share, `align balance` default (combined signs)", estimate(a["balance"]),
            "(not computed)", "", ""),
        *blocs_rows(run)]


def blocs_rows(run):
    a, ox, rd = run["ans"], run["ref"]["pyoxigraph"], run["ref"]["rdflib"]
    refs = [r["ari"] for r in (ox, rd) if r.get("ari") is not None]
    ok = None if a.get("ari") is None or not refs else a["ari"] >= max(refs)
    return [row("blocs: adjusted Rand index (higher is better)", fmt(a.get("ari"), ".4f") + mark(ok),
                fmt(ox.get("ari"), ".4f"), fmt(rd.get("ari"), ".4f"),
                f"{RECORDED_1M_ARI:.3f}" if run["n"] == 10**6 else "—"),
            row("blocs: communities", fnum(a.get("communities")), ox.get("communities", "—"),
                rd.get("communities", "—"), "")]


def growth_table(small, big):
    a, b = size_label(small["n"]), size_label(big["n"])
    lines = [row("step", f"{a} s", f"{b} s", "time growth", f"{a} MB", f"{b} MB", "memory growth"),
             "|---|--:|--:|--:|--:|--:|--:|"]
    for key, label, _ in SG_STEPS:
        (s1, m1, st1), (s2, m2, st2) = sg_time(small, key), sg_time(big, key)
        g = ratio(s2, s1) if st1 == st2 == "ok" else None
        flag = " (superlinear; on request only)" if key in ON_REQUEST else (" ✗" if g and g > GROWTH_LIMIT else "")
        lines.append(row(label, fs(s1), fs(s2), fratio(g) + flag, fnum(m1), fnum(m2), fratio(ratio(m2, m1))))
    e1, e2 = small["ans"].get("edges"), big["ans"].get("edges")
    if e1 and e2:
        lines += ["", f"Agreement pairs (what `align pairs` writes; the edges `blocs` and `balance` work on): "
                      f"{e1:,} → {e2:,}, {e2 / e1:.1f}× (statements: {big['n'] / small['n']:.0f}×)."]
    return lines


# Goals: (goal, check) rows; a check returns (what was measured, met: True/False/None)

NO_1M = ("not measured (no 1M run)", None)


def at_1m(check):
    """A check on the 1M run (and its pyoxigraph reference), not measured without one."""
    return lambda runs: check(runs[10**6], runs[10**6]["ref"]["pyoxigraph"]) if 10**6 in runs else NO_1M


def speedup(ours, ref, limit):
    r = ratio(ref, ours)
    return f"{fs(ours)} s vs {fs(ref)} s: {fratio(r)}", None if r is None else r >= limit


def step_speedup(key, ref):
    return at_1m(lambda big, ox: speedup(sg_ok_seconds(big, key), ref_step(ox, ref)[0], STEP_SPEEDUP))


def all_equal(differences):
    return "; ".join(differences) or "all equal", not differences


def goal_load(big, _ox):
    ours, bulk = sg_triples_per_s(big), big["ref"]["bulk"].get("load_triples_per_s")
    return (f"{fnum(ours)} vs {fnum(bulk)} triples/s ({fratio(ratio(ours, bulk))})",
            None if ours is None or bulk is None else ours >= bulk)


def goal_memory(big, _ox):
    peaks = sorted(((t["mb"], k) for (tool, k), t in big["t"].items() if tool == "sg" and t["mb"]), reverse=True)
    if not peaks:
        return "—", None
    over = [f"{k} {fnum(mb)} MB" for mb, k in peaks if mb >= MEMORY_LIMIT_MB]
    return (f"highest: {peaks[0][1]} {fnum(peaks[0][0])} MB" + (f"; over: {', '.join(over)}" if over else ""),
            not over)


def goal_growth(runs):
    if 10**5 not in runs or 10**6 not in runs:
        return "not measured (needs 100k and 1M)", None
    mid, big = runs[10**5], runs[10**6]
    growth = [(ratio(sg_ok_seconds(big, k), sg_ok_seconds(mid, k)), k) for k, _, _ in SG_STEPS if k not in ON_REQUEST]
    growth = [(g, k) for g, k in growth if g]
    if not growth:
        return "—", None
    worst = max(growth)
    over = [f"{k} {g:.1f}×" for g, k in growth if g > GROWTH_LIMIT]
    e1, e2 = mid["ans"].get("edges"), big["ans"].get("edges")
    return (f"largest: {worst[1]} {worst[0]:.1f}×" + (f"; over: {', '.join(over)}" if over else "")
            + (f"; the agreement pairs that pairs, blocs and balance read grow {e2 / e1:.1f}×" if e1 and e2 else ""),
            not over)


def goal_balance_method(big, _ox):
    default, exact = big["ans"]["balance"], big["ans"]["balance-exact"]
    se = f" ± {default['balance_se']:.6f}" if default.get("balance_se") else ""
    ok = default.get("balance_method") == "sampled" and exact.get("balance_method") == "exact"
    return (f"default: {default.get('balance_method', '—')}{se}; `--exact`: {exact.get('balance_method', '—')}",
            ok if default else None)


def differences(run, expected):
    """The answers of RUN that differ from EXPECTED (answer key -> value)."""
    return [f"{key} {show(answer_of(run, key))} vs {show(want)}" for key, want in expected.items()
            if not same(answer_of(run, key), want, EXACT if key == "balanced_share" else 0)]


def goal_same_as_reference(run):
    ox = run["ref"]["pyoxigraph"]
    if not ox:
        return "no reference run", None
    return all_equal(differences(run, {k: ox.get(k) for k in RECORDED_1M}))


def goal_ari(run):
    ours = run["ans"].get("ari")
    refs = [r["ari"] for r in (run["ref"]["pyoxigraph"], run["ref"]["rdflib"]) if r.get("ari") is not None]
    if not refs:
        return f"{fmt(ours, '.4f')} (no reference run)", None
    return f"{fmt(ours, '.4f')} vs {max(refs):.4f}", None if ours is None else ours >= max(refs)


GOALS = [
    ("`load` of 1M statements ≥ the triples/s of Oxigraph's bulk load of the same file", at_1m(goal_load)),
    *[(f"{LABEL[key]} on 1M ≥ {STEP_SPEEDUP}× faster than the reference's `{ref}`", step_speedup(key, ref))
      for key, ref in (("blame", "blame"), ("pairs", "project"), ("blocs", "blocs"),
                       ("balance", "balance"), ("balance-agreement", "balance"))],
    (f"`align cohesion` on 1M ≥ {STEP_SPEEDUP}× faster than the reference's step",
     at_1m(lambda big, _: (f"{fs(sg_ok_seconds(big, 'cohesion'))} s; the reference has no cohesion step", None))),
    (f"all analysis commands together on 1M ≥ {TOTAL_SPEEDUP}× faster than the reference's analysis steps",
     at_1m(lambda big, ox: speedup(analysis_total(big), ref_analysis_total(ox), TOTAL_SPEEDUP))),
    ("a 20-window series of `align cohesion` on 1M ≤ 3× one run of it",
     at_1m(lambda big, _: goal_series(big))),
    ("peak memory of every command on 1M < 2 GB", at_1m(goal_memory)),
    (f"no step grows more than {GROWTH_LIMIT}× from 100k to 1M statements (the exact balance, superlinear "
     "on this data and run on request only, left out)", goal_growth),
    ("`align balance` on 1M: a sampled estimate with its error by default, exact on request",
     at_1m(goal_balance_method)),
    ("same answers at 1M as the reference's recorded ones (blame pairs, accusations, stance cells, "
     "edges ±, exact balanced share)", at_1m(lambda big, _: all_equal(differences(big, RECORDED_1M)))),
]
def goal_series(run):
    """The moving-window series against one run: it projects once, so at most 3x."""
    one, series = sg_ok_seconds(run, "cohesion"), sg_ok_seconds(run, "cohesion-series")
    if one is None or series is None:
        return "not run", None
    return f"{fs(series)} s vs {fs(one)} s ({fratio(ratio(series, one))})", series <= 3 * one


def goal_peers(run):
    """Whole `align blocs --signs agreement` within 2x of the fastest peer's community step
    alone, with an ARI at least the best peer's."""
    fast, name = fastest_peer(run)
    whole = sg_ok_seconds(run, "blocs-agreement")
    ours = run["peers"].get("stancegraph", {}).get("ari")
    aris = [p["ari"] for k, p in run["peers"].items() if k != "stancegraph" and p.get("ari") is not None]
    if fast is None or whole is None or ours is None or not aris:
        return "no peers run", None
    return (f"{fs(whole)} s vs {name} {fs(fast)} s ({fratio(ratio(whole, fast))}); ARI {ours:.4f} vs "
            f"best peer {max(aris):.4f}", whole <= 2 * fast and ours >= max(aris) - 1e-9)


GOALS_PER_SIZE = [
    ("whole `align blocs` (agreement graph) at {size} within 2× of the fastest peer's community step alone, "
     "ARI ≥ theirs", goal_peers),
    ("same answers as pyoxigraph in the same run at {size} (blame pairs, accusations, stance cells, "
     "edges ±, exact balanced share)", goal_same_as_reference),
    ("blocs ARI ≥ the reference Louvain's at {size}", goal_ari),
]


def goal_rows(runs):
    """(goal, measured, met) for every goal, the per-size ones for each size run."""
    by_n = {r["n"]: r for r in runs}
    rows = [(goal, *check(by_n)) for goal, check in GOALS]
    for goal, check in GOALS_PER_SIZE:
        rows += [(goal.format(size=size_label(r["n"])), *check(r)) for r in runs]
    return rows


def status_text(ok):
    return "not measured" if ok is None else ("**met**" if ok else "**NOT met**")


# The results file and the headline

def machine_lines(runs):
    """Machine, versions and timer, as bench/run recorded them at the first size."""
    i = runs[0]["info"]
    dirty = i.get("git_dirty", "0") not in ("", "0")
    build = f"binary `{i['binary']}` (STANCEGRAPH_BIN)" if i.get("build") == "given" else \
        "release build with `--features rocksdb`"
    lines = [f"- CPU: {i.get('cpu', '?')}, {i.get('cores', '?')} cores (nproc); memory "
             f"{fmt(int(i['mem_total_kb']) / 2**20 if i.get('mem_total_kb') else None, '.1f')} GiB (MemTotal); "
             f"{i.get('os', '?')}",
             f"- stancegraph: {i.get('stancegraph_version', '?')} (git {i.get('git_commit', '?')}"
             + (f", {i['git_dirty']} modified tracked files in the working tree" if dirty else "")
             + f"), {build}; oxigraph crate {i.get('oxigraph_crate', '?')}, petgraph {i.get('petgraph_crate', '?')}; "
               f"{i.get('rustc', '?')}"]
    versions = {k: v for r in runs for x in (r["ref"]["pyoxigraph"], r["ref"]["rdflib"]) if x
                for k, v in {**x.get("versions", {}), "python": x.get("python")}.items()}
    if versions:
        lines.append(f"- reference: Python {versions.pop('python')}, "
                     + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    timer = i.get("timer", "?")
    return lines + [
        f"- timer: `{timer}`{' -v' if timer.endswith('time') else ''}, one whole process per step; each analysis "
        f"step run {i.get('repeat', '1')} times, the median time and the largest peak memory shown (load, report "
        f"and the reference: once); time limit {i.get('timeout_s', '?')} s per process",
        "- runs (UTC): " + "; ".join(f"{size_label(r['n'])} {r['info'].get('started', '?')} → "
                                     f"{r['info'].get('finished', '?')}, load average "
                                     f"{r['info'].get('loadavg_start', '?')} at start" for r in runs)]


def headline_lines(runs):
    big = runs[-1]
    return [f"Headline, {size_label(big['n'])} statements ({fnum(triples(big))} triples), "
            f"{big['info'].get('cores', '?')} cores, run {big['info'].get('started', '?')[:10]}:", "",
            *step_table(big), *([""] + peers_table(big) if big["peers"] else [])]


PEER_LABELS = {
    "igraph-multilevel": "python-igraph `community_multilevel` (Louvain)",
    "igraph-leiden": "python-igraph `community_leiden` (modularity, to convergence)",
    "leidenalg": "leidenalg `find_partition` (ModularityVertexPartition)",
    "networkit-plm": "networkit `PLM` (parallel Louvain, all cores)",
}


def fastest_peer(run):
    timed = [(p["s"], name) for name, p in run["peers"].items() if p.get("s") is not None]
    return min(timed) if timed else (None, None)


def peers_table(run):
    """Our community step and whole `align blocs` against each peer's community step alone,
    on the same positive agreement graph; ARI and modularity by one formula for all."""
    peers, phases = run["peers"], run["phases"]
    if not peers:
        return []
    ours = peers.get("stancegraph", {})
    whole = sg_ok_seconds(run, "blocs-agreement")
    fast, _ = fastest_peer(run)
    lines = [row("community step (positive agreement graph, "
                 f"{fnum(next(iter(peers.values()))['edges'])} edges)", "s", "CPU s³",
                 "whole `align blocs` ÷ this", "communities", "ARI", "modularity"), "|---|--:|--:|--:|--:|--:|--:|",
             row("stancegraph: Louvain alone (`--timings` phase `communities`)", fs(phases.get("communities")),
                 fs(phases.get("communities (cpu)")), fratio(ratio(whole, phases.get("communities"))),
                 fnum(ours.get("communities")), fmt(ours.get("ari"), ".4f"), fmt(ours.get("modularity"), ".6f")),
             row("stancegraph: whole `align blocs --signs agreement` process (store open, facts, projection, "
                 "pairs, Louvain, output)", fs(whole), fs(phases.get("total (cpu)")), "1.0×", "", "", "")]
    for name, p in peers.items():
        if name == "stancegraph":
            continue
        lines.append(row(f"{PEER_LABELS.get(name, name)} {p['version']}", fs(p["s"]), fs(p.get("cpu")),
                         fratio(ratio(whole, p["s"])), fnum(p["communities"]), fmt(p["ari"], ".4f"),
                         fmt(p["modularity"], ".6f")))
    if phases:
        order = ["store open", "facts read", "projection", "stance matrix", "signed graph", "communities",
                 "truth score", "output", "total"]
        lines += ["", "Phases of `align blocs --signs agreement` (`--timings`, median of the runs), wall s: "
                  + ", ".join(f"{k} {phases[k]:.2f}" for k in order if k in phases)
                  + (f"; the fastest peer's community step: {fast:.2f}" if fast else "")
                  + ". ³ CPU s: user + system time of all threads (networkit's PLM runs on every core)."]
    return lines


def disk_lines(run):
    i = run["info"]
    gb = lambda k: f"{int(i[k]) / 2**30:.2f} GB" if i.get(k) else "—"  # noqa: E731
    kept = "" if i.get("pairs_csv_kept") != "no" else " (counted through a pipe, not kept: over the disk budget)"
    return [f"Disk: store {gb('store_bytes')}, facts file {gb('facts_bytes')}, full `align pairs` CSV "
            f"{gb('pairs_csv_bytes')}{kept} (estimated beforehand: {gb('pairs_csv_estimate_bytes')})."]


def size_section(run):
    info = run["info"]
    data_mb = fnum(int(info["data_bytes"]) / 2**20) if info.get("data_bytes") else "?"
    lines = [f"## {size_label(run['n'])} statements ({fnum(triples(run))} triples, {data_mb} MB of N-Triples)", ""]
    if info.get("reference_skipped"):
        lines += [f"Reference skipped: {info['reference_skipped']}.", ""]
    if info.get("report_skipped"):
        lines += [f"`report` skipped: {info['report_skipped']}.", ""]
    if info.get("peers_skipped"):
        lines += [f"Peers skipped: {info['peers_skipped']}.", ""]
    peers = ["### Community step: the peers", "", *peers_table(run), ""] if run["peers"] else []
    return lines + ["### Time and peak memory per step", "", *step_table(run), "", *disk_lines(run), "",
                    *peers, "### Loads", "", *load_table(run), "", "### Answers", "", *answers_table(run), ""]


def results_markdown(runs, smoke):
    md = ["# stancegraph benchmark results", "",
          f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M %Z')}"
          + (" — **smoke run**: it checks that every step runs; its timings mean little" if smoke else "")
          + ". How it is measured and how to read these tables (their notes ¹ ²): "
            "[README.md](README.md#reading-resultsmd).", "",
          "## Machine and versions", "", *machine_lines(runs), "",
          "## Goals", "", "| goal | measured | status |", "|---|---|---|"]
    md += [f"| {goal} | {measured} | {status_text(ok)} |" for goal, measured, ok in goal_rows(runs)] + [""]
    if len(runs) > 1:
        md += ["## Headline", "", *headline_lines(runs), ""]
    for run in runs:
        md += size_section(run)
    by_n = {r["n"]: r for r in runs}
    if 10**5 in by_n and 10**6 in by_n:
        md += [f"## Growth from 100k to 1M statements (goal: no step more than {GROWTH_LIMIT}×)", "",
               *growth_table(by_n[10**5], by_n[10**6]), ""]
    return "\n".join(md)


def splice_headline(readme, block):
    """README with BLOCK between the marker lines <!-- headline:start --> and
    <!-- headline:end -->, or None when it has no such lines."""
    lines = readme.split("\n")
    try:
        start = lines.index("<!-- headline:start -->")
        end = lines.index("<!-- headline:end -->", start)
    except ValueError:
        return None
    return "\n".join(lines[:start + 1] + [block] + lines[end:])


def write_headlines(runs, results, readmes):
    """Rewrites the headline block of every README (none unless all have the markers)."""
    goals = goal_rows(runs)
    met, not_met = sum(1 for *_, ok in goals if ok), sum(1 for *_, ok in goals if ok is False)
    rewritten = {}
    for path in readmes:
        link = os.path.relpath(os.path.abspath(results), os.path.dirname(os.path.abspath(path)))
        goals_line = f"Goals: {met} met, {not_met} not met (details in [{link}]({link}))."
        block = "\n".join(headline_lines(runs) + ["", goals_line])
        with open(path, encoding="utf-8") as f:
            rewritten[path] = splice_headline(f.read(), block)
        if rewritten[path] is None:
            sys.exit(f"summarise.py: {path} has no lines <!-- headline:start --> ... <!-- headline:end -->")
    for path, text in rewritten.items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"summarise.py: rewrote the headline block of {path} ({size_label(runs[-1]['n'])} run; "
              f"goals: {met} met, {not_met} not met)", file=sys.stderr)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    results = sub.add_parser("results", help="write the results file")
    results.add_argument("--out", required=True)
    results.add_argument("--smoke", action="store_true", help="mark the file as a smoke run")
    results.add_argument("--strict", action="store_true", help="exit 1 when an answer is missing from an output")
    headline = sub.add_parser("headline", help="rewrite the headline block of READMEs")
    headline.add_argument("--results", required=True, help="the results file the headline links to")
    headline.add_argument("--readme", action="append", required=True, help="a README to rewrite (repeatable)")
    for s in (results, headline):
        s.add_argument("--bench-dir", required=True)
        s.add_argument("sizes", nargs="+", type=int)
    return p.parse_args()


def main():
    args = parse_args()
    runs = [r for r in (load_run(args.bench_dir, n) for n in sorted(set(args.sizes))) if r]
    if not runs:
        sys.exit(f"summarise.py: no runs in {args.bench_dir}/runs for sizes {args.sizes}")
    for m in MISSING:
        print(f"summarise.py: answer not found: {m}", file=sys.stderr)
    if args.command == "headline":
        return write_headlines(runs, args.results, args.readme)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(results_markdown(runs, args.smoke))
    if MISSING and args.strict:
        sys.exit(f"summarise.py: {len(MISSING)} answer(s) missing from the outputs (listed above)")


if __name__ == "__main__":
    main()
