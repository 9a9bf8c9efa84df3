// Search on the built default portal, in real Chromium, served from a sub-folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tempDir, buildSite, serve, launch, openPage, REPO, BIN } from './harness.mjs';

let server, browser;

before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

// The header's search box (the home page has its own big one instead, so these start elsewhere).
async function typeQuery(page, text) {
  const input = page.locator('header input[name="q"]');
  await input.focus();
  await input.fill(text);
  await page.locator('header .nc-hit').first().waitFor({ timeout: 20000 });
  return page.locator('header .nc-hit');
}

test('queries without diacritics find the plans, with highlighting', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + 'ke-hoach/');
  const hits = await typeQuery(page, 'dong thap');
  const titles = await hits.locator('.nc-title').allTextContents();
  assert.ok(titles.some((t) => t.includes('Đồng Tháp')), titles.join(' | '));
  const marks = await page.locator('header .nc-snippet mark').allTextContents();
  assert.ok(marks.length > 0, 'matches are highlighted');
  assert.ok(marks.some((m) => /đồng|tháp/i.test(m)), marks.join(','));
  // The page's link and its sections' deep links.
  const hrefs = await hits.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith(server.base)), `result links stay under the sub-folder: ${hrefs}`);
  assert.deepEqual(page.external, [], 'no request leaves the site');
  assert.deepEqual(page.consoleErrors, []);
});

test('keyboard: arrow keys move through results, Escape returns to the box', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + 'ke-hoach/');
  await typeQuery(page, 'tre em');
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.closest('.nc-hit') !== null);
  assert.ok(first, 'ArrowDown focuses the first result');
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => [...document.querySelectorAll('header .nc-hit a')].indexOf(document.activeElement));
  assert.equal(second, 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'q');
  assert.equal(await page.locator('header .nc-results').isHidden(), true);
});

test('the search page reads and writes a shareable URL and filters by facet', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(`${server.base}tim-kiem/?q=cong+tac+xa+hoi`);
  const results = page.locator('[data-nhipcau-search-page] .nc-hit');
  await results.first().waitFor({ timeout: 20000 });
  const status = await page.locator('[data-nhipcau-search-page] .nc-status').textContent();
  assert.match(status, /kết quả/);
  const kind = page.locator('[data-nhipcau-search-page] select[name="kind"]');
  await kind.selectOption('plan');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'plan');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-nhipcau-search-page] .nc-meta')].every((m) => m.textContent.startsWith('Kế hoạch')));
  const metas = await page.locator('[data-nhipcau-search-page] .nc-meta').allTextContents();
  assert.ok(metas.length > 0 && metas.every((m) => m.startsWith('Kế hoạch')), metas.join(' | '));
  const shared = page.url();
  const again = await openPage(browser, server.origin);
  await again.goto(shared);
  await again.locator('[data-nhipcau-search-page] .nc-hit').first().waitFor({ timeout: 20000 });
  assert.equal(await again.locator('[data-nhipcau-search-page] select[name="kind"]').inputValue(), 'plan');
  assert.deepEqual(page.external, []);
});

test('a pre-2025 province name finds the current province', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + 'ke-hoach/');
  const hits = await typeQuery(page, 'hai duong');
  const meta = await hits.first().locator('.nc-meta').textContent();
  assert.match(meta, /Hải Phòng/);
});

test('results are pages with deep links; a former province is explained; citizens\' words find help', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + 'ke-hoach/');
  const hits = await typeQuery(page, 'tien giang');
  const titles = await hits.locator('.nc-title').allTextContents();
  assert.equal(new Set(titles.map((t) => t.split(' › ')[0])).size, titles.length, `one result per page: ${titles.join(' | ')}`);
  assert.ok(await hits.locator('.nc-sections a').count() > 0, 'other sections are listed under their page');
  assert.match(await page.locator('header .nc-notes').textContent(), /Tiền Giang nay thuộc Đồng Tháp/);
  const fresh = await openPage(browser, server.origin);
  await fresh.goto(server.base + 'ke-hoach/');
  const tamLy = await typeQuery(fresh, 'tu van tam ly');
  assert.match(await tamLy.first().locator('.nc-title').textContent(), /sức khỏe tâm thần/i);
  assert.deepEqual(page.consoleErrors, []);
});

test('an empty search shows the hotlines and the help section', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + 'ke-hoach/');
  const input = page.locator('header input[name="q"]');
  await input.focus();
  await input.fill('zzzqqqxx');
  const notes = page.locator('header .nc-notes');
  await notes.locator('a[href^="tel:"]').first().waitFor({ timeout: 20000 });
  const tels = await notes.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(tels, ['tel:111', 'tel:113', 'tel:115']);
  assert.match(await notes.locator('a:not([href^="tel:"])').getAttribute('href'), /ho-tro\/$/);
});

