#!/usr/bin/env bash
# Search benchmark against Pagefind on the same HTML: the default portal, a synthetic
# 10,000-page site (benches/gen_site.py) with the portal's synonyms, and a large real-text site
# of plan documents (benches/gen_legal.py, ~20 MB). Needs Chromium and tests/browser's npm packages.
#   bash benches/search.sh [PAGES]     # default 10000
#   BENCH_RUNS=1 bash benches/search.sh   # first-visit figures are medians of BENCH_RUNS (default 3)
#   BENCH_ENCODING=gzip bash benches/search.sh   # a host that compresses with gzip only
#   BENCH_HTTP2=1 bash benches/search.sh   # a host that serves HTTP/2 (needs openssl for a throwaway certificate)
# BENCH_RESULTS=FILE also writes the figures as JSON (benches/all.sh reads them).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-search-bench.XXXX")
trap 'rm -rf "$WORK"' EXIT
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
npm install --prefix "$WORK/pf" --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null
PAGEFIND="$WORK/pf/node_modules/.bin/pagefind"
cargo build --release -q --locked -p nhipcau
BIN=$PWD/target/release/nhipcau

# The offline service worker is off for these measurements (BENCH_SW=1 keeps it): Chromium's
# network emulation and byte counts (CDP) do not reach a service worker's own fetches, so with it
# on, the engine and chunks it fetches for the page would be neither throttled nor counted.
without_sw() {
  [ "${BENCH_SW:-0}" = 1 ] && return 0
  python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r'(?m)^\[search\]\n', '[search]\noffline = false\n', s, count=1) if re.search(r'(?m)^\[search\]$', s) else s + '\n[search]\noffline = false\n'
open(p, 'w').write(s)
PY
}
mkdir -p "$WORK/portal-src"
for part in config.toml content data static themes sources; do [ -e "$part" ] && cp -r "$part" "$WORK/portal-src/"; done
without_sw "$WORK/portal-src/config.toml"
"$BIN" build --quiet --root "$WORK/portal-src" --output "$WORK/portal"
python3 benches/gen_site.py --pages "$N" --out "$WORK/synthetic" --flavor zola --zola-links >/dev/null
rm -rf "$WORK/synthetic/templates" && cp -r benches/site/templates "$WORK/synthetic/templates"
sed 's/build_search_index = false/build_search_index = true/' benches/site/config.toml > "$WORK/synthetic/config.toml"
# The portal's synonyms, so the warm queries' expansions are measured at scale too (issue 11).
mkdir -p "$WORK/synthetic/data/search" && cp data/search/synonyms.toml "$WORK/synthetic/data/search/"
python3 benches/gen_legal.py --out "$WORK/large" >&2
mkdir -p "$WORK/large/data/search" && cp data/search/synonyms.toml "$WORK/large/data/search/"
without_sw "$WORK/synthetic/config.toml"
without_sw "$WORK/large/config.toml"
/usr/bin/time -f "nhipcau build with index, $N pages: %e s, %M KB" "$BIN" build --quiet --root "$WORK/synthetic" --output "$WORK/synthetic-out"
/usr/bin/time -f "nhipcau build with index, large site: %e s, %M KB" "$BIN" build --quiet --root "$WORK/large" --output "$WORK/large-out"
for site in portal synthetic-out large-out; do
  /usr/bin/time -f "pagefind on $site: %e s, %M KB" "$PAGEFIND" --site "$WORK/$site" --force-language vi >/dev/null
done
node benches/search.mjs portal "$WORK/portal" "synthetic-$N" "$WORK/synthetic-out" large "$WORK/large-out"
