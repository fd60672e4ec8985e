#!/usr/bin/env python3
"""Write the benchmark's results file from the runs bench/run left in BENCH_DIR.

Usage: summarise.py --bench-dir DIR --out FILE [--repo DIR] [--readme FILE]... [--smoke] SIZE...

Reads, for every SIZE, DIR/runs/SIZE/: timings.tsv (one line per timed process: tool,
step, wall seconds, peak RSS KiB, exit code), info.tsv (run facts), the outputs of
stancegraph (out/*.csv, out/*.txt) and the last JSON line of each reference run
(pyoxigraph.all.out, oxigraph-bulk.load.out, rdflib.all.out). Writes Markdown: the
machine, the goals of issue 4 section 2 with met / not met, one table per size (time,
peak memory, speed-up), the loads, the answers side by side and the growth 100k -> 1M.
With --readme, the headline table replaces the one between the markers
<!-- headline:start --> and <!-- headline:end --> in that file.

Standard library only (it runs with the system python3).
"""
import argparse
import csv
import json
import os
import platform
import statistics
import re
import subprocess
import sys
import time

csv.field_size_limit(1 << 30)

# Answers quoted in issue 4 for 1M statements, seed 42 (baseline_python.py, pyoxigraph).
ISSUE_1M = {
    "blame_pairs": 250384,
    "blame_accusations": 250460,
    "stance_cells": 598392,
    "edges": 17133037,
    "edges_positive": 9797116,
    "edges_negative": 6997671,
    "balanced_share": 0.648787,
}

# Our steps, in table order: (key, command shown, reference step it is compared with).
SG_STEPS = [
    ("load", "`load` (fresh store)", "load"),
    ("blame", "`blame`", "blame"),
    ("pairs", "`align pairs`", "project"),
    ("cohesion", "`align cohesion`", None),
    ("blocs", "`align blocs --truth`", "blocs"),
    ("balance", "`align balance` (default: combined signs)", "balance"),
    ("balance-agreement", "`align balance --signs agreement`", "balance"),
    ("balance-exact", "`align balance --signs agreement --exact`", "balance"),
    ("report", "`report -o`", None),
]
# Steps the growth goal leaves out: issue 4 §2 says exact structural balance is superlinear
# on this data (1.1 billion signed triangles at 1M) and asks for it on request only.
SUPERLINEAR_ON_REQUEST = {"balance-exact"}
# The analysis commands of issue 4 section 2 and the reference steps they are summed with.
ANALYSIS = ["blame", "pairs", "cohesion", "blocs", "balance"]
REF_ANALYSIS = ["blame", "project", "blocs", "balance"]
REF_STEP_NAMES = {
    "load": "load (bulk_load to disk)",
    "blame": "blame (SPARQL)",
    "project": "project (stance SPARQL + pairs + networkx graph)",
    "blocs": "blocs (networkx Louvain + ARI)",
    "balance": "balance (exact, agreement signs)",
}
MEMORY_LIMIT_MB = 2048  # "under 2 GB"


# ---------------------------------------------------------------------------------------
# Reading a run
# ---------------------------------------------------------------------------------------

def read_tsv_pairs(path):
    info = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "\t" in line:
                    k, v = line.rstrip("\n").split("\t", 1)
                    info[k] = v
    return info


def read_timings(path):
    """{(tool, step): {"s": float|None, "mb": float|None, "rc": int, "runs": int}}: a step
    run several times (bench/run --repeat) gets the median time of its runs, the largest
    peak memory and the first non-zero exit code."""
    runs = {}
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            tool, step, wall, rss, rc = parts[:5]
            runs.setdefault((tool, step), []).append(
                (float(wall) if wall else None, int(rss) / 1024 if rss else None, int(rc) if rc else None)
            )
    out = {}
    for key, rows in runs.items():
        walls = [w for w, _, _ in rows if w is not None]
        mbs = [m for _, m, _ in rows if m is not None]
        rcs = [c for _, _, c in rows if c]
        out[key] = {
            "s": statistics.median(walls) if walls else None,
            "mb": max(mbs) if mbs else None,
            "rc": rcs[0] if rcs else (rows[0][2] if rows else None),
            "runs": len(rows),
        }
    return out


