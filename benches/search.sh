#!/usr/bin/env bash
# Search benchmark against Pagefind on the same HTML: the default portal and a synthetic
# 10,000-page site (benches/gen_site.py). Needs Chromium and tests/browser's npm packages.
#   bash benches/search.sh [PAGES]     # default 10000
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=$(mktemp -d /tmp/nhipcau-search-bench.XXXX)
trap 'rm -rf "$WORK"' EXIT
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
npm install --prefix "$WORK/pf" --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null
PAGEFIND="$WORK/pf/node_modules/.bin/pagefind"
cargo build --release -q -p nhipcau
BIN=$PWD/target/release/nhipcau

"$BIN" build --quiet --output "$WORK/portal"
python3 benches/gen_site.py --pages "$N" --out "$WORK/synthetic" --flavor zola --zola-links >/dev/null
rm -rf "$WORK/synthetic/templates" && cp -r benches/site/templates "$WORK/synthetic/templates"
sed 's/build_search_index = false/build_search_index = true/' benches/site/config.toml > "$WORK/synthetic/config.toml"
# The portal's synonyms, so the warm queries' expansions are measured at scale too.
mkdir -p "$WORK/synthetic/data/search" && cp data/search/synonyms.toml "$WORK/synthetic/data/search/"
/usr/bin/time -f "nhipcau build with index, $N pages: %e s, %M KB" "$BIN" build --quiet --root "$WORK/synthetic" --output "$WORK/synthetic-out"
for site in portal synthetic-out; do
  /usr/bin/time -f "pagefind on $site: %e s, %M KB" "$PAGEFIND" --site "$WORK/$site" --force-language vi >/dev/null
done
node benches/search.mjs portal "$WORK/portal" "synthetic-$N" "$WORK/synthetic-out"
