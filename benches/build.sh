#!/usr/bin/env bash
# Build speed and memory against Hugo on the same synthetic text (benches/gen_site.py).
#   bash benches/build.sh            # 1,000 and 10,000 pages
#   bash benches/build.sh 1000       # one size
# Prints median wall time of 3 runs (after a warm-up) and peak RSS, and nhipcau/Hugo ratios.
# Target at 10,000 pages: ≤ 0.3× Hugo's wall time and less peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
RUNS=3
# BENCH_TMP=/dev/shm measures the tools rather than this machine's disk (mkdir costs ~0.5 ms here).
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-bench.XXXX")
trap 'rm -rf "$WORK"' EXIT

command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
cargo build --release -q -p nhipcau
BIN=$PWD/target/release/nhipcau

# median of wall seconds and max RSS (KB) over RUNS runs of "$@"
measure() {
  "$@" >/dev/null 2>&1 # warm-up (file cache)
  local walls=() rss=0
  for _ in $(seq $RUNS); do
    /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>&1
    read -r wall kb < "$WORK/t"
    walls+=("$wall"); (( kb > rss )) && rss=$kb
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")" "$rss"
}

printf '%-22s %7s %9s %9s\n' tool pages "wall s" "RSS MB"
for n in ${SIZES[@]}; do
  python3 benches/gen_site.py --pages "$n" --out "$WORK/hugo-$n" --flavor hugo >/dev/null
  python3 benches/gen_site.py --pages "$n" --out "$WORK/ours-$n" --flavor zola --zola-links >/dev/null
  rm -rf "$WORK/ours-$n/templates" && cp -r benches/site/templates "$WORK/ours-$n/templates" && cp benches/site/config.toml "$WORK/ours-$n/config.toml"
  sed 's/build_search_index = false/build_search_index = true/' benches/site/config.toml > "$WORK/ours-$n/config-search.toml"

  read -r h_wall h_rss < <(measure hugo --quiet --source "$WORK/hugo-$n" --config "$WORK/hugo-$n/hugo.toml" --destination "$WORK/out-hugo-$n")
  read -r o_wall o_rss < <(measure "$BIN" build --quiet --root "$WORK/ours-$n" --output "$WORK/out-ours-$n")
  cp "$WORK/ours-$n/config-search.toml" "$WORK/ours-$n/config.toml"
  read -r s_wall s_rss < <(measure "$BIN" build --quiet --root "$WORK/ours-$n" --output "$WORK/out-ours-search-$n")
  pages_h=$(find "$WORK/out-hugo-$n" -name '*.html' | wc -l); pages_o=$(find "$WORK/out-ours-$n" -name '*.html' | wc -l)

  printf '%-22s %7s %9s %9d   (%s HTML files)\n' hugo "$n" "$h_wall" $((h_rss / 1024)) "$pages_h"
  printf '%-22s %7s %9s %9d   (%s HTML files)\n' nhipcau "$n" "$o_wall" $((o_rss / 1024)) "$pages_o"
  printf '%-22s %7s %9s %9d\n' "nhipcau + search index" "$n" "$s_wall" $((s_rss / 1024))
  python3 - "$n" "$o_wall" "$h_wall" "$o_rss" "$h_rss" "$s_wall" <<'PY'
import sys
n, ow, hw, orss, hrss, sw = sys.argv[1], *map(float, sys.argv[2:])
t, m, s = ow / hw, orss / hrss, sw / hw
print(f"ratio at {n} pages: time {t:.2f}× Hugo, memory {m:.2f}× Hugo; with search index time {s:.2f}× Hugo")
if n == "10000":
    print(f"target ≤ 0.30× time: {'PASS' if t <= 0.3 else 'MISS'}; less memory: {'PASS' if m < 1 else 'MISS'}")
PY
done
