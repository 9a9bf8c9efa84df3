// The default portal in real Chromium: every page template at phone and desktop widths,
// WCAG 2.2 AA with axe-core, keyboard access to help and search, the centre filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, serve, launch, openPage, axe, artifact } from './harness.mjs';

let server, browser;
const PAGES = {
  home: '',
  section: 'ke-hoach/',
  plan: 'ke-hoach/dong-thap-2021-2030/',
  ocr: 'ke-hoach/thua-thien-hue-2023/',
  centres: 'co-so/',
  centre: 'co-so/trung-tam-bao-tro-xa-hoi-tong-hop-dong-thap/',
  help: 'ho-tro/tre-em-bi-xam-hai/',
  safety: 'ho-tro/song-cung-nguoi-gay-bao-luc/',
  sitemap: 'so-do-trang/',
  targets: 'so-sanh-muc-tieu/',
  campaign: 'chien-dich/ngay-cong-tac-xa-hoi-viet-nam-2026/',
  search: 'tim-kiem/',
  taxonomy: 'tinh-thanh/',
  term: 'tinh-thanh/dong-thap/',
  notFound: 'khong-co-trang-nay/',
};

before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

for (const [name, rel] of Object.entries(PAGES)) {
  for (const width of [320, 360, 1280]) {
    test(`${name} at ${width}px: no WCAG 2.2 AA violations, no overflow, nothing external`, async () => {
      const page = await openPage(browser, server.origin, { width });
      const response = await page.goto(server.base + rel);
      assert.equal(response.status(), name === 'notFound' ? 404 : 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'vi');
      const violations = await axe(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${overflow}px of horizontal scrolling`);
      const tels = await page.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const n of ['tel:111', 'tel:113', 'tel:115']) assert.ok(tels.includes(n), `${n} on ${name}`);
      assert.deepEqual(page.external, []);
      if (width === 360 && ['home', 'plan', 'centre', 'help'].includes(name)) {
        await page.screenshot({ path: artifact(`${name}-360.png`), fullPage: true });
      }
    });
  }
}

test('keyboard: skip link first, then the hotline and the search box', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + PAGES.plan);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Bỏ qua đến nội dung chính');
  const reached = new Set();
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => ({ href: document.activeElement.getAttribute('href'), name: document.activeElement.getAttribute('name') }));
    if (el.name === 'q') reached.add('search');
    if (el.href === 'tel:111') reached.add('111');
  }
  assert.ok(reached.has('search') && reached.has('111'), [...reached].join(','));
  const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(focusStyle, 'none', 'focus is visible');
});

test('centre filter narrows the list by province and target group', async () => {
  const page = await openPage(browser, server.origin);
  await page.goto(server.base + PAGES.centres);
  const cards = page.locator('.centres [data-province]');
  const all = await cards.count();
  assert.ok(all >= 4);
  await page.selectOption('select[name="group"]', { label: 'Trẻ em có hoàn cảnh đặc biệt' });
  const visible = await page.locator('.centres [data-province]:visible').count();
  assert.ok(visible >= 1 && visible < all, `${visible} of ${all}`);
  await page.selectOption('select[name="group"]', '');
  await page.selectOption('select[name="province"]', { label: 'Tiền Giang (nay thuộc Đồng Tháp)' });
  assert.equal(await page.locator('.centres [data-province]:visible').count(), all, 'an old province name leads to its current unit');
  assert.match(await page.locator('.filter-status').textContent(), /Đang hiện/);
});
