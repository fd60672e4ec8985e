#!/usr/bin/env python3
"""Make a large ICEWS event file from the ICEWS sample's rows, for `import events`.

The rows of the sample (tests/data/events/icews_events.2018.sample.tab, 3,705 events)
are repeated in order until --rows rows are written; copy k (from 0) adds k * 10^8 to
each Event ID and Story ID, so that every event and story is new, and k days to each
Event Date, so that the copies spread over time. Actors, codes and everything else stay
as in the sample, so the share of rows mapped (accusations, endorsements) is the
sample's. Deterministic. Not committed data: bench/events writes it under $BENCH_DIR.

Usage: gen_events.py --rows 1000000 --out /tmp/events-1m.tab [--sample FILE]
"""
import argparse
import datetime
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "tests", "data", "events", "icews_events.2018.sample.tab")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sample", default=SAMPLE)
    args = ap.parse_args()
    with open(args.sample, encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    header, rows = lines[0], [line.split("\t") for line in lines[1:] if line]
    names = header.split("\t")
    event_id, date, story = names.index("Event ID"), names.index("Event Date"), names.index("Story ID")
    written = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        k = 0
        while written < args.rows:
            for fields in rows:
                if written == args.rows:
                    break
                f = list(fields)
                f[event_id] = str(int(f[event_id]) + k * 10**8)
                f[story] = str(int(f[story]) + k * 10**8)
                day = datetime.date.fromisoformat(f[date]) + datetime.timedelta(days=k)
                f[date] = day.isoformat()
                out.write("\t".join(f) + "\n")
                written += 1
            k += 1


if __name__ == "__main__":
    main()
