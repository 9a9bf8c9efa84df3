#!/usr/bin/env bash
# Build speed and memory against the peers, on the same synthetic text (benches/gen_site.py):
# without a search index against Zola and Hugo, with it against Zola + elasticlunr and Hugo +
# Pagefind; nhipcau's index stage against its render stage; and the index stage on a large
# real-text site (benches/gen_legal.py, ~20 MB) against Pagefind indexing the same HTML.
#   bash benches/build.sh                    # 1,000 and 10,000 pages and the large site
#   bash benches/build.sh 1000 legal         # some of them
#   BENCH_RUNS=1 bash benches/build.sh       # fewer runs (default 3)
#   ZOLA=/path/to/zola bash benches/build.sh # with Zola's rows (Zola is not on apt; without
#                                            # ZOLA its rows are skipped with a message)
# The tools run interleaved (one run of each in turn, after one warm-up run of each, so a busy
# moment of this shared machine lands on all of them); figures are medians of BENCH_RUNS runs.
# "cpu s" is user + system time: cpu / wall is how many cores a tool kept busy.
# BENCH_RESULTS=FILE also writes the figures as JSON (benches/all.sh reads them).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000 legal}")
export BENCH_RUNS=${BENCH_RUNS:-3}
# BENCH_TMP=/dev/shm measures the tools rather than this machine's disk (mkdir costs ~0.5 ms here).
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/nhipcau-bench.XXXX")
trap 'rm -rf "$WORK"' EXIT

command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
# The same Pagefind as benches/search.sh, from the npm registry.
npm install --prefix "$WORK/pf" --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null
export PAGEFIND="$WORK/pf/node_modules/.bin/pagefind"
cargo build --release -q --locked -p nhipcau
export BIN=$PWD/target/release/nhipcau
if [ -n "${ZOLA:-}" ]; then
  echo "zola: $("$ZOLA" --version)"
else
  echo "zola: ZOLA is not set, Zola's rows are skipped (build Zola from source and pass ZOLA=/path/to/zola)"
fi
echo "hugo: $(hugo version | cut -d' ' -f1-2); pagefind 1.6.0; runs: $BENCH_RUNS (medians), interleaved"

for n in ${SIZES[@]}; do
  if [ "$n" = legal ]; then
    python3 benches/gen_legal.py --out "$WORK/legal" >&2
    sed 's/build_search_index = true/build_search_index = false/' "$WORK/legal/config.toml" > "$WORK/legal/config-noindex.toml"
    cp "$WORK/legal/config.toml" "$WORK/legal/config-index.toml"
    continue
  fi
  python3 benches/gen_site.py --pages "$n" --out "$WORK/hugo-$n" --flavor hugo >/dev/null
  python3 benches/gen_site.py --pages "$n" --out "$WORK/ours-$n" --flavor zola --zola-links >/dev/null
  if [ -n "${ZOLA:-}" ]; then
    python3 benches/gen_site.py --pages "$n" --out "$WORK/zola-$n" --flavor zola --zola-links >/dev/null
    python3 benches/gen_site.py --pages "$n" --out "$WORK/zola-lunr-$n" --flavor zola --zola-links --zola-search elasticlunr_javascript >/dev/null
    # Zola's elasticlunr has no Vietnamese ("Tried to build search index for language vi which is
    # not supported"): its index is built as English, the only way Zola indexes this text at all.
    sed -i 's/^default_language = "vi"/default_language = "en"/' "$WORK/zola-lunr-$n/config.toml"
  fi
  rm -rf "$WORK/ours-$n/templates" && cp -r benches/site/templates "$WORK/ours-$n/templates"
  cp benches/site/config.toml "$WORK/ours-$n/config-noindex.toml"
  sed 's/build_search_index = false/build_search_index = true/' benches/site/config.toml > "$WORK/ours-$n/config-index.toml"
done

python3 - "$WORK" ${SIZES[@]} <<'PY'
import json, os, re, statistics, subprocess, sys, time

work, sizes = sys.argv[1], sys.argv[2:]
runs = int(os.environ["BENCH_RUNS"])
BIN, PAGEFIND, ZOLA = os.environ["BIN"], os.environ["PAGEFIND"], os.environ.get("ZOLA")


def run(cmd):
    """wall s, cpu s (user + sys, the process and its children), user s, peak RSS KB, stderr."""
    t = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{err[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime, "rss": ru.ru_maxrss, "err": err}


def stages(err):
    out = {}
    for line in err.splitlines():
        m = re.match(r"(load|render|index|write):.*\((\d+(?:\.\d+)?) (ms|s)\)\s*$", line)
        if m:
            out[m[1]] = float(m[2]) / (1000 if m[3] == "ms" else 1)
    return out


def nhipcau(root, out, config):
    # The config is copied in place, so each run builds what its name says.
    return ["bash", "-c", f'cp "$1/{config}" "$1/config.toml" && exec "$2" build --root "$1" --output "$3"', "_", root, BIN, out]


def interleaved(tools):
    """tools: name → command. One warm-up run of each (file cache), then `runs` rounds in turn."""
    for cmd in tools.values():
        run(cmd)
    got = {name: [] for name in tools}
    for _ in range(runs):
        for name, cmd in tools.items():
            got[name].append(run(cmd))
    med = {}
    for name, rs in got.items():
        med[name] = {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "user")}
        med[name]["rss"] = max(r["rss"] for r in rs)
        st = [stages(r["err"]) for r in rs]
        if st and st[0]:
            med[name]["stages"] = {k: statistics.median(s[k] for s in st) for k in st[0]}
    return med


