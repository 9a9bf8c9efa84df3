// Search benchmark: nhipcau vs Pagefind on the same built HTML, in Chromium.
// Usage (see benches/search.sh): node benches/search.mjs NAME OUT_DIR [NAME OUT_DIR…]
// Prints, per site and engine: engine (wasm) size raw/gzip/brotli, index size, bytes fetched by
// the first query, time to first result under 1.6 Mbps / 150 ms (CDP), warm query p95; and on a
// site named "portal", success@3 and MRR of both engines on the citizen-intent set
// (tests/fixtures/search/citizen-queries.tsv, page level, as tests/search_quality.rs counts them).
import { createServer } from 'node:http';
import { readFile, stat, readdir, writeFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(path.join(here, '../tests/browser/node_modules/playwright-core/index.mjs'));

// The last three use the portal's synonyms (search.sh gives the synthetic site the same file).
const QUERIES = ['tre em bi bao luc', 'dong thap', 'công tác xã hội', 'nguoi cao tuoi', 'bảo trợ xã hội', 'ke hoach', 'kinh te', 'giáo dục', 'tư vấn', 'hỗ trợ', 'xa hoi', 'doanh nghiep', 'Hà Nội', 'nong nghiep', 'du lich', 'nguoi gia song mot minh', 'tu van tam ly', 'tre bi danh dap'];
const CITIZEN_SET = (await readFile(path.join(here, '../tests/fixtures/search/citizen-queries.tsv'), 'utf8'))
  .split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t').map((x) => x.trim()));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

async function walk(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await walk(p)); else out.push(p);
  }
  return out;
}
async function sizeOf(files) { let n = 0; for (const f of files) n += (await stat(f)).size; return n; }
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

