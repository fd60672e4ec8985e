# Shell functions shared by the bench scripts (sourced, not run): messages, the
# synthetic data sets, and the timing of whole processes.

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# synthetic_data N: makes $BENCH_DIR/data/syn-N.nt and its truth file syn-N.truth.tsv
# with bench/gen_synthetic.py (seed 42) unless both are there; written to temporary
# names, then renamed, so an interrupted run leaves no half file behind.
synthetic_data() {
  local n=$1 data=$BENCH_DIR/data/syn-$1.nt truth=$BENCH_DIR/data/syn-$1.truth.tsv
  mkdir -p "$BENCH_DIR/data"
  if [[ ! -s $data || ! -s $truth ]]; then
    log "generating $n statements (seed 42) into $data"
    python3 "$(dirname "${BASH_SOURCE[0]}")/gen_synthetic.py" --statements "$n" --seed 42 \
      --out "$data.part" --truth "$truth.part"
    mv "$truth.part" "$truth"
    mv "$data.part" "$data"
  fi
}

# ---------------------------------------------------------------------------------------
# Timing: /usr/bin/time -v (GNU time) around every process; a Python wrapper otherwise.
# Each timed process leaves NAME.time (the timer's report), NAME.out/.err (its streams)
# and one line in timings.tsv: tool, step, wall seconds, peak RSS KiB, exit code.
# ---------------------------------------------------------------------------------------
# setup_timing: sets timer (the command prefix), mem_total_kb and mem_limit_mb (the
# address-space cap on stancegraph processes, $BENCH_MEM_LIMIT_MB or MemTotal - 2 GiB).
setup_timing() {
  timer=()
  if /usr/bin/time -v true >/dev/null 2>&1; then
    timer=(/usr/bin/time -v -o)
  else
    log "GNU time not available (scripts/setup installs it): timing with bench/timeit.py (resource.getrusage)"
    timer=(python3 "$(dirname "${BASH_SOURCE[0]}")/timeit.py" -o)
  fi
  mem_total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || echo 0)
  mem_limit_mb=${BENCH_MEM_LIMIT_MB:-$(((mem_total_kb - 2 * 1024 * 1024) / 1024))}
  ((mem_limit_mb > 0)) || mem_limit_mb=0
}

# timed DIR TOOL STEP -- COMMAND...: run COMMAND under the timer and the time limit
# $timeout_s (and, for stancegraph, the address-space cap), record it, and return its
# exit code (never aborts the script).
timed() {
  local dir=$1 tool=$2 step=$3
  shift 4
  local base=$dir/$tool.$step rc=0 cap=()
  if [[ $tool == sg ]] && ((mem_limit_mb > 0)); then
    cap=(bash -c 'ulimit -v "$0" && exec "$@"' "$((mem_limit_mb * 1024))")
  fi
  log "$tool $step: $*"
  "${timer[@]}" "$base.time" timeout --kill-after=30 "$timeout_s" "${cap[@]}" "$@" >"$base.out" 2>"$base.err" || rc=$?
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$base.time" 2>/dev/null || true)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$base.time" 2>/dev/null || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$step" "${wall:-}" "${rss:-}" "$rc" >>"$dir/timings.tsv"
  if ((rc == 0)); then
    log "$tool $step: ${wall}s, $((${rss:-0} / 1024)) MB"
  else
    local why=""
    ((rc == 124 || rc == 137)) && why=", time limit ${timeout_s}s?"
    ((rc == 134)) && [[ $tool == sg ]] && ((mem_limit_mb > 0)) && why=", aborted: memory cap ${mem_limit_mb} MB?"
    log "$tool $step FAILED (exit $rc$why): $(tail -n 3 "$base.err" | tr '\n' ' ')"
  fi
  return "$rc"
}