def last_json_line(path):
    if not os.path.exists(path):
        return None
    found = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    found = json.loads(line)
                except ValueError:
                    pass
    return found


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def blame_answers(path):
    """Direct accusations per ordered pair from `blame --format csv` (endorsed blame,
    which the reference does not count, is left out)."""
    if not os.path.exists(path):
        return {}
    pairs = {}
    endorsed_only = 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            direct = int(row.get("direct") or 0)
            if direct > 0:
                pairs[(row["from"], row["to"])] = direct
            else:
                endorsed_only += 1
    mutual = sum(1 for (a, b) in pairs if a < b and (b, a) in pairs)
    return {
        "blame_pairs": len(pairs),
        "blame_accusations": sum(pairs.values()),
        "blame_mutual_pairs": mutual,
        "blame_rows": len(pairs) + endorsed_only,
    }


def pairs_answers(path):
    """Agreement edges from `align pairs --format csv`."""
    if not os.path.exists(path):
        return {}
    total = pos = neg = zero = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if not header or "agreement" not in header:
            return {}
        col = header.index("agreement")
        for row in reader:
            total += 1
            a = float(row[col])
            if a > 0:
                pos += 1
            elif a < 0:
                neg += 1
            else:
                zero += 1
    return {"edges": total, "edges_positive": pos, "edges_negative": neg, "edges_zero": zero}


def cohesion_answers(path):
    """Stance cells from `align cohesion --format csv`: the per-claim rows count the
    members' stances (ties left out). In the synthetic data every organisation is in
    exactly one bloc, so their sum is the number of (organisation, claim) stance cells."""
    if not os.path.exists(path):
        return {}
    cells = rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "supports" not in reader.fieldnames:
            return {}
        for row in reader:
            s, o = number(row.get("supports")), number(row.get("opposes"))
            if s is None or o is None:
                continue
            rows += 1
            cells += int(s + o)
    return {"stance_cells": cells, "cohesion_rows": rows}


