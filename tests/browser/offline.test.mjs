// Engine delivery and offline search, in real Chromium: when the engine downloads, how it is
// compiled from hosts that compress it or not (and send the wrong MIME type), and the service
// worker: searching and reading with the network cut, an update when the index changes, and no
// cache shared between two sites in two sub-folders of one server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, existsSync, cpSync, readFileSync, renameSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { tempDir, buildSite, serve, serveSites, launch } from './harness.mjs';

let portal, browser;

before(async () => {
  portal = buildSite();
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** A small site of its own with the default theme: `pages` maps a slug to its body. */
function smallSite(title, pages, config = '') {
  const site = tempDir('nhipcau-offline-');
  writeFileSync(path.join(site, 'config.toml'), `title = "${title}"\nbase_url = "https://example.gov.vn/${title}/"\ntheme = "nhipcau"\n${config}`);
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'content/_index.md'), `+++\ntitle = "${title}"\n+++\n`);
  for (const [slug, body] of Object.entries(pages)) {
    writeFileSync(path.join(site, `content/${slug}.md`), `+++\ntitle = "${slug}"\n+++\n${body}\n`);
  }
  return site;
}

/** A context of its own (service workers and caches are per context), no request routing: a
 * routed context would answer for the network, and these tests are about when there is none. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

/** Polls an async predicate in the page (waitForFunction takes a promise for true). */
async function until(page, predicate, arg, timeout = 20000) {
  for (const end = Date.now() + timeout; Date.now() < end; await page.waitForTimeout(200)) {
    if (await page.evaluate(predicate, arg)) return;
  }
  // What the page holds then, so that a failure in CI says which part never came true.
  const state = await page.evaluate(async () => ({
    controller: navigator.serviceWorker.controller?.scriptURL ?? null,
    registrations: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
    caches: await caches.keys(),
  })).catch((e) => String(e));
  throw new Error(`timed out: ${predicate}\nthe page then: ${JSON.stringify(state)}`);
}

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
}

/** Types a query into the header's box; returns the status line and the result titles. */
async function ask(page, text) {
  const input = page.locator('header input[name="q"]');
  await input.focus();
  await input.fill(text);
  const status = page.locator('header .nc-status');
  await page.waitForFunction(
    (q) => { const s = document.querySelector('header .nc-status'); return s && s.textContent && !/Đang tải/.test(s.textContent) && (s.textContent.includes(q) || !/kết quả/.test(s.textContent)); },
    text, { timeout: 20000 });
  return { status: await status.textContent(), titles: await page.locator('header .nc-hit .nc-title').allTextContents() };
}

/** The network cut: the page offline (navigator.onLine false), and the server unreachable for the
 * service worker too, which Chromium's offline emulation does not cover. */
async function offline(page, server) {
  await page.context().setOffline(true);
  server.cut(true);
}

const engineRequests = (server) => server.requests.filter((r) => /\/search\/(engine-|manifest-|c-)/.test(r));

