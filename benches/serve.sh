#!/usr/bin/env bash
# Authoring loop latency: time from saving one page (and one template) to the rebuilt page being
# served by `nhipcau serve`, median over 10 edits, on a synthetic site (default 10,000 pages).
#   bash benches/serve.sh [PAGES]
# NHIPCAU=/path/to/nhipcau times that binary instead of this checkout's release build (to compare
# two builds side by side on a loaded machine); EDITS=page skips the template edits.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-serve-bench.XXXX")
if [ -z "${NHIPCAU:-}" ]; then
  cargo build --release -q -p nhipcau
  NHIPCAU=target/release/nhipcau
fi
python3 benches/gen_site.py --pages "$N" --out "$WORK/site" --flavor zola --zola-links >/dev/null
rm -rf "$WORK/site/templates" && cp -r benches/site/templates "$WORK/site/templates" && cp benches/site/config.toml "$WORK/site/config.toml"
"$NHIPCAU" serve --root "$WORK/site" --port 0 > "$WORK/serve.log" 2>/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
python3 - "$WORK" "${EDITS:-page,template}" <<'PY'
import os, re, statistics, sys, time, urllib.request
work, edits = sys.argv[1], sys.argv[2].split(",")
while not open(f"{work}/serve.log").read().strip():
    time.sleep(0.05)
base = re.search(r"http://\S+/", open(f"{work}/serve.log").read()).group(0)
page = f"{work}/site/content/thoi-su/bai-00000.md"
def fetch(path):
    try:
        return urllib.request.urlopen(base + path, timeout=30).read().decode()
    except Exception:
        return ""
def measure(edit, path, marker):
    edit(marker)
    t = time.monotonic()
    while marker not in fetch(path):
        time.sleep(0.005)
    return (time.monotonic() - t) * 1000
def edit_page(marker):
    src = open(page).read()
    open(page, "w").write(re.sub(r"MARK\d+|$", marker, src, count=1))
def edit_template(marker):
    p = f"{work}/site/templates/page.html"
    src = open(p).read()
    # Inside the page's block: markup outside blocks of a child template is not rendered.
    open(p, "w").write(re.sub(r"<article>(<!--MARK\d+-->)?", f"<article><!--{marker}-->", src, count=1))
for name, fn in [("page edit", edit_page), ("template edit", edit_template)]:
    if name.split()[0] not in edits:
        continue
    times = [measure(fn, "thoi-su/bai-00000/", f"MARK{i}{int(time.time()*1000)}") for i in range(10)]
    print(f"{name}: median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms (target ≤ 100 ms for a page edit)")
PY