def row(name, n, r, note=""):
    print(f"{name:<26} {n:>6} {r['wall']:8.2f} {r['cpu']:8.2f} {r['rss'] // 1024:8d}   {note}")


results = {}
print(f"\n{'tool':<26} {'pages':>6} {'wall s':>8} {'cpu s':>8} {'RSS MB':>8}")
for n in sizes:
    if n == "legal":
        site = f"{work}/legal"
        tools = {
            "nhipcau": nhipcau(site, f"{work}/out-legal", "config-noindex.toml"),
            "nhipcau + search index": nhipcau(site, f"{work}/out-legal-index", "config-index.toml"),
            # Pagefind indexes nhipcau's HTML of the site (written by the warm-up run, before).
            "pagefind": [PAGEFIND, "--site", f"{work}/out-legal-index", "--force-language", "vi", "--output-subdir", "../pf-legal"],
        }
        run(tools["nhipcau + search index"])
        med = interleaved(tools)
        mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(f"{site}/content") for f in fs) / 1e6
        for name, r in med.items():
            row(name, "large", r, f"({mb:.1f} MB of Markdown)" if name == "nhipcau" else "")
        s = med["nhipcau + search index"]
        index_wall = s["stages"]["index"]
        index_cpu = s["cpu"] - med["nhipcau"]["cpu"]
        pf = med["pagefind"]
        print(f"    large site: nhipcau index stage {index_wall:.2f} s wall, {index_cpu:.2f} s cpu (build cpu with − without the index); "
              f"pagefind {pf['wall']:.2f} s wall, {pf['cpu']:.2f} s cpu: {index_cpu / pf['cpu']:.2f}× Pagefind's cpu")
        results["legal"] = {"mb": mb, **{k: {kk: vv for kk, vv in v.items()} for k, v in med.items()},
                            "index_wall": index_wall, "index_cpu": index_cpu}
        continue
    tools = {
        "hugo": ["hugo", "--quiet", "--source", f"{work}/hugo-{n}", "--config", f"{work}/hugo-{n}/hugo.toml", "--destination", f"{work}/out-hugo-{n}"],
        # Hugo, then Pagefind on what it wrote: the peer's build with a search index.
        "hugo + pagefind": ["bash", "-c", 'hugo --quiet --source "$1" --config "$1/hugo.toml" --destination "$2" && "$3" --site "$2" --force-language vi',
                            "_", f"{work}/hugo-{n}", f"{work}/out-hugo-pf-{n}", PAGEFIND],
    }
    if ZOLA:
        tools["zola"] = [ZOLA, "--root", f"{work}/zola-{n}", "build", "--output-dir", f"{work}/out-zola-{n}", "--force"]
        tools["zola + elasticlunr"] = [ZOLA, "--root", f"{work}/zola-lunr-{n}", "build", "--output-dir", f"{work}/out-zola-lunr-{n}", "--force"]
    tools["nhipcau"] = nhipcau(f"{work}/ours-{n}", f"{work}/out-ours-{n}", "config-noindex.toml")
    tools["nhipcau + search index"] = nhipcau(f"{work}/ours-{n}", f"{work}/out-ours-index-{n}", "config-index.toml")
    med = interleaved(tools)
    html = lambda d: sum(f.endswith(".html") for _, _, fs in os.walk(d) for f in fs)
    for name, r in med.items():
        note = ""
        if name in ("hugo", "zola", "nhipcau"):
            out = {"hugo": "hugo", "zola": "zola", "nhipcau": "ours"}[name]
            note = f"({html(f'{work}/out-{out}-{n}')} HTML files)"
        if name == "zola + elasticlunr":
            note = f"(search_index.en.js {os.path.getsize(f'{work}/out-zola-lunr-{n}/search_index.en.js') // 1024} KB)"
        row(name, n, r, note)
    s, o = med["nhipcau + search index"], med["nhipcau"]
    for k, v in s["stages"].items():
        print(f"    {k + ':':<8} {v:6.2f} s")
    index_cpu = s["cpu"] - o["cpu"]
    print(f"    index stage {s['stages']['index']:.2f} s wall, {index_cpu:.2f} s cpu (build cpu with − without the index); "
          f"render stage {s['stages']['render']:.2f} s wall; whole build {s['wall']:.2f} s wall, {s['cpu']:.2f} s cpu "
          f"({s['cpu'] / s['wall']:.2f} cores busy)")
    results[n] = {**med, "index_cpu": index_cpu}

if os.environ.get("BENCH_RESULTS"):
    json.dump(results, open(os.environ["BENCH_RESULTS"], "w"), indent=1)
PY