test('the engine downloads when a search box is focused, not on a page load', async () => {
  const server = await serve(portal);
  try {
    const page = await freshPage();
    await page.goto(server.base + 'ke-hoach/', { waitUntil: 'load' });
    await controlled(page); // the service worker is installed: what it stores ahead is small
    await page.waitForTimeout(1000);
    assert.deepEqual(engineRequests(server), [], 'nothing of the engine or index on a page load');
    await page.locator('header input[name="q"]').focus();
    // The worker's fetches are not in the page's performance timeline: the server saw them.
    for (let i = 0; i < 200 && !server.requests.some((r) => r.endsWith('.wasm.gz')); i++) await page.waitForTimeout(100);
    const engine = server.requests.filter((r) => /engine-/.test(r));
    // A plain host sends the .wasm uncompressed: the worker gives it up for the .gz sibling.
    assert.ok(engine.some((r) => r.endsWith('.wasm')) && engine.some((r) => r.endsWith('.wasm.gz')), engine.join(' '));
    const { titles } = await ask(page, 'dong thap');
    assert.ok(titles.some((t) => t.includes('Đồng Tháp')), titles.join(' | '));
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('the engine downloads beside the pointer, not after it; the pointer has the last word', async () => {
  const server = await serve(portal, { slow: [[/\/search\/index\.json$/, 1500]] });
  try {
    const page = await freshPage();
    await page.goto(server.base + 'ke-hoach/');
    const { titles } = await ask(page, 'dong thap');
    assert.ok(titles.some((t) => t.includes('Đồng Tháp')), titles.join(' | '));
    const pointer = server.timeline.find((r) => r.path.endsWith('/search/index.json'));
    const engine = server.timeline.find((r) => /\/search\/engine-[0-9a-f]{16}\.wasm$/.test(r.path));
    assert.ok(engine.at < pointer.answered - 1000, `the engine was asked for at ${engine.at} ms, the pointer answered at ${pointer.answered} ms`);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
  // A page script cached from an earlier build names another engine: the pointer's is used.
  const dir = tempDir('nhipcau-engine-');
  cpSync(portal, dir, { recursive: true });
  const pointerFile = path.join(dir, 'search/index.json');
  const pointer = JSON.parse(readFileSync(pointerFile, 'utf8'));
  const renamed = 'engine-0123456789abcdef.wasm';
  for (const suffix of ['', '.br', '.gz']) renameSync(path.join(dir, 'search', pointer.engine + suffix), path.join(dir, 'search', renamed + suffix));
  writeFileSync(pointerFile, JSON.stringify({ ...pointer, engine: renamed, engine_gzip: `${renamed}.gz` }));
  const moved = await serve(dir);
  try {
    const page = await freshPage();
    await page.goto(moved.base + 'ke-hoach/');
    const { titles } = await ask(page, 'dong thap');
    assert.ok(titles.some((t) => t.includes('Đồng Tháp')), titles.join(' | '));
    assert.ok(moved.requests.some((r) => r.endsWith(`/search/${renamed}.gz`)), moved.requests.filter((r) => /engine-/.test(r)).join(' '));
    await page.context().close();
  } finally {
    await moved.close();
  }
});

test('the engine\'s second part: no search needs it, a call that does loads it, and a failed load costs one query', async () => {
  const rest = (server) => server.requests.filter((r) => /\/search\/engine-[0-9a-f]{16}\.rest\.wasm$/.test(r));
  const server = await serve(portal);
  try {
    const page = await freshPage();
    await page.goto(server.base + 'ke-hoach/');
    for (const q of ['dong thap', 'bao ve tre emm', 'xuongrong', 'nguoi gia song mot minh']) await ask(page, q);
    assert.deepEqual(rest(server), [], 'searches, typos and no result: the first part only');
    await page.context().close();
  } finally {
    await server.close();
  }
  // Damaged chunks (not the head: the index opens) take the engine down its error path, which
  // no search reaches: its code is in the second part.
  const damaged = tempDir('nhipcau-rest-');
  cpSync(portal, damaged, { recursive: true });
  for (const f of readdirSync(path.join(damaged, 'search'))) {
    if (/^c-.*-\d+\.bin$/.test(f)) writeFileSync(path.join(damaged, 'search', f), 'not deflate');
  }
  const broken = await serve(damaged);
  try {
    const page = await freshPage();
    await page.goto(broken.base + 'ke-hoach/');
    assert.match((await ask(page, 'dong thap')).status, /Chỉ mục tìm kiếm bị lỗi/);
    assert.equal(rest(broken).length, 1, broken.requests.filter((r) => /engine-/.test(r)).join(' '));
    // Now the second part cannot be loaded: that query fails, and the next one, on the whole
    // index again, is answered by a fresh instance of the engine.
    await page.context().close();
    // No service worker: it would keep the damaged chunks, which in this test, unlike any real
    // site, have the same names as the whole ones.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page2 = await context.newPage();
    for (const f of readdirSync(path.join(damaged, 'search'))) if (f.includes('.rest.wasm')) unlinkSync(path.join(damaged, 'search', f));
    await page2.goto(broken.base + 'ke-hoach/');
    assert.match((await ask(page2, 'dong thap')).status, /Không tải được chỉ mục/);
    broken.mounts['/ctxh/'] = portal;
    await page2.locator('header input[name="q"]').fill('nguoi cao tuoi');
    // The status still holds the error until the answer replaces it.
    await page2.waitForFunction(() => /nguoi cao tuoi/.test(document.querySelector('header .nc-status').textContent), null, { timeout: 20000 });
    const titles = await page2.locator('header .nc-hit .nc-title').allTextContents();
    assert.ok(titles.length > 0, 'answered after the failed load');
    await context.close();
  } finally {
    await broken.close();
  }
});

test('a host that serves precompressed siblings under the wrong MIME type: raw .wasm as brotli, compiled from bytes', async () => {
  const server = await serve(portal, { precompressed: true, types: { '.wasm': 'application/octet-stream' } });
  try {
    const page = await freshPage();
    await page.goto(server.base + 'ke-hoach/');
    const sizes = [];
    page.on('response', async (r) => { if (/engine-.*\.wasm/.test(r.url())) sizes.push([r.url(), r.headers()['content-encoding']]); });
    const { titles } = await ask(page, 'dong thap');
    assert.ok(titles.some((t) => t.includes('Đồng Tháp')), `compileStreaming refuses application/octet-stream, the fallback compiles: ${titles.join(' | ')}`);
    const engine = server.requests.filter((r) => /engine-/.test(r));
    assert.ok(engine.length >= 1 && engine.every((r) => r.endsWith('.wasm')), `the brotli .wasm was enough, no .gz fetched: ${engine.join(' ')}`);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('queries sent together each get their own chunks: none is downloaded twice', async () => {
  const server = await serve(portal);
  try {
    // No service worker here: its cache would hide a second download.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.base + 'ke-hoach/');
    const results = await page.evaluate(async () => {
      const { search } = await import('./../search/nhipcau-search.js');
      const answers = await Promise.all(['dong thap', 'nguoi khuyet tat', 'tre em bi bao luc'].map((q) => search(q)));
      return answers.map((r) => r.total);
    });
    assert.ok(results.every((n) => n > 0), `every query found pages: ${results}`);
    const chunks = server.requests.filter((r) => /\/search\/c-/.test(r));
    const twice = chunks.filter((c, i) => chunks.indexOf(c) !== i);
    assert.deepEqual(twice, [], 'one query finishing first no longer drops the chunks fetched for another');
    await context.close();
  } finally {
    await server.close();
  }
});

test('offline: a returning citizen searches, reads pages read before and the help pages, and gets the hotlines', async () => {
  const server = await serve(portal);
  try {
    const page = await freshPage();
    await page.goto(server.base + 'ke-hoach/');
    await controlled(page);
    const online = await ask(page, 'dong thap');
    assert.ok(online.titles.some((t) => t.includes('Đồng Tháp')), online.titles.join(' | '));
    const href = await page.locator('header .nc-hit a.nc-title').first().getAttribute('href');
    await page.goto(href);
    const readTitle = await page.title();

    await offline(page, server);
    const seen = server.requests.length;
    await page.goto(server.base + 'ke-hoach/');
    assert.match(await page.locator('h1').first().textContent(), /\S/);
    const again = await ask(page, 'dong thap');
    assert.deepEqual(again.titles, online.titles, 'the same results from the kept engine and chunks');
    await page.goto(href);
    assert.equal(await page.title(), readTitle, 'a page read before');
    await page.goto(server.base + 'ho-tro/tre-em-bi-xam-hai/');
    assert.match(await page.locator('h1').first().textContent(), /trẻ em/i, 'a help page, stored ahead of any visit');
    await page.goto(server.base + 'co-so/');
    const tels = await page.locator('main a[href^="tel:"], header a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(tels, ['tel:111', 'tel:113', 'tel:115'], 'a page never read: the offline page with the hotlines');
    assert.match(await page.locator('h1').textContent(), /ngoại tuyến/);
    assert.ok(server.requests.length > seen, 'the pages did try the network, and were answered from the cache');
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('a rebuilt index replaces the cache whole, and its results work offline', async () => {
  const v1 = smallSite('capnhat', { mau: 'Trang mẫu về hỗ trợ người cao tuổi.' });
  const server = await serve(buildSite(v1));
  try {
    const page = await freshPage();
    await page.goto(server.base + 'mau/');
    await controlled(page);
    assert.match((await ask(page, 'xuongrong')).status, /Không tìm thấy/);
    const before = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('nhipcau ')));
    assert.equal(before.length, 1, before.join(' | '));

    writeFileSync(path.join(v1, 'content/moi.md'), '+++\ntitle = "Trang mới"\n+++\nHướng dẫn trồng xuongrong cho người cao tuổi.\n');
    server.mounts['/ctxh/'] = buildSite(v1);
    await page.goto(server.base + 'mau/');
    await until(page, async (old) => {
      const names = (await caches.keys()).filter((k) => k.startsWith('nhipcau '));
      return names.length === 1 && names[0] !== old;
    }, before[0]);
    await page.reload();
    const found = await ask(page, 'xuongrong');
    assert.deepEqual(found.titles, ['Trang mới'], found.status);

    await offline(page, server);
    await page.reload();
    const kept = await ask(page, 'xuongrong');
    assert.deepEqual(kept.titles, ['Trang mới'], `the new index, offline: ${kept.status}`);
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('two sites in two sub-folders of one server keep their own caches', async () => {
  const a = buildSite(smallSite('a', { sen: 'Câu lạc bộ hoa sen dành cho trẻ em.' }));
  const b = buildSite(smallSite('b', { tre: 'Nhóm cây tre hỗ trợ người khuyết tật.' }));
  const server = await serveSites({ '/a/': a, '/b/': b });
  try {
    const page = await freshPage();
    for (const [site, word, title] of [['a', 'hoa sen', 'sen'], ['b', 'cay tre', 'tre']]) {
      await page.goto(`${server.origin}/${site}/${title}/`);
      await controlled(page);
      assert.deepEqual((await ask(page, word)).titles, [title]);
    }
    const stored = await page.evaluate(async () => {
      const out = {};
      for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
      return out;
    });
    const names = Object.keys(stored).filter((k) => k.startsWith('nhipcau '));
    assert.equal(names.length, 2, names.join(' | '));
    for (const site of ['a', 'b']) {
      const scope = `${server.origin}/${site}/`;
      const own = names.filter((n) => n.startsWith(`nhipcau ${scope} `));
      assert.equal(own.length, 1, `one cache for ${scope}: ${names.join(' | ')}`);
      assert.ok(stored[own[0]].every((u) => u.startsWith(scope)), `${scope} keeps its own files only`);
    }

    await offline(page, server);
    await page.goto(`${server.origin}/b/tre/`);
    const other = await ask(page, 'hoa sen');
    assert.ok(!other.titles.includes('sen'), `site b's search never answers from site a's index: ${other.titles}`);
    assert.deepEqual((await ask(page, 'cay tre')).titles, ['tre']);
    await page.goto(`${server.origin}/a/sen/`);
    assert.deepEqual((await ask(page, 'hoa sen')).titles, ['sen'], 'site a, offline, still has its own');
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('[search] offline = false: no service worker, and one registered before is removed', async () => {
  const root = smallSite('tat', { mau: 'Trang mẫu.' });
  const on = buildSite(root);
  const server = await serve(on);
  try {
    const page = await freshPage();
    await page.goto(server.base + 'mau/');
    await controlled(page);
    // Retired (as the page of a site that turned it off does first), the worker stores nothing
    // more: a store in flight would bring its cache back once the page deleted it.
    const fetchedAndStored = (url, retire) => page.evaluate(async ({ url, retire }) => {
      if (retire) {
        await new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = resolve;
          navigator.serviceWorker.controller.postMessage('retire', [channel.port2]);
          setTimeout(resolve, 2000);
        });
      }
      const href = new URL(url, location.href).href;
      await (await fetch(href)).text();
      for (const name of await caches.keys()) if (await (await caches.open(name)).match(href)) return true;
      return false;
    }, { url, retire });
    assert.equal(await fetchedAndStored('../css/site.css?before', false), true);
    assert.equal(await fetchedAndStored('../css/site.css?after', true), false);
    writeFileSync(path.join(root, 'config.toml'), 'title = "tat"\nbase_url = "https://example.gov.vn/tat/"\ntheme = "nhipcau"\n[search]\noffline = false\n');
    const off = buildSite(root);
    assert.equal(existsSync(path.join(off, 'nhipcau-sw.js')), false);
    server.mounts['/ctxh/'] = off;
    await page.goto(server.base + 'mau/');
    await until(page, async () => (await navigator.serviceWorker.getRegistrations()).length === 0
      && (await caches.keys()).every((k) => !k.startsWith('nhipcau ')));
    await page.context().close();
  } finally {
    await server.close();
  }
});
