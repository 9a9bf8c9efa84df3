#!/usr/bin/env bash
# Resource bounds: time and peak memory for 1,000 / 10,000 / 100,000 small pages, each linking
# to 5 others with @/ links, and the growth ratio per 10× pages (≈10 means linear; 100 would be
# quadratic). BENCH_TMP=/dev/shm takes the disk out of the figures.
#   bash benches/scale.sh [SIZES…]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000 100000}")
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-scale.XXXX")
trap 'rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
cargo build --release -q -p nhipcau
BIN=$PWD/target/release/nhipcau
prev=""
printf '%8s %9s %9s %8s\n' pages "wall s" "RSS MB" growth
for n in ${SIZES[@]}; do
  site="$WORK/site-$n"
  python3 - "$site" "$n" <<'PY'
import os, sys
site, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{site}/content", exist_ok=True)
open(f"{site}/config.toml", "w").write('title = "Scale"\nbase_url = "https://example.gov.vn/"\ntheme = "nhipcau"\nbuild_search_index = false\n')
open(f"{site}/content/_index.md", "w").write('+++\ntitle = "Trang chủ"\n+++\n')
for s in range(10):
    os.makedirs(f"{site}/content/muc-{s}", exist_ok=True)
    open(f"{site}/content/muc-{s}/_index.md", "w").write(f'+++\ntitle = "Mục {s}"\nsort_by = "weight"\npaginate_by = 50\n+++\n')
for i in range(n):
    links = " ".join(f"[trang {j}](@/muc-{j % 10}/trang-{j}.md)" for j in ((i * 7 + k * 13) % n for k in range(5)))
    open(f"{site}/content/muc-{i % 10}/trang-{i}.md", "w").write(f'+++\ntitle = "Trang {i}"\nweight = {i}\n+++\n## Phần một\n\nCông tác xã hội {i}. {links}\n')
PY
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" build --quiet --root "$site" --output "$WORK/out-$n"
  read -r wall kb < "$WORK/t"
  growth="-"; [ -n "$prev" ] && growth=$(python3 -c "print(f'{$wall/$prev:.1f}x')")
  printf '%8s %9s %9d %8s\n' "$n" "$wall" $((kb / 1024)) "$growth"
  prev=$wall
  rm -rf "$site" "$WORK/out-$n"
done
