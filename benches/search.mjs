// Search benchmark: nhipcau vs Pagefind on the same built HTML, in Chromium.
// Usage (see benches/search.sh): node benches/search.mjs NAME OUT_DIR [NAME OUT_DIR…]
// Per site and engine: engine bytes as transferred, index size, bytes on the wire for the first
// query (engine + index + scripts), time to first result under 1.6 Mbps / 150 ms (CDP throttling)
// for a first visit and for a returning visitor (same browser profile: what the HTTP cache kept,
// a different query, then one with a typo), and per-query time after the first (median and p95,
// local, unthrottled).
// On a site named "portal" also success@3 and MRR on the citizen-intent, held-out and blind sets
// (tests/fixtures/search/, page level, as tests/search_quality.rs counts them).
// BENCH_RESULTS=FILE writes the figures as JSON (benches/all.sh reads them).
//
// The server is the bench's own and behaves like a typical static host, so "transferred" means
// what a citizen's phone would receive: text types and wasm are compressed (brotli when the
// browser asks for it, else gzip; a precompressed .br/.gz sibling is sent instead when there is
// one, as nginx's brotli_static/gzip_static do), other types (nhipcau's .bin chunks, Pagefind's
// already-gzipped .pagefind files) go as they are; Cache-Control max-age=600 with an ETag, as
// GitHub Pages sends. BENCH_ENCODING=gzip models a gzip-only host, identity one that compresses
// nothing. Bytes are counted by Chromium (CDP Network.loadingFinished encodedDataLength: body and
// headers as received, 0 for a response from the HTTP cache), over the page and its workers.
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { readFile, stat, readdir, writeFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createHash, X509Certificate } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(path.join(here, '../tests/browser/node_modules/playwright-core/index.mjs'));

// The last three use the portal's synonyms (search.sh gives the synthetic site the same file).
const QUERIES = ['tre em bi bao luc', 'dong thap', 'công tác xã hội', 'nguoi cao tuoi', 'bảo trợ xã hội', 'ke hoach', 'kinh te', 'giáo dục', 'tư vấn', 'hỗ trợ', 'xa hoi', 'doanh nghiep', 'Hà Nội', 'nong nghiep', 'du lich', 'nguoi gia song mot minh', 'tu van tam ly', 'tre bi danh dap'];
// For the large site of plan documents (benches/gen_legal.py): what people look for in plans.
const PLAN_QUERIES = ['công tác xã hội', 'tre em', 'nguoi cao tuoi', 'bảo trợ xã hội', 'kinh phí thực hiện', 'dao tao boi duong', 'cộng tác viên', 'quyết định 112', 'Đồng Tháp', 'tu van tam ly', 'nguoi khuyet tat', 'ngân sách địa phương', 'trung tâm công tác xã hội', 'giai đoạn 2021 - 2030', 'bệnh viện', 'truyen thong', 'ủy ban nhân dân tỉnh', 'chăm sóc sức khỏe'];
const RETURNING_QUERY = { default: 'nguoi khuyet tat', plans: 'chế độ chính sách' };
// Then a query with a typo, as citizens type on phones: near forms widen it past what a plan of
// the typed words can name.
const TYPO_QUERY = { default: 'bao ve tre emm', plans: 'cham soc suc khoee' };
const querySet = async (file) => (await readFile(path.join(here, '../tests/fixtures/search', file), 'utf8'))
  .split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t').map((x) => x.trim()));