function serve(dir) {
  const server = createServer(async (req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

const PAGE = {
  nhipcau: `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module">
    import { search } from './search/nhipcau-search.js';
    window.runSearch = async (q) => { const r = await search({ text: q, limit: 5 }); return r.hits.length; };
    window.rankedUrls = async (q) => (await search({ text: q, limit: 20 })).hits.map((h) => h.url);
  </script>`,
  pagefind: `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module">
    const pagefind = await import('./pagefind/pagefind.js');
    window.runSearch = async (q) => { const r = await pagefind.search(q); const top = await Promise.all(r.results.slice(0, 5).map((x) => x.data())); return top.length; };
    window.rankedUrls = async (q) => { const r = await pagefind.search(q); return (await Promise.all(r.results.slice(0, 20).map((x) => x.data()))).map((d) => d.url); };
    window.ready = true;
  </script>`,
};

async function measure(browser, origin, engine, throttled) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttled) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(`${origin}/bench-${engine}.html`);
  await page.waitForFunction(() => typeof window.runSearch === 'function');
  bytes = 0; // what the page itself cost is not the search's
  // Workers' requests are not in the page's CDP session: count them through the resource timing
  // of the worker too, by asking the server log instead.
  const t0 = Date.now();
  const n = await page.evaluate((q) => window.runSearch(q), QUERIES[0]);
  const first = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const firstBytes = bytes;
  const times = [];
  const perQuery = {};
  if (!throttled) {
    for (let round = 0; round < 4; round += 1) {
      for (const q of QUERIES) {
        const t = await page.evaluate(async (q) => { const s = performance.now(); await window.runSearch(q); return performance.now() - s; }, q);
        if (round > 0) {
          times.push(t);
          (perQuery[q] ||= []).push(t);
        }
      }
    }
  }
  await context.close();
  times.sort((a, b) => a - b);
  const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
  const slowest = Object.entries(perQuery).map(([q, l]) => [q, median(l)]).sort((a, b) => b[1] - a[1]).slice(0, 4);
  return { hits: n, first, firstBytes, p95: times.length ? times[Math.floor(times.length * 0.95)] : null, slowest };
}

/** success@3 and MRR on the citizen-intent set: a result counts when its page is the target. */
async function quality(browser, origin, engine) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/bench-${engine}.html`);
  await page.waitForFunction(() => typeof window.rankedUrls === 'function');
  let top3 = 0, rr = 0;
  for (const [q, target] of CITIZEN_SET) {
    const pages = [];
    for (const url of await page.evaluate((q) => window.rankedUrls(q), q)) {
      const p = url.split('#')[0].replace(/index\.html$/, '');
      if (!pages.includes(p)) pages.push(p);
    }
    const rank = pages.indexOf(target) + 1;
    if (rank > 0 && rank <= 3) top3 += 1;
    if (rank > 0) rr += 1 / rank;
  }
  await context.close();
  return { success: top3 / CITIZEN_SET.length, mrr: rr / CITIZEN_SET.length };
}

const sites = process.argv.slice(2);
// BENCH_ENGINES=nhipcau compares builds of nhipcau alone (say, before and after a change).
const ENGINES = (process.env.BENCH_ENGINES || 'nhipcau,pagefind').split(',');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const rows = [];
for (let i = 0; i < sites.length; i += 2) {
  const [name, dir] = [sites[i], sites[i + 1]];
  for (const engine of ENGINES) await writeFile(path.join(dir, `bench-${engine}.html`), PAGE[engine]);
  const files = await walk(dir);
  const ours = files.filter((f) => f.includes(`${path.sep}search${path.sep}`));
  const theirs = files.filter((f) => f.includes(`${path.sep}pagefind${path.sep}`));
  const ourWasm = ours.find((f) => f.endsWith('.wasm'));
  const ourWasmZ = ours.find((f) => f.endsWith('.wasm.z'));
  const theirWasm = theirs.find((f) => /wasm\.[a-z-]+\.pagefind$/.test(f));
  const wasmRaw = await readFile(ourWasm);
  const wasm = { raw: wasmRaw.length, gzip: gzipSync(wasmRaw, { level: 9 }).length, brotli: brotliCompressSync(wasmRaw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
  const ourIndex = await sizeOf(ours.filter((f) => !/\.(wasm|wasm\.z|js|css)$/.test(f)));
  const theirIndex = await sizeOf(theirs.filter((f) => !/(wasm\.|\.js$|\.css$)/.test(f)));
  const { server, origin } = await serve(dir);
  // Count every byte the server sends during the first query (the worker's requests included).
  let served = 0;
  server.on('request', (req, res) => { const w = res.write.bind(res); const e = res.end.bind(res); res.end = (b, ...a) => { if (b) served += b.length; return e(b, ...a); }; res.write = (b, ...a) => { served += b.length; return w(b, ...a); }; });
  const result = {};
  for (const engine of ENGINES) {
    const warm = await measure(browser, origin, engine, false);
    served = 0;
    const cold = await measure(browser, origin, engine, true);
    result[engine] = { ...warm, first: cold.first, served };
    if (name === 'portal') result[engine].quality = await quality(browser, origin, engine);
  }
  // served includes the bench page itself (a few hundred bytes) for both engines.
  server.close();
  rows.push({ name, wasm, wasmZ: (await stat(ourWasmZ)).size, theirWasm: theirWasm ? (await stat(theirWasm)).size : 0, ourIndex, theirIndex, result });
}
await browser.close();

for (const r of rows) {
  const o = r.result.nhipcau, p = r.result.pagefind || { served: NaN, first: NaN, p95: NaN, quality: { success: NaN, mrr: NaN } };
  console.log(`\n== ${r.name}`);
  console.log(`engine wasm: nhipcau ${kb(r.wasm.raw)} raw / ${kb(r.wasm.gzip)} gzip / ${kb(r.wasm.brotli)} brotli, shipped as ${kb(r.wasmZ)} zlib; pagefind ${kb(r.theirWasm)} (shipped gzipped)`);
  console.log(`index on disk: nhipcau ${kb(r.ourIndex)}, pagefind ${kb(r.theirIndex)} (${(r.ourIndex / r.theirIndex).toFixed(2)}×)`);
  console.log(`first query bytes (uncompressed transfer, engine + index + scripts): nhipcau ${kb(o.served)}, pagefind ${kb(p.served)} (${(o.served / p.served).toFixed(2)}×)`);
  console.log(`time to first result at 1.6 Mbps / 150 ms: nhipcau ${o.first} ms, pagefind ${p.first} ms (${(o.first / p.first).toFixed(2)}×)`);
  console.log(`warm query p95 (top 5 results): nhipcau ${o.p95.toFixed(1)} ms, pagefind ${p.p95.toFixed(1)} ms (${(o.p95 / p.p95).toFixed(2)}×)`);
  if (o.quality) {
    const f = (x) => `success@3 ${(x.success * 100).toFixed(1)}%, MRR ${x.mrr.toFixed(3)}`;
    console.log(`citizen-intent set (${CITIZEN_SET.length} queries): nhipcau ${f(o.quality)}; pagefind ${f(p.quality)}; target success@3 ≥ 95%: ${o.quality.success >= 0.95 ? 'PASS' : 'MISS'}`);
  }
  console.log(`slowest warm queries (median ms): nhipcau ${o.slowest.map(([q, t]) => `"${q}" ${t.toFixed(1)}`).join(', ')}`);
  // The issue sets the query targets for the 10,000-page site; the portal's are printed for reference.
  const scale = r.name.startsWith('synthetic') ? '' : ' (the targets are set for 10,000 pages)';
  console.log(`targets${scale}: wasm ≤ 350 KB brotli: ${r.wasm.brotli <= 350 * 1024 ? 'PASS' : 'MISS'}; warm p95 ≤ 20 ms: ${o.p95 <= 20 ? 'PASS' : 'MISS'}; first-query bytes ≤ 2× Pagefind: ${o.served <= 2 * p.served ? 'PASS' : 'MISS'}`);
}