def read_text(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def blocs_answers(path):
    text = read_text(path)
    out = {}
    m = re.search(r"adjusted Rand index against the truth file: (-?[0-9.]+)", text)
    if m:
        out["ari"] = float(m.group(1))
    m = re.search(r"quality \(modularity\) (-?[0-9.]+)", text)
    if m:
        out["modularity"] = float(m.group(1))
    m = re.search(r"method: ([^;]+)", text)
    if m:
        out["blocs_method"] = m.group(1).strip()
    first = text.splitlines()[0] if text else ""
    out["blocs_title"] = first.strip()
    return out


def balance_answers(path):
    text = read_text(path)
    out = {}
    m = re.search(r"balanced share (-?[0-9.]+)(?: ± ([0-9.]+) \(standard error, sampled\)| \((exact)\))?", text)
    if m:
        out["balanced_share"] = float(m.group(1))
        if m.group(2):
            out["balance_se"] = float(m.group(2))
            out["balance_method"] = "sampled"
        elif m.group(3):
            out["balance_method"] = "exact"
    m = re.search(r"(\d+) signed edges, (\d+) triangles", text)
    if m:
        out["signed_edges"] = int(m.group(1))
        out["triangles"] = int(m.group(2))
    return out


def load_run(bench_dir, n):
    d = os.path.join(bench_dir, "runs", str(n))
    if not os.path.isdir(d):
        return None
    o = os.path.join(d, "out")
    run = {
        "dir": d,
        "n": n,
        "info": read_tsv_pairs(os.path.join(d, "info.tsv")),
        "t": read_timings(os.path.join(d, "timings.tsv")),
        "ref": {
            "pyoxigraph": last_json_line(os.path.join(d, "pyoxigraph.all.out")),
            "rdflib": last_json_line(os.path.join(d, "rdflib.all.out")),
            "bulk": last_json_line(os.path.join(d, "oxigraph-bulk.load.out")),
        },
        "ans": {},
    }
    a = run["ans"]
    a.update(blame_answers(os.path.join(o, "blame.csv")))
    a.update(pairs_answers(os.path.join(o, "pairs.csv")))
    a.update(cohesion_answers(os.path.join(o, "cohesion.csv")))
    a.update(blocs_answers(os.path.join(o, "blocs.txt")))
    for key in ("balance", "balance-agreement", "balance-exact"):
        run["ans"][key] = balance_answers(os.path.join(o, key + ".txt"))
    return run


# ---------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------

def fs(x):
    """seconds"""
    if x is None:
        return "—"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def fmb(x):
    return "—" if x is None else f"{x:,.0f}"


def fint(x):
    return "—" if x is None else f"{int(x):,}"


def fratio(x):
    if x is None:
        return "—"
    if x < 1:
        return f"{x:.2f}×"
    return f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def ratio(ref, ours):
    if ref is None or ours is None or ours <= 0:
        return None
    return ref / ours


def sg_time(run, key):
    t = run["t"].get(("sg", key))
    if not t:
        return None, None, "not run"
    if t["rc"] != 0:
        if t["rc"] in (124, 137):
            return t["s"], t["mb"], "time limit"
        return t["s"], t["mb"], f"failed (exit {t['rc']}{', memory cap?' if t['rc'] == 134 else ''})"
    return t["s"], t["mb"], "ok"


def ref_step(ref, step):
    if not ref:
        return None, None
    s = (ref.get("seconds") or {}).get(step)
    mb = ref.get(f"peak_rss_mb_after_{step}")
    return s, mb


def sg_cell(run, key):
    s, mb, status = sg_time(run, key)
    if status != "ok":
        return f"{fs(s)} ({status})", fmb(mb)
    return fs(s), fmb(mb)


def analysis_total(run):
    total = 0.0
    for k in ANALYSIS:
        s, _, status = sg_time(run, k)
        if status != "ok" or s is None:
            return None
        total += s
    return total


def ref_analysis_total(ref):
    if not ref:
        return None
    secs = ref.get("seconds") or {}
    if not all(k in secs for k in REF_ANALYSIS):
        return None
    return sum(secs[k] for k in REF_ANALYSIS)


def triples(run):
    v = run["info"].get("triples")
    return int(v) if v else None


def sg_triples_per_s(run):
    s, _, status = sg_time(run, "load")
    tr = triples(run)
    if status != "ok" or not s or not tr:
        return None
    return tr / s


def bulk_triples_per_s(run):
    b = run["ref"]["bulk"]
    if not b:
        return None
    return b.get("load_triples_per_s")


def size_label(n):
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def step_table(run):
    """The main table of one size: time, peak memory and speed-up per step."""
    ox, rd = run["ref"]["pyoxigraph"], run["ref"]["rdflib"]
    lines = [
        "| stancegraph step | s | peak MB | reference step | pyoxigraph s | peak MB¹ | speed-up | rdflib s | peak MB¹ | speed-up |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|",
    ]
    for key, label, refkey in SG_STEPS:
        s, mb, status = sg_time(run, key)
        ours_s, ours_mb = sg_cell(run, key)
        if refkey:
            ox_s, ox_mb = ref_step(ox, refkey)
            rd_s, rd_mb = ref_step(rd, refkey)
            ok = status == "ok"
            lines.append(
                f"| {label} | {ours_s} | {ours_mb} | {REF_STEP_NAMES[refkey]} | {fs(ox_s)} | {fmb(ox_mb)} | "
                f"{fratio(ratio(ox_s, s) if ok else None)} | {fs(rd_s)} | {fmb(rd_mb)} | "
                f"{fratio(ratio(rd_s, s) if ok else None)} |")
        else:
            lines.append(f"| {label} | {ours_s} | {ours_mb} | (none) | — | — | — | — | — | — |")
    ours_total = analysis_total(run)
    ox_total, rd_total = ref_analysis_total(ox), ref_analysis_total(rd)
    ours_peak = max((t["mb"] or 0) for (tool, k), t in run["t"].items()
                    if tool == "sg" and k in ANALYSIS) if any(
        tool == "sg" and k in ANALYSIS for (tool, k) in run["t"]) else None
    lines.append(
        f"| **analysis total** (blame + pairs + cohesion + blocs + balance) | **{fs(ours_total)}** | {fmb(ours_peak)} | "
        f"**blame + project + blocs + balance** | **{fs(ox_total)}** | {fmb(ox and ox.get('peak_rss_mb'))} | "
        f"**{fratio(ratio(ox_total, ours_total))}** | **{fs(rd_total)}** | {fmb(rd and rd.get('peak_rss_mb'))} | "
        f"**{fratio(ratio(rd_total, ours_total))}** |")
    # Whole reference processes, for what the per-step figures leave out.
    tox = run["t"].get(("pyoxigraph", "all"))
    trd = run["t"].get(("rdflib", "all"))
    if ox or rd:
        lines.append(
            f"| (each of ours is a whole process) | | | reference start-up: interpreter, imports, store open | "
            f"{fs(ref_step(ox, 'import')[0])} | | | {fs(ref_step(rd, 'import')[0])} | | |")
        lines.append(
            f"| | | | whole reference process (`/usr/bin/time`) | {fs(tox and tox['s'])} | {fmb(tox and tox['mb'])} | | "
            f"{fs(trd and trd['s'])} | {fmb(trd and trd['mb'])} | |")
    return lines


def load_table(run):
    tr = triples(run)
    lines = ["| loader | wall s | triples/s | peak MB | store on disk |", "|---|--:|--:|--:|--:|"]
    s, mb, status = sg_time(run, "load")
    store = run["info"].get("store_bytes")
    lines.append(f"| stancegraph `load` (whole process: start, bulk load, ontology) | {fs(s)}"
                 f"{'' if status == 'ok' else ' (' + status + ')'} | {fint(sg_triples_per_s(run))} | {fmb(mb)} | "
                 f"{fmb(int(store) / 2**20) + ' MB' if store else '—'} |")
    b = run["ref"]["bulk"]
    tb = run["t"].get(("oxigraph-bulk", "load"))
    if b:
        oxstore = run["info"].get("oxstore_bytes")
        lines.append(f"| Oxigraph bulk loader (pyoxigraph `Store(dir).bulk_load`, in-process) | {fs(b['seconds'].get('load'))} | "
                     f"{fint(b.get('load_triples_per_s'))} | {fmb(b.get('peak_rss_mb'))} | "
                     f"{fmb(int(oxstore) / 2**20) + ' MB' if oxstore else '—'} |")
        if tb and tr:
            lines.append(f"| same, whole Python process (`--only-load`) | {fs(tb['s'])} | {fint(tr / tb['s'] if tb['s'] else None)} | "
                         f"{fmb(tb['mb'])} | |")
    ox = run["ref"]["pyoxigraph"]
    if ox and ox.get("seconds", {}).get("load"):
        lines.append(f"| pyoxigraph bulk load inside the full reference run | {fs(ox['seconds']['load'])} | "
                     f"{fint(ox.get('load_triples_per_s'))} | {fmb(ox.get('peak_rss_mb_after_load'))} | |")
    rd = run["ref"]["rdflib"]
    if rd and rd.get("seconds", {}).get("load"):
        lines.append(f"| rdflib `Graph.parse` (in memory) | {fs(rd['seconds']['load'])} | "
                     f"{fint(rd.get('load_triples_per_s'))} | {fmb(rd.get('peak_rss_mb_after_load'))} | (memory) |")
    return lines


def same(a, b, tol=0.0):
    if a is None or b is None:
        return None
    return abs(a - b) <= tol


def mark(ok):
    return "" if ok is None else (" ✓" if ok else " ✗")


def answers_table(run):
    a = run["ans"]
    ox, rd = run["ref"]["pyoxigraph"] or {}, run["ref"]["rdflib"] or {}
    issue = ISSUE_1M if run["n"] == 1_000_000 else {}
    bal_a, bal_x, bal_c = a["balance-agreement"], a["balance-exact"], a["balance"]
    rows = [
        ("organisation pairs with direct accusations", a.get("blame_pairs"), "blame_pairs", 0),
        ("direct accusations", a.get("blame_accusations"), "blame_accusations", 0),
        ("mutual pairs (direct)", a.get("blame_mutual_pairs"), "blame_mutual_pairs", 0),
        ("stance cells (organisation × claim, ties left out)²", a.get("stance_cells"), "stance_cells", 0),
        ("agreement edges (pairs with ≥ 1 shared claim)", a.get("edges"), "edges", 0),
        ("— positive", a.get("edges_positive"), "edges_positive", 0),
        ("— negative", a.get("edges_negative"), "edges_negative", 0),
        ("— zero", a.get("edges_zero"), "edges_zero", 0),
        ("signed edges (agreement signs)", bal_x.get("signed_edges") or bal_a.get("signed_edges"), "signed_edges", 0),
        ("triangles (agreement signs, exact)", bal_x.get("triangles"), "triangles", 0),
        ("balanced share, agreement signs, `--exact`", bal_x.get("balanced_share"), "balanced_share", 1e-6),
    ]
    lines = ["| answer | stancegraph | pyoxigraph | rdflib | issue 4 (1M, seed 42) |", "|---|--:|--:|--:|--:|"]

    def show(v):
        if v is None:
            return "—"
        if isinstance(v, float) and not float(v).is_integer() or isinstance(v, float) and v < 1:
            return f"{v:.6f}"
        return fint(v)

    for label, ours, key, tol in rows:
        refs = [ox.get(key), rd.get(key)]
        ok = None
        if ours is not None and any(r is not None for r in refs + [issue.get(key)]):
            ok = all(same(ours, r, tol) for r in refs + [issue.get(key)] if r is not None)
        lines.append(f"| {label} | {show(ours)}{mark(ok)} | {show(ox.get(key))} | {show(rd.get(key))} | "
                     f"{show(issue.get(key))} |")
    # Balance by our default method, and the combined-signs default command.
    if bal_a:
        est = f"{bal_a['balanced_share']:.6f}" if "balanced_share" in bal_a else "—"
        if bal_a.get("balance_method") == "sampled":
            est += f" ± {bal_a.get('balance_se', 0):.6f} (sampled)"
            ref_share = ox.get("balanced_share") or issue.get("balanced_share")
            if ref_share is not None and bal_a.get("balance_se"):
                z = abs(bal_a["balanced_share"] - ref_share) / bal_a["balance_se"]
                est += f", {z:.1f} SE from exact"
        elif bal_a.get("balance_method"):
            est += f" ({bal_a['balance_method']})"
        lines.append(f"| balanced share, agreement signs, default method | {est} | (exact above) | | |")
    if bal_c:
        est = f"{bal_c['balanced_share']:.6f}" if "balanced_share" in bal_c else "—"
        if bal_c.get("balance_method") == "sampled":
            est += f" ± {bal_c.get('balance_se', 0):.6f} (sampled)"
        elif bal_c.get("balance_method"):
            est += f" ({bal_c['balance_method']})"
        lines.append(f"| balanced share, `align balance` default (combined signs) | {est} | (not computed) | | |")
    ari_ours = a.get("ari")
    ari_refs = [r.get("ari") for r in (ox, rd) if r.get("ari") is not None]
    ok = None if ari_ours is None or not ari_refs else ari_ours >= max(ari_refs)
    def show4(v):
        return "—" if v is None else f"{v:.4f}"

    lines.append(f"| blocs: adjusted Rand index (higher is better) | {show4(ari_ours)}{mark(ok)} | "
                 f"{show4(ox.get('ari'))} | {show4(rd.get('ari'))} | 0.971 (quoted, 1M) |")
    lines.append(f"| blocs: communities | {a.get('blocs_title') or '—'} | {ox.get('communities', '—')} | "
                 f"{rd.get('communities', '—')} | |")
    return lines


# ---------------------------------------------------------------------------------------
# Goals
# ---------------------------------------------------------------------------------------

def goals(runs):
    """Rows (goal, measured, status) for issue 4 section 2."""
    by_n = {r["n"]: r for r in runs}
    big = by_n.get(1_000_000)
    mid = by_n.get(100_000)
    rows = []
    nm = "not measured (no 1M run)"

    # 1. load
    if big:
        ours, bulk = sg_triples_per_s(big), bulk_triples_per_s(big)
        ok = None if ours is None or bulk is None else ours >= bulk
        rows.append(("`load` of 1M statements ≥ the triples/s of Oxigraph's bulk load of the same file",
                     f"{fint(ours)} vs {fint(bulk)} triples/s ({fratio(ratio(ours, bulk))})", ok))
    else:
        rows.append(("`load` of 1M statements ≥ the triples/s of Oxigraph's bulk load", nm, None))

    # 2. each analysis command ≥ 10x the reference's corresponding step; 3. all ≥ 20x
    if big and big["ref"]["pyoxigraph"]:
        ox = big["ref"]["pyoxigraph"]
        for key, refkey in (("blame", "blame"), ("pairs", "project"), ("blocs", "blocs"),
                            ("balance", "balance"), ("balance-agreement", "balance")):
            s, _, status = sg_time(big, key)
            r = ratio(ref_step(ox, refkey)[0], s) if status == "ok" else None
            label = dict((k, l) for k, l, _ in SG_STEPS)[key]
            rows.append((f"{label} on 1M ≥ 10× faster than the reference's `{refkey}`",
                         f"{fs(s)} s vs {fs(ref_step(ox, refkey)[0])} s: {fratio(r)}"
                         + ("" if status == "ok" else f" ({status})"), None if r is None else r >= 10))
        s, _, status = sg_time(big, "cohesion")
        rows.append(("`align cohesion` on 1M ≥ 10× faster than the reference's step",
                     f"{fs(s)} s; the reference has no cohesion step", None))
        tot, rtot = analysis_total(big), ref_analysis_total(ox)
        r = ratio(rtot, tot)
        rows.append(("all analysis commands together ≥ 20× faster than the reference's analysis steps",
                     f"{fs(tot)} s vs {fs(rtot)} s: {fratio(r)}", None if r is None else r >= 20))
    else:
        rows.append(("each analysis command on 1M ≥ 10× faster; all together ≥ 20×", nm + " or no reference", None))

    # 4. memory
    if big:
        worst = None
        for (tool, key), t in big["t"].items():
            if tool == "sg" and t["mb"] is not None and (worst is None or t["mb"] > worst[1]):
                worst = (key, t["mb"])
        over = [f"{k} {fmb(t['mb'])} MB" for (tool, k), t in sorted(big["t"].items())
                if tool == "sg" and t["mb"] and t["mb"] >= MEMORY_LIMIT_MB]
        rows.append(("peak memory of every command on 1M < 2 GB",
                     f"highest: {worst[0]} {fmb(worst[1])} MB" + (f"; over: {', '.join(over)}" if over else "")
                     if worst else "—", None if worst is None else not over))
    else:
        rows.append(("peak memory of every command on 1M < 2 GB", nm, None))

    # 5. growth
    if big and mid:
        worst, bad = None, []
        for key, label, _ in SG_STEPS:
            if key in SUPERLINEAR_ON_REQUEST:
                continue
            a, _, sa = sg_time(mid, key)
            b, _, sb = sg_time(big, key)
            if sa == "ok" and sb == "ok" and a and b:
                g = b / a
                if worst is None or g > worst[1]:
                    worst = (key, g)
                if g > 12:
                    bad.append(f"{key} {g:.1f}×")
        e1, e2 = mid["ans"].get("edges"), big["ans"].get("edges")
        pairs_growth = f"; the agreement pairs that pairs, blocs and balance read grow {e2 / e1:.1f}×" if e1 and e2 else ""
        rows.append(("no step grows more than 12× from 100k to 1M (the exact balance, superlinear "
                     "by the issue's own account, left out)",
                     (f"largest: {worst[0]} {worst[1]:.1f}×" if worst else "—") +
                     (f"; over: {', '.join(bad)}" if bad else "") + pairs_growth,
                     None if worst is None else not bad))
        b = big["ans"]["balance"]
        rows.append(("`align balance` on 1M: a sampled estimate with its error by default, exact on request",
                     f"default: {b.get('balance_method', '—')}"
                     + (f" ± {b['balance_se']:.6f}" if b.get("balance_se") else "")
                     + f"; `--exact`: {big['ans']['balance-exact'].get('balance_method', '—')}",
                     None if not b else (b.get("balance_method") == "sampled"
                                         and big["ans"]["balance-exact"].get("balance_method") == "exact")))
    else:
        rows.append(("no step grows more than 12× from 100k to 1M", "not measured (needs 100k and 1M)", None))

    # 6. answers
    if big:
        a = big["ans"]
        wrong = []
        for key, want in ISSUE_1M.items():
            got = a["balance-exact"].get("balanced_share") if key == "balanced_share" else a.get(key)
            tol = 1e-6 if key == "balanced_share" else 0
            if got is None or abs(got - want) > tol:
                wrong.append(f"{key} {got if got is not None else 'missing'} (want {want})")
        rows.append(("same answers as the reference at 1M (blame pairs, accusations, stance cells, edges ±, exact share)",
                     "all equal" if not wrong else "; ".join(wrong), not wrong))
    else:
        rows.append(("same answers as the reference at 1M", nm, None))
    for r in runs:
        ox = r["ref"]["pyoxigraph"]
        if not ox:
            continue
        a = r["ans"]
        diffs = []
        for key in ("blame_pairs", "blame_accusations", "stance_cells", "edges", "edges_positive", "edges_negative"):
            if a.get(key) != ox.get(key):
                diffs.append(f"{key} {fint(a.get(key))} vs {fint(ox.get(key))}")
        got = a["balance-exact"].get("balanced_share")
        if got is None or ox.get("balanced_share") is None or abs(got - ox["balanced_share"]) > 1e-6:
            diffs.append(f"exact share {got} vs {ox.get('balanced_share')}")
        rows.append((f"same answers as pyoxigraph in the same run at {size_label(r['n'])}",
                     "all equal" if not diffs else "; ".join(diffs), not diffs))

    # 7. ARI
    for r in runs:
        refs = [x.get("ari") for x in (r["ref"]["pyoxigraph"], r["ref"]["rdflib"]) if x and x.get("ari") is not None]
        ours = r["ans"].get("ari")
        rows.append((f"blocs ARI ≥ the reference Louvain's at {size_label(r['n'])}",
                     f"{'—' if ours is None else f'{ours:.4f}'} vs {max(refs):.4f}" if refs else
                     f"{'—' if ours is None else f'{ours:.4f}'} (no reference run)",
                     None if ours is None or not refs else ours >= max(refs)))
    return rows


def status_text(ok):
    return "not measured" if ok is None else ("**met**" if ok else "**NOT met**")


# ---------------------------------------------------------------------------------------
# Machine and versions
# ---------------------------------------------------------------------------------------

def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) / 2**20
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpu, cores, mem