// The sets tests/search_quality.rs holds floors on (docs/DESIGN.md, Search quality).
const QUALITY_SETS = {
  'citizen-intent': await querySet('citizen-queries.tsv'),
  'held-out': await querySet('citizen-queries-heldout.tsv'),
  blind: await querySet('citizen-queries-blind.tsv'),
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain' };
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.xml', '.txt']);
const ENCODING = process.env.BENCH_ENCODING || 'br';
// BENCH_HTTP2=1: the server speaks HTTP/2 over TLS (a throwaway self-signed certificate), as
// GitHub Pages, Netlify and Cloudflare do; by default HTTP/1.1, where Chromium opens at most six
// connections to a host and queues the rest of a round's requests behind them.
const HTTP2 = process.env.BENCH_HTTP2 === '1';
function certificate() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nhipcau-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const tls = { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true });
  return tls;
}
const TLS = HTTP2 ? certificate() : null;
// Trusted by its key rather than ignored: Chromium keeps no HTTP cache for a site whose
// certificate it overrides, and the returning-visitor rows need one.
const SPKI = TLS && createHash('sha256').update(new X509Certificate(TLS.cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

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
const exists = (f) => stat(f).then(() => true, () => false);

function serve(dir) {
  const cache = new Map(); // compressed bodies, computed once: hosts cache them too
  const counter = { served: 0, list: [] }; // body bytes sent, per path: a check on Chromium's count
  const handler = async (req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const ext = path.extname(file);
      const accept = String(req.headers['accept-encoding'] || '');
      let body = await readFile(file);
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'max-age=600', etag, vary: 'accept-encoding' };
      if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers).end(); return; }
      if (COMPRESSIBLE.has(ext) && ENCODING !== 'identity') {
        const enc = ENCODING === 'br' && /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
        if (enc) {
          const key = `${enc}:${file}`;
          if (!cache.has(key)) {
            const sibling = `${file}.${enc === 'br' ? 'br' : 'gz'}`;
            cache.set(key, await exists(sibling) ? await readFile(sibling)
              : enc === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
                : gzipSync(body, { level: 9 }));
          }
          body = cache.get(key);
          headers['content-encoding'] = enc;
        }
      }
      headers['content-length'] = body.length;
      counter.served += body.length;
      counter.list.push([req.url, body.length]);
      res.writeHead(200, headers).end(body);
    } catch { res.writeHead(404).end(); }
  };
  const server = HTTP2 ? createSecureServer({ ...TLS }, handler) : createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, counter, origin: `${HTTP2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}` })));
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
  </script>`,
};
const isEngine = (url) => /\.wasm(\.[a-z]+)?(\?|$)/.test(url) || /wasm\.[a-z-]+\.pagefind$/.test(url);

/**
 * Counts what Chromium receives, per response, for the page and every dedicated worker it starts,
 * and throttles the workers too (both engines fetch from a worker; the page's own CDP session
 * neither sees nor throttles a worker's requests). Workers are reached by auto-attach without
 * flatten (Playwright's own sessions use flatten; ours talks to them through sendMessageToTarget),
 * paused at start until their Network domain is set up.
 */
async function wire(context, page, throttled) {
  const log = { bytes: 0, engine: 0, requests: 0, cached: 0, urls: new Map(), workers: 0, seen: new Set() };
  const conditions = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };
  const on = (method, p) => {
    if (method === 'Network.responseReceived') {
      log.seen.add(new URL(p.response.url).pathname + new URL(p.response.url).search);
      log.urls.set(p.requestId, { url: p.response.url, cached: p.response.fromDiskCache || p.response.fromServiceWorker || p.response.status === 304 });
    } else if (method === 'Network.requestServedFromCache') {
      log.urls.set(p.requestId, { ...(log.urls.get(p.requestId) || {}), cached: true });
    } else if (method === 'Network.loadingFinished') {
      const r = log.urls.get(p.requestId) || {};
      log.bytes += p.encodedDataLength; log.requests += 1;
      if (r.cached) log.cached += 1;
      if (r.url && isEngine(r.url)) log.engine += p.encodedDataLength;
    }
  };
  const cdp = await context.newCDPSession(page);
  for (const m of ['Network.responseReceived', 'Network.requestServedFromCache', 'Network.loadingFinished']) cdp.on(m, (p) => on(m, p));
  await cdp.send('Network.enable');
  if (throttled) await cdp.send('Network.emulateNetworkConditions', conditions);
  let nextId = 1;
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    const send = (method, params = {}) => cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method, params }) });
    if (targetInfo.type === 'worker') {
      log.workers += 1;
      await send('Network.enable');
      if (throttled) await send('Network.emulateNetworkConditions', conditions);
    }
    await send('Runtime.runIfWaitingForDebugger');
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const m = JSON.parse(message);
    if (m.method) on(m.method, m.params);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return log;
}

async function visit(context, { origin, counter }, engine, throttled, query, warmQueries) {
  const page = await context.newPage();
  const log = await wire(context, page, throttled);
  await page.goto(`${origin}/bench-${engine}.html`);
  await page.waitForFunction(() => typeof window.runSearch === 'function');
  const before = { bytes: log.bytes, engine: log.engine, requests: log.requests, cached: log.cached };
  const t0 = Date.now();
  const served0 = counter.served, listed0 = counter.list.length;
  const hits = await page.evaluate((q) => window.runSearch(q), query);
  const first = Date.now() - t0;
  const listed1 = counter.list.length;
  // What was fetched until the first result (prefetches after it are not the query's cost).
  const out = { hits, first, bytes: log.bytes - before.bytes, engineBytes: log.engine - before.engine, requests: log.requests - before.requests, cached: log.cached - before.cached };
  await new Promise((r) => setTimeout(r, 1500)); // what was still in flight arrives
  // A dedicated worker's own script is fetched before any CDP session can attach to the worker,
  // and Chromium reports it without its size: such responses, requested before the first result
  // and never seen by Chromium, are counted from the server's log (bodies only).
  const unseen = counter.list.slice(listed0, listed1).filter(([p]) => !log.seen.has(p));
  out.unseen = unseen.map(([p]) => p);
  out.bytes += unseen.reduce((n, [, b]) => n + b, 0);
  out.requests += unseen.length;
  // The check: Chromium's count (headers included) should not be below the server's (bodies).
  out.check = { chromium: log.bytes - before.bytes + unseen.reduce((n, [, b]) => n + b, 0), served: counter.served - served0 };
  if (warmQueries) {
    const times = [];
    const perQuery = {};
    for (let round = 0; round < 4; round += 1) {
      for (const q of warmQueries) {
        const t = await page.evaluate(async (q) => { const s = performance.now(); await window.runSearch(q); return performance.now() - s; }, q);
        if (round > 0) { times.push(t); (perQuery[q] ||= []).push(t); }
      }
    }
    times.sort((a, b) => a - b);
    const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
    out.median = median(times);
    out.p95 = times[Math.floor(times.length * 0.95)];
    out.slowest = Object.entries(perQuery).map(([q, l]) => [q, median(l)]).sort((a, b) => b[1] - a[1]).slice(0, 4);
  }
  // Whether the engine's second part was fetched (nhipcau's engine comes in two parts: the rest
  // only when a call needs it), for this visit's queries, warm ones included.
  out.rest = counter.list.slice(listed0).filter(([p]) => p.endsWith('.rest.wasm')).length;
  await page.close();
  return out;
}

/** success@3 and MRR on each quality set: a result counts when its page is the target. */
async function quality(browser, origin, engine) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/bench-${engine}.html`);
  await page.waitForFunction(() => typeof window.rankedUrls === 'function');
  const out = {};
  for (const [name, set] of Object.entries(QUALITY_SETS)) out[name] = await qualityOf(page, set);
  await context.close();
  return out;
}

