#!/usr/bin/env python3
"""Counts the CSV of `stancegraph align pairs --format csv` read from standard input
instead of keeping it: bytes, rows, and rows by the sign of the `agreement` column.
bench/run uses it when the full CSV would not fit the disk budget (10M statements);
bench/summarise.py reads the TSV it prints as it would the CSV.

Usage: stancegraph ... align pairs --format csv | count_pairs.py > pairs.counts.tsv
"""
import sys


def main():
    stream = sys.stdin.buffer
    header = stream.readline()
    total = len(header)
    column = header.decode("utf-8").rstrip("\r\n").split(",").index("agreement")
    # The agreement column is counted from the right: the label columns before it may
    # hold quoted commas, the numeric columns after it never do.
    from_right = len(header.decode("utf-8").rstrip("\r\n").split(",")) - column
    zero = positive = negative = 0
    for line in stream:
        total += len(line)
        v = float(line.rsplit(b",", from_right)[1])
        if v > 0:
            positive += 1
        elif v < 0:
            negative += 1
        else:
            zero += 1
    print(f"bytes\t{total}\nedges\t{zero + positive + negative}\nedges_zero\t{zero}\n"
          f"edges_positive\t{positive}\nedges_negative\t{negative}")


if __name__ == "__main__":
    main()