def command_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def lock_version(repo, crate):
    try:
        with open(os.path.join(repo, "Cargo.lock"), encoding="utf-8") as f:
            text = f.read()
        m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(crate), text)
        return m.group(1) if m else "unknown"
    except OSError:
        return "unknown"


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bench-dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--repo", default=".")
    p.add_argument("--readme", action="append", default=[],
                   help="a Markdown file whose headline block to refresh (repeatable)")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("sizes", nargs="*", type=int)
    args = p.parse_args()

    runs = [r for r in (load_run(args.bench_dir, n) for n in sorted(args.sizes)) if r]
    if not runs:
        sys.exit(f"summarise.py: no runs in {args.bench_dir}/runs for sizes {args.sizes}")

    cpu, cores, mem = machine()
    first = runs[0]["info"]
    ref_versions = {}
    for r in runs:
        for key in ("pyoxigraph", "rdflib"):
            x = r["ref"][key]
            if x:
                ref_versions.update(x.get("versions", {}))
                ref_versions["python"] = x.get("python")

    md = []
    w = md.append
    w("# stancegraph benchmark results")
    w("")
    w(f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M %Z')}"
      + (" — **smoke run** (10k, no rdflib): it checks that every step runs, its timings mean little." if args.smoke else ".")
      + " How to run it and how to read it: [README.md](README.md). Data: `gen_synthetic.py --seed 42` "
        "(the shared generator, not a port).")
    w("")
    w("## Machine and versions")
    w("")
    w(f"- CPU: {cpu}, {cores} cores (nproc); memory {mem:.1f} GiB (MemTotal); {platform.system()} {platform.release()}"
      if mem else f"- CPU: {cpu}, {cores} cores")
    w(f"- stancegraph: {first.get('stancegraph_version', '?')} (git {first.get('git_commit', '?')}"
      + (f", {first.get('git_dirty')} modified tracked files in the working tree" if first.get("git_dirty", "0") not in ("", "0") else "")
      + f"), release build with `--features rocksdb`; oxigraph crate {lock_version(args.repo, 'oxigraph')}, "
        f"petgraph {lock_version(args.repo, 'petgraph')}; {command_version(['rustc', '--version'])}")
    if ref_versions:
        w("- reference: Python " + str(ref_versions.get("python")) + ", " +
          ", ".join(f"{k} {v}" for k, v in sorted(ref_versions.items()) if k != "python"))
    w(f"- timer: `{first.get('timer', '?')}`{' -v' if first.get('timer', '').endswith('time') else ''}, "
      f"one whole process per step; each analysis step run {first.get('repeat', '1')} times, "
      f"the median time and the largest peak memory shown (load, report and the reference: once); "
      f"time limit {first.get('timeout_s', '?')} s per process")
    w("- runs (UTC): " + "; ".join(
        f"{size_label(r['n'])} {r['info'].get('started', '?')} → {r['info'].get('finished', '?')}, "
        f"load average {r['info'].get('loadavg_start', '?')} at start" for r in runs))
    w("")

    goal_rows = goals(runs)
    w("## Goals of issue 4 §2")
    w("")
    w("| goal | measured | status |")
    w("|---|---|---|")
    for g, m, ok in goal_rows:
        w(f"| {g} | {m} | {status_text(ok)} |")
    w("")

    headline = []
    big = runs[-1]
    headline.append(f"Headline, {size_label(big['n'])} statements ({fint(triples(big))} triples), "
                    f"{cores} cores, run {big['info'].get('started', '?')[:10]}:")
    headline.append("")
    headline.extend(step_table(big))
    if len(runs) > 1:
        w("## Headline")
        w("")
        md.extend(headline)
        w("")

    for r in runs:
        n = r["n"]
        info = r["info"]
        w(f"## {size_label(n)} statements ({fint(triples(r))} triples, "
          f"{fmb(int(info['data_bytes']) / 2**20) if info.get('data_bytes') else '?'} MB of N-Triples)")
        w("")
        if info.get("reference_skipped"):
            w(f"Reference skipped: {info['reference_skipped']}.")
            w("")
        w("### Time and peak memory per step")
        w("")
        md.extend(step_table(r))
        w("")
        w("### Loads")
        w("")
        md.extend(load_table(r))
        w("")
        w("### Answers")
        w("")
        md.extend(answers_table(r))
        w("")

    by_n = {r["n"]: r for r in runs}
    if 100_000 in by_n and 1_000_000 in by_n:
        a, b = by_n[100_000], by_n[1_000_000]
        w("## Growth from 100k to 1M statements (goal: no step more than 12×)")
        w("")
        w("| step | 100k s | 1M s | time growth | 100k MB | 1M MB | memory growth |")
        w("|---|--:|--:|--:|--:|--:|--:|")
        for key, label, _ in SG_STEPS:
            s1, m1, st1 = sg_time(a, key)
            s2, m2, st2 = sg_time(b, key)
            g = ratio(s2, s1) if st1 == st2 == "ok" else None
            gm = ratio(m2, m1) if m1 and m2 else None
            flag = " ✗" if g and g > 12 else ""
            if key in SUPERLINEAR_ON_REQUEST:
                flag = " (superlinear; on request only)"
            w(f"| {label} | {fs(s1)} | {fs(s2)} | {fratio(g)}{flag} | {fmb(m1)} | {fmb(m2)} | {fratio(gm)} |")
        w("")
        e1, e2 = a["ans"].get("edges"), b["ans"].get("edges")
        if e1 and e2:
            w(f"What the steps read grows too: statements 10×; agreement pairs (organisation pairs "
              f"sharing a claim: what `align pairs` writes, and the edges of the graph `blocs` and "
              f"`balance` work on) {e1:,} → {e2:,}, {e2 / e1:.1f}×. A step linear in them grows as much.")
            w("")

    w("## How the numbers are taken")
    w("")
    w("- **stancegraph**: each step is one process (`stancegraph --quiet --store DIR ...`), timed by `/usr/bin/time -v`: "
      "wall-clock seconds and peak RSS. That includes starting the process, opening the RocksDB store, the SPARQL "
      "reads, the analysis and writing the full output (CSV for `blame`, `align pairs`, `align cohesion`; text tables "
      "for `blocs` and `balance`, whose title and note carry the ARI and the balanced share).")
    w("- **reference**: `baseline_python.py --engine pyoxigraph --store DIR` (on-disk store, `bulk_load`) and "
      "`--engine rdflib` (in memory; 10k and 100k only), one process per engine; its own per-step `perf_counter` "
      "times, so interpreter start-up, imports and opening the store are *not* in its step times (they are in "
      "the start-up row). ¹ Its memory column is the process's peak RSS *so far* after each step (it is cumulative).")
    w("- **speed-up** = reference seconds / stancegraph seconds for the mapped step (> 1: stancegraph is faster). "
      "Step mapping: `load` ↔ load, `blame` ↔ blame, `align pairs` ↔ project (stance matrix and pairwise "
      "agreement), `align blocs` ↔ blocs (Louvain), `align balance` ↔ balance. `align cohesion` and `report` have no "
      "reference step. The analysis total sums our five analysis commands (with cohesion, which the reference lacks) "
      "against the reference's four analysis steps.")
    w("- The reference's balance is exact on the agreement-signed graph. Ours is timed three ways: the default command "
      "(combined signs; exact up to a triangle budget, then sampled), `--signs agreement` (the reference's graph, "
      "default method) and `--signs agreement --exact`.")
    w("- ² stance cells are read from `align cohesion`'s per-claim rows (supports + opposes over members): in the "
      "synthetic data every organisation is a member of exactly one bloc, so their sum is the number of "
      "(organisation, claim) cells with a non-zero stance. Blame pairs and accusations count direct accusations only "
      "(the `direct` column), as the reference does; `blame` also reports endorsed blame.")
    w("- Peak RSS from `/usr/bin/time` is the largest of the process and the children it waited for: for "
      "`report` that includes Graphviz's `dot`.")
    w("- ✓ / ✗ after an answer: equal / not equal to every reference figure in its row. MB = MiB.")
    w("- What is slow or wrong, with profiles: [NOTES.md](NOTES.md) (written by hand for the run it names).")
    w("")

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(md))

    for readme_path in args.readme:
        if not os.path.exists(readme_path):
            continue
        with open(readme_path, encoding="utf-8") as f:
            readme = f.read()
        start, end = "<!-- headline:start -->", "<!-- headline:end -->"
        if start in readme and end in readme:
            before, rest = readme.split(start, 1)
            _, after = rest.split(end, 1)
            block = "\n".join(headline)
            met = sum(1 for *_, ok in goal_rows if ok)
            notmet = sum(1 for *_, ok in goal_rows if ok is False)
            link = os.path.relpath(os.path.abspath(args.out), os.path.dirname(os.path.abspath(readme_path)))
            block += f"\n\nGoals of issue 4 §2: {met} met, {notmet} not met (details in [{link}]({link}))."
            with open(readme_path, "w", encoding="utf-8") as f:
                f.write(before + start + "\n" + block + "\n" + end + after)

if __name__ == "__main__":
    main()