async function qualityOf(page, set) {
  let top3 = 0, rr = 0;
  for (const [q, target] of set) {
    const pages = [];
    for (const url of await page.evaluate((q) => window.rankedUrls(q), q)) {
      const p = url.split('#')[0].replace(/index\.html$/, '');
      if (!pages.includes(p)) pages.push(p);
    }
    const rank = pages.indexOf(target) + 1;
    if (rank > 0 && rank <= 3) top3 += 1;
    if (rank > 0) rr += 1 / rank;
  }
  return { success: top3 / set.length, mrr: rr / set.length };
}

const sites = process.argv.slice(2);
// BENCH_ENGINES=nhipcau compares builds of nhipcau alone (say, before and after a change).
const ENGINES = (process.env.BENCH_ENGINES || 'nhipcau,pagefind').split(',');
const RUNS = Number(process.env.BENCH_RUNS || 3);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(SPKI ? [`--ignore-certificate-errors-spki-list=${SPKI}`] : [])] });
const rows = [];
const median = (l) => [...l].sort((a, b) => a - b)[Math.floor((l.length - 1) / 2)];
for (let i = 0; i < sites.length; i += 2) {
  const [name, dir] = [sites[i], sites[i + 1]];
  const plans = name.startsWith('large');
  const queries = plans ? PLAN_QUERIES : QUERIES;
  for (const engine of ENGINES) await writeFile(path.join(dir, `bench-${engine}.html`), PAGE[engine]);
  const files = await walk(dir);
  const ours = files.filter((f) => f.includes(`${path.sep}search${path.sep}`));
  const theirs = files.filter((f) => f.includes(`${path.sep}pagefind${path.sep}`));
  const ourIndex = await sizeOf(ours.filter((f) => !/\.(wasm|z|br|gz|js|css)$/.test(f)));
  const theirIndex = await sizeOf(theirs.filter((f) => !/(wasm\.|\.js$|\.css$)/.test(f)));
  // The engine's first part: the one a search downloads (the rest comes only if a call needs it).
  const ourWasm = ours.find((f) => f.endsWith('.wasm') && !f.endsWith('.rest.wasm'));
  const wasmRaw = ourWasm ? (await stat(ourWasm)).size : NaN;
  const site = await serve(dir);
  const { server, origin } = site;
  const result = {};
  // Interleaved: each run measures every engine in turn; first-visit figures are medians.
  const runs = {};
  for (let run = 0; run < RUNS; run += 1) {
    for (const engine of ENGINES) {
      const context = await browser.newContext(); // an empty HTTP cache: a first visit
      const cold = await visit(context, site, engine, true, queries[0]);
      const back = await visit(context, site, engine, true, RETURNING_QUERY[plans ? 'plans' : 'default']);
      const typo = await visit(context, site, engine, true, TYPO_QUERY[plans ? 'plans' : 'default']);
      await context.close();
      (runs[engine] ||= []).push({ cold, back, typo });
    }
  }
  for (const engine of ENGINES) {
    const context = await browser.newContext();
    const warm = await visit(context, site, engine, false, queries[0], queries);
    await context.close();
    const rs = runs[engine];
    const pick = (f) => median(rs.map(f));
    result[engine] = {
      first: pick((r) => r.cold.first), bytes: pick((r) => r.cold.bytes), engineBytes: pick((r) => r.cold.engineBytes), requests: pick((r) => r.cold.requests),
      returning: pick((r) => r.back.first), returningBytes: pick((r) => r.back.bytes), returningCached: pick((r) => r.back.cached),
      typo: pick((r) => r.typo.first), typoRequests: pick((r) => r.typo.requests), typoHits: rs[0].typo.hits,
      check: rs[0].cold.check, unseen: rs[0].cold.unseen,
      rest: rs.reduce((n, r) => n + r.cold.rest + r.back.rest + r.typo.rest, 0) + warm.rest,
      median: warm.median, p95: warm.p95, slowest: warm.slowest, hits: rs[0].cold.hits,
    };
    if (name === 'portal') result[engine].quality = await quality(browser, origin, engine);
  }
  server.close();
  rows.push({ name, wasmRaw, ourIndex, theirIndex, result });
}
await browser.close();

