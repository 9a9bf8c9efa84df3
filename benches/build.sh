#!/usr/bin/env bash
# Build speed and memory against Hugo, and with the search index against Hugo + Pagefind, on the
# same synthetic text (benches/gen_site.py).
#   bash benches/build.sh            # 1,000 and 10,000 pages
#   bash benches/build.sh 1000       # one size
#   BENCH_RUNS=1 bash benches/build.sh 10000   # fewer runs (Hugo + Pagefind takes a minute there)
# Prints median wall and user (CPU) time of BENCH_RUNS runs (after a warm-up) and peak RSS, the
# stage lines nhipcau prints for its build with the index (load/render/index/write), and ratios.
# Targets: at 10,000 pages without the index ≤ 0.3× Hugo's wall time and less peak memory; with
# the index ≤ 0.25× Hugo + Pagefind at 1,000 and 10,000 pages, and the index stage no longer than
# the render stage. (Zola + elasticlunr, the other peer of issue 12, is not installable here.)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
RUNS=${BENCH_RUNS:-3}
# BENCH_TMP=/dev/shm measures the tools rather than this machine's disk (mkdir costs ~0.5 ms here).
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-bench.XXXX")
trap 'rm -rf "$WORK"' EXIT

command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
# The same Pagefind as benches/search.sh, from the npm registry.
npm install --prefix "$WORK/pf" --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null
PAGEFIND="$WORK/pf/node_modules/.bin/pagefind"
cargo build --release -q -p nhipcau
BIN=$PWD/target/release/nhipcau

# median wall seconds, median user seconds and max RSS (KB) over RUNS runs of "$@"
measure() {
  "$@" >/dev/null 2>&1 # warm-up (file cache)
  local walls=() users=() rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %M" -o "$WORK/t" "$@" >/dev/null 2>&1
    read -r wall user kb < "$WORK/t"
    walls+=("$wall"); users+=("$user"); (( kb > rss )) && rss=$kb
  done
  local mid=$(( (RUNS + 1) / 2 ))
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")" "$(printf '%s\n' "${users[@]}" | sort -n | sed -n "${mid}p")" "$rss"
}

# Hugo, then Pagefind on what it wrote: the peer's build with a search index (a command, for time).
HUGO_PAGEFIND='hugo --quiet --source "$1" --config "$1/hugo.toml" --destination "$2" && "$3" --site "$2" --force-language vi'

row() { printf '%-24s %7s %8s %8s %8d   %s\n' "$1" "$2" "$3" "$4" $(($5 / 1024)) "${6:-}"; }
printf '%-24s %7s %8s %8s %8s\n' tool pages "wall s" "user s" "RSS MB"
for n in ${SIZES[@]}; do
  python3 benches/gen_site.py --pages "$n" --out "$WORK/hugo-$n" --flavor hugo >/dev/null
  python3 benches/gen_site.py --pages "$n" --out "$WORK/ours-$n" --flavor zola --zola-links >/dev/null
  rm -rf "$WORK/ours-$n/templates" && cp -r benches/site/templates "$WORK/ours-$n/templates" && cp benches/site/config.toml "$WORK/ours-$n/config.toml"
  sed 's/build_search_index = false/build_search_index = true/' benches/site/config.toml > "$WORK/ours-$n/config-search.toml"

  read -r h_wall h_user h_rss < <(measure hugo --quiet --source "$WORK/hugo-$n" --config "$WORK/hugo-$n/hugo.toml" --destination "$WORK/out-hugo-$n")
  read -r hp_wall hp_user hp_rss < <(measure bash -c "$HUGO_PAGEFIND" _ "$WORK/hugo-$n" "$WORK/out-hugo-pf-$n" "$PAGEFIND")
  read -r o_wall o_user o_rss < <(measure "$BIN" build --quiet --root "$WORK/ours-$n" --output "$WORK/out-ours-$n")
  cp "$WORK/ours-$n/config-search.toml" "$WORK/ours-$n/config.toml"
  read -r s_wall s_user s_rss < <(measure "$BIN" build --quiet --root "$WORK/ours-$n" --output "$WORK/out-ours-search-$n")
  "$BIN" build --root "$WORK/ours-$n" --output "$WORK/out-ours-search-$n" 2> "$WORK/stages-$n" >/dev/null
  pages_h=$(find "$WORK/out-hugo-$n" -name '*.html' | wc -l); pages_o=$(find "$WORK/out-ours-$n" -name '*.html' | wc -l)

  row hugo "$n" "$h_wall" "$h_user" "$h_rss" "($pages_h HTML files)"
  row "hugo + pagefind" "$n" "$hp_wall" "$hp_user" "$hp_rss"
  row nhipcau "$n" "$o_wall" "$o_user" "$o_rss" "($pages_o HTML files)"
  row "nhipcau + search index" "$n" "$s_wall" "$s_user" "$s_rss"
  sed -n 's/^\(load\|render\|index\|write\):/    &/p' "$WORK/stages-$n"
  python3 - "$n" "$o_wall" "$h_wall" "$o_rss" "$h_rss" "$s_wall" "$hp_wall" "$WORK/stages-$n" <<'PY'
import re, sys
n, ow, hw, orss, hrss, sw, hpw = sys.argv[1], *map(float, sys.argv[2:8])
stages = {}
for line in open(sys.argv[8], encoding="utf-8"):
    m = re.match(r"(\w+):.*\((\d+(?:\.\d+)?) (ms|s)\)\s*$", line)
    if m:
        stages[m[1]] = float(m[2]) / (1000 if m[3] == "ms" else 1)
t, m, s, p = ow / hw, orss / hrss, sw / hw, sw / hpw
print(f"ratio at {n} pages: time {t:.2f}× Hugo, memory {m:.2f}× Hugo; with search index {s:.2f}× Hugo, {p:.2f}× Hugo + Pagefind")
index, render = stages.get("index"), stages.get("render")
if index is not None and render is not None:
    print(f"index stage {index:.2f} s, render stage {render:.2f} s: index ≤ render {'PASS' if index <= render else 'MISS'}")
print(f"target with index ≤ 0.25× Hugo + Pagefind: {'PASS' if p <= 0.25 else 'MISS'}")
if n == "10000":
    print(f"target ≤ 0.30× time: {'PASS' if t <= 0.3 else 'MISS'}; less memory: {'PASS' if m < 1 else 'MISS'}")
PY
done
