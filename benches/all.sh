#!/usr/bin/env bash
# Every figure of issue 12's table in one run: benches/build.sh (1,000 and 10,000 pages and the
# large real-text site) then benches/search.sh (portal, 10,000 pages, large site), their full
# output, then a summary with the peers' figures, ratios and the targets' PASS/MISS.
#   BENCH_RUNS=1 ZOLA=/path/to/zola bash benches/all.sh      # ~20 min on the 2-core bench machine
# Without ZOLA, Zola's rows say so and are left out of the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
RES=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-all.XXXX")
trap 'rm -rf "$RES"' EXIT
echo "== build (benches/build.sh)"
BENCH_RESULTS=$RES/build.json bash benches/build.sh 1000 10000 legal
echo
echo "== search (benches/search.sh)"
BENCH_RESULTS=$RES/search.json bash benches/search.sh 10000
echo
python3 - "$RES/build.json" "$RES/search.json" <<'PY'
import json, sys
b, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = []


def add(figure, ours, peer_name, peer, unit, target=None, ok=None):
    ratio = f"{ours / peer:.2f}×" if peer else "-"
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    fmt = (lambda v: f"{v:.2f} {unit}") if unit == "s" else (lambda v: f"{v:.0f} {unit}") if unit in ("ms", "KB") else (lambda v: f"{v:.1f} {unit}")
    rows.append((figure, fmt(ours), f"{peer_name} {fmt(peer)}" if peer is not None else peer_name, ratio, target or "", verdict))


for n in ("10000",):
    r = b[n]
    o = r["nhipcau"]["wall"]
    if "zola" in r:
        add(f"build {n} pages, no index", o, "Zola", r["zola"]["wall"], "s")
    else:
        add(f"build {n} pages, no index", o, "Zola: not measured (ZOLA unset)", None, "s")
    add(f"build {n} pages, no index", o, "Hugo", r["hugo"]["wall"], "s")
for n in ("1000", "10000"):
    r = b[n]
    o = r["nhipcau + search index"]["wall"]
    if "zola + elasticlunr" in r:
        z = r["zola + elasticlunr"]["wall"]
        add(f"build {n} pages, with index", o, "Zola+elasticlunr", z, "s", "≤ 0.5×", o <= 0.5 * z)
    else:
        add(f"build {n} pages, with index", o, "Zola+elasticlunr: not measured", None, "s")
    h = r["hugo + pagefind"]["wall"]
    add(f"build {n} pages, with index", o, "Hugo+Pagefind", h, "s", "≤ 0.25×", o <= 0.25 * h)
r = b["10000"]
st = r["nhipcau + search index"]["stages"]
add("index stage vs render stage, 10000 (wall)", st["index"], "render", st["render"], "s", "index ≤ render", st["index"] <= st["render"])
add("index stage 10000: cpu vs wall", r["index_cpu"], "wall", st["index"], "s")
L = b["legal"]
add(f"index stage, large site ({L['mb']:.0f} MB): cpu", L["index_cpu"], "Pagefind cpu", L["pagefind"]["cpu"], "s")
add(f"index stage, large site ({L['mb']:.0f} MB): wall", L["index_wall"], "Pagefind wall", L["pagefind"]["wall"], "s")

sites = [("portal", "portal"), ("10000 pages", next(k for k in s if k.startswith("synthetic"))), ("large site", "large")]
for label, key in sites:
    o, p = s[key]["result"]["nhipcau"], s[key]["result"]["pagefind"]
    tgt = "≤ 1.2×" if label == "10000 pages" else None
    add(f"first-query bytes, {label}", o["bytes"] / 1024, "Pagefind", p["bytes"] / 1024, "KB", tgt, o["bytes"] <= 1.2 * p["bytes"] if tgt else None)
o = s["portal"]["result"]["nhipcau"]
add("engine as transferred", o["engineBytes"] / 1024, "Pagefind", s["portal"]["result"]["pagefind"]["engineBytes"] / 1024, "KB", "≤ 200 KB", o["engineBytes"] <= 200 * 1024)
for label, key in sites:
    o, p = s[key]["result"]["nhipcau"], s[key]["result"]["pagefind"]
    lim = 1.3 if label == "portal" else 1.0
    add(f"first result 1.6 Mbps/150 ms, {label}", o["first"], "Pagefind", p["first"], "ms", f"≤ {lim}×", o["first"] <= lim * p["first"])
for label, key in sites:
    o, p = s[key]["result"]["nhipcau"], s[key]["result"]["pagefind"]
    add(f"returning visitor, {label}", o["returning"], "Pagefind", p["returning"], "ms", "≤ 0.5×", o["returning"] <= 0.5 * p["returning"])
o, p = s["large"]["result"]["nhipcau"], s["large"]["result"]["pagefind"]
add("per query after the first, large site: median", o["median"], "Pagefind", p["median"], "ms", "≤ 30 ms", o["median"] <= 30)
add("per query after the first, large site: p95", o["p95"], "Pagefind", p["p95"], "ms", "≤ 100 ms", o["p95"] <= 100)
k = sites[1][1]
o, p = s[k]["result"]["nhipcau"], s[k]["result"]["pagefind"]
add("warm p95 at 10000 pages, with synonyms", o["p95"], "Pagefind", p["p95"], "ms", "≤ 20 ms", o["p95"] <= 20)

w = [max(len(r[i]) for r in rows + [("figure", "nhipcau", "peer", "ratio", "target", "")]) for i in range(6)]
print("== summary (medians; ratio = nhipcau / peer)")
for r in [("figure", "nhipcau", "peer", "ratio", "target", "")] + rows:
    print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())
passed = sum(r[5] == "PASS" for r in rows)
print(f"{passed} passed, {sum(r[5] == 'MISS' for r in rows)} missed of the targets above")
PY
