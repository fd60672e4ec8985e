#!/usr/bin/env python3
"""Fallback timer for bench/run when GNU time (/usr/bin/time -v) is not installed.

Usage: timeit.py -o REPORT COMMAND [ARG...]

Runs COMMAND, then writes REPORT in the layout of `/usr/bin/time -v` (only the lines
bench/run reads): the wall-clock time and the peak resident set size, taken from
resource.getrusage(RUSAGE_CHILDREN) after the child has been waited for (that covers
the child and the descendants it waited for). Exits with the command's exit code.
"""
import os
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or sys.argv[1] != "-o":
        sys.exit(__doc__)
    report, command = sys.argv[2], sys.argv[3:]
    t0 = time.perf_counter()
    try:
        code = subprocess.call(command)
    except OSError as e:
        print(f"timeit.py: cannot run {command[0]}: {e}", file=sys.stderr)
        code = 127
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)  # macOS: bytes
    if code < 0:  # killed by a signal: report it the way a shell does
        code = 128 - code
    hours, rest = divmod(wall, 3600)
    minutes, seconds = divmod(rest, 60)
    with open(report, "w", encoding="utf-8") as f:
        if code:
            f.write(f"Command exited with non-zero status {code}\n")
        f.write(f"\tCommand being timed: \"{' '.join(command)}\"\n")
        f.write(f"\tUser time (seconds): {usage.ru_utime:.2f}\n")
        f.write(f"\tSystem time (seconds): {usage.ru_stime:.2f}\n")
        f.write(f"\tElapsed (wall clock) time (h:mm:ss or m:ss): "
                f"{int(hours)}:{int(minutes):02d}:{seconds:05.2f}\n")
        f.write(f"\tMaximum resident set size (kbytes): {peak_kb}\n")
        f.write(f"\tExit status: {code}\n")
    sys.exit(code)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