test('content that looks like markup shows as text in results', async () => {
  // A site of its own (test data lives in tests/, not in the portal) built with the default theme.
  const site = tempDir('nhipcau-xss-');
  writeFileSync(path.join(site, 'config.toml'), 'title = "Thử"\nbase_url = "https://example.gov.vn/ctxh/"\ntheme = "nhipcau"\n');
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'content/_index.md'), '+++\ntitle = "Thử"\n+++\n');
  writeFileSync(path.join(site, 'content/mau.md'), '+++\ntitle = "Mẫu"\n+++\nĐoạn văn có `<script>alert(1)</script>` và <b>thẻ</b> đậm.\n');
  const xss = await serve(buildSite(site));
  try {
    const page = await openPage(browser, xss.origin);
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.goto(xss.base + 'mau/');
    const hits = await typeQuery(page, 'script alert');
    const snippet = hits.first().locator('.nc-snippet');
    const text = await snippet.textContent();
    assert.match(text, /<script>alert\(1\)<\/script>/);
    assert.equal(await snippet.locator('script, b').count(), 0, 'no element comes from content');
    assert.equal(dialogs, 0);
  } finally {
    await xss.close();
  }
});

test('the browser engine analyzes text as the indexer does, with the browser\'s own Unicode tables', async () => {
  // The wasm engine normalises through String.prototype.normalize and /\p{M}/u, the indexer and
  // `nhipcau search` through the unicode-normalization crate (crates/analyzer/src/unicode.rs).
  // Text that needs them: Vietnamese written decomposed (NFD) and with the old tone placement,
  // capitals, and marks of other scripts. Same hits, totals and highlighted snippets, or the
  // browser would miss what the index holds.
  const nfd = (s) => s.normalize('NFD');
  const site = tempDir('nhipcau-unicode-');
  writeFileSync(path.join(site, 'config.toml'), 'title = "Thử"\nbase_url = "https://example.gov.vn/ctxh/"\ntheme = "nhipcau"\n');
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'content/_index.md'), '+++\ntitle = "Thử"\n+++\n');
  writeFileSync(path.join(site, 'content/nfd.md'), `+++\ntitle = "${nfd('Hòa bình')}"\n+++\n${nfd('Người cao tuổi ở Đồng Tháp được hỗ trợ; hòa giải ở cơ sở.')}\n`);
  writeFileSync(path.join(site, 'content/cu.md'), '+++\ntitle = "Kiểu cũ"\n+++\nHoà giải, thuỷ lợi, khoẻ mạnh, Uỷ ban; QUẢN LÝ NHÀ NƯỚC.\n');
  writeFileSync(path.join(site, 'content/khac.md'), `+++\ntitle = "Chữ khác"\n+++\nΑθήνα, नमस्ते, café, ${nfd('Ångström')}, ﬁnance.\n`);
  const out = buildSite(site);
  const unicode = await serve(out);
  try {
    const page = await openPage(browser, unicode.origin);
    await page.goto(unicode.base);
    await page.evaluate(async () => { window.nc = await import('./search/nhipcau-search.js'); });
    const queries = ['hoa binh', 'Hòa Bình', nfd('hoà giải'), 'nguoi cao tuoi', 'thủy lợi', 'khỏe', 'ủy ban', 'quan ly nha nuoc',
      'αθηνα', 'Αθήνα', 'नमस्ते', 'CAFE', 'café', 'angstrom', 'finance'];
    for (const q of queries) {
      const browserHits = await page.evaluate(async (q) => (await window.nc.search({ text: q, limit: 10 })), q);
      const native = JSON.parse(execFileSync(BIN, ['search', '--json', '--root', site, '--output', out, q], { encoding: 'utf8' }));
      const view = (r) => ({ total: r.total, hits: r.hits.map((h) => [h.url, h.title, h.snippet_html, Math.fround(h.score)]) });
      assert.deepEqual(view(browserHits), view(native), `"${q}": the browser and the indexer's analyzer disagree`);
    }
    // Not vacuous: the decomposed and old-style texts are found and highlighted.
    const found = await page.evaluate(async () => (await window.nc.search({ text: 'hoa giai', limit: 10 })).hits.map((h) => h.snippet_html));
    assert.equal(found.length, 2, found.join(' | '));
    assert.ok(found.every((s) => s.includes('<mark>')), found.join(' | '));
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await unicode.close();
  }
});