console.log(`server: ${ENCODING === 'identity' ? 'no compression' : ENCODING === 'br' ? 'brotli (else gzip) for text and wasm' : 'gzip for text and wasm'}, precompressed siblings preferred, max-age=600 + ETag, ${HTTP2 ? 'HTTP/2 over TLS' : 'HTTP/1.1'}; ${RUNS} runs (medians), engines interleaved`);
for (const r of rows) {
  const o = r.result.nhipcau, p = r.result.pagefind;
  const x = (a, b) => (p ? ` (${(a / b).toFixed(2)}×)` : '');
  const pv = (f) => (p ? f(p) : '-');
  console.log(`\n== ${r.name}`);
  console.log(`engine as transferred: nhipcau ${kb(o.engineBytes)} (${kb(r.wasmRaw)} raw); pagefind ${pv((q) => kb(q.engineBytes))}`);
  console.log(`engine's second part fetched by nhipcau's visits (cold, returning, typo, warm): ${o.rest ? `${o.rest} times` : 'never'}`);
  console.log(`index on disk: nhipcau ${kb(r.ourIndex)}, pagefind ${kb(r.theirIndex)}${x(r.ourIndex, r.theirIndex)}`);
  console.log(`first query on the wire (engine + index + scripts): nhipcau ${kb(o.bytes)} in ${o.requests} responses, pagefind ${pv((q) => `${kb(q.bytes)} in ${q.requests} responses`)}${p ? x(o.bytes, p.bytes) : ''}`);
  console.log(`  (counted from the server's log, unseen by Chromium: ${[...new Set(Object.values(r.result).flatMap((v) => v.unseen))].join(', ') || 'none'})`);
  console.log(`time to first result at 1.6 Mbps / 150 ms: nhipcau ${o.first} ms, pagefind ${pv((q) => `${q.first} ms`)}${p ? x(o.first, p.first) : ''}`);
  console.log(`returning visitor (HTTP cache kept, another query): nhipcau ${o.returning} ms, ${kb(o.returningBytes)}; pagefind ${pv((q) => `${q.returning} ms, ${kb(q.returningBytes)}`)}${p ? x(o.returning, p.returning) : ''}`);
  console.log(`returning visitor, a query with a typo ("${TYPO_QUERY[r.name.startsWith('large') ? 'plans' : 'default']}"): nhipcau ${o.typo} ms in ${o.typoRequests} responses (${o.typoHits} hits); pagefind ${pv((q) => `${q.typo} ms in ${q.typoRequests} responses (${q.typoHits} hits)`)}${p ? x(o.typo, p.typo) : ''}`);
  console.log(`per query after the first (top 5, local): nhipcau median ${o.median.toFixed(1)} ms, p95 ${o.p95.toFixed(1)} ms; pagefind ${pv((q) => `median ${q.median.toFixed(1)} ms, p95 ${q.p95.toFixed(1)} ms`)}`);
  for (const [set, queries] of Object.entries(o.quality ? QUALITY_SETS : {})) {
    const f = (q) => `success@3 ${(q.quality[set].success * 100).toFixed(1)}%, MRR ${q.quality[set].mrr.toFixed(3)}`;
    console.log(`${set} set (${queries.length} queries): nhipcau ${f(o)}; pagefind ${pv(f)}`);
  }
  console.log(`slowest queries after the first (median ms): nhipcau ${o.slowest.map(([q, t]) => `"${q}" ${t.toFixed(1)}`).join(', ')}`);
  for (const [e, v] of Object.entries(r.result)) if (v.check.served > v.check.chromium) console.log(`warning: the server sent ${kb(v.check.served)} of bodies for ${e}'s first visit but Chromium counted ${kb(v.check.chromium)}: a request was not watched (a service worker?)`);
}
if (process.env.BENCH_RESULTS) await writeFile(process.env.BENCH_RESULTS, JSON.stringify(Object.fromEntries(rows.map((r) => [r.name, r])), null, 1));
