# Shell functions shared by bench/run and bench/serve (sourced, not run): messages, and
# the synthetic data sets both read.

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
