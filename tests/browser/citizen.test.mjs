// The portal as a citizen meets it on a phone (320 and 360 px) and a desktop (1280 px): layout,
// quick exit (mouse, keyboard, no JavaScript), reading a plan, share images, dark mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, serve, launch, openPage, axe, artifact } from './harness.mjs';

let server, browser;
const HELP = 'ho-tro/tre-em-bi-xam-hai/';
const SAFETY = 'ho-tro/song-cung-nguoi-gay-bao-luc/';
const PLAN = 'ke-hoach/dong-thap-2021-2030/';
const CENTRE = 'co-so/trung-tam-bao-tro-xa-hoi-tong-hop-dong-thap/';
const EXIT = 'https://www.google.com/';

before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Types into a search box and waits for the first result. */
async function search(page, selector, text) {
  await page.locator(selector).click();
  await page.keyboard.type(text);
  await page.locator('.nc-hit').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(150); // layout after the results render
}

for (const width of [320, 360, 1280]) {
  test(`${width}px: the search button is whole and nothing scrolls sideways`, async () => {
    const page = await openPage(browser, server.origin, { width });
    for (const rel of ['', PLAN, CENTRE, 'so-sanh-muc-tieu/', SAFETY, 'chien-dich/', 'so-do-trang/']) {
      await page.goto(server.base + rel);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${rel || 'home'}: ${overflow}px of sideways scrolling`);
      const buttons = await page.locator('form[role="search"] button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().right));
      for (const right of buttons) assert.ok(right <= width, `${rel || 'home'}: the Tìm button ends at ${right}px`);
    }
  });
}

test('360px: the header search results open below the hotline band, never over it', async () => {
  const page = await openPage(browser, server.origin, { width: 360, height: 740 });
  await page.goto(server.base + 'ke-hoach/');
  await search(page, 'header input[name="q"]', 'tre em bi bao luc');
  const band = await page.locator('.help-now').boundingBox();
  const results = await page.locator('header .nc-results').boundingBox();
  assert.ok(results.y >= band.y + band.height, `results start at ${results.y}, the band ends at ${band.y + band.height}`);
  const hotline = await page.evaluate(() => {
    const a = document.querySelector('.help-now a[href="tel:111"]').getBoundingClientRect();
    const top = document.elementFromPoint(a.left + a.width / 2, a.top + a.height / 2);
    return top && top.closest('a') ? top.closest('a').getAttribute('href') : null;
  });
  assert.equal(hotline, 'tel:111', '111 can still be tapped while results are open');
  await page.screenshot({ path: artifact('header-search-360.png') });
});

test('360x740: the home page shows its first search result above the fold', async () => {
  const page = await openPage(browser, server.origin, { width: 360, height: 740 });
  await page.goto(server.base);
  await search(page, '#q-trang-chu', 'tre em bi bao luc');
  const top = await page.locator('.nc-hit').first().evaluate((h) => h.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 740 - 100, `first result at ${top}px of a 740px screen`);
  await page.screenshot({ path: artifact('home-search-360.png') });
});

test('the home search box keeps its hint and gains the status for screen readers', async () => {
  const page = await openPage(browser, server.origin, { width: 1280 });
  await page.goto(server.base);
  await search(page, '#q-trang-chu', 'dong thap');
  const ids = (await page.getAttribute('#q-trang-chu', 'aria-describedby')).split(/\s+/);
  assert.ok(ids.includes('q-trang-chu-goi-y'), ids.join(' '));
  const status = await page.locator('.nc-status').first().getAttribute('id');
  assert.ok(ids.includes(status), ids.join(' '));
});

for (const rel of [CENTRE, PLAN]) test(`facts stack on a phone and sit side by side on a desktop: ${rel}`, async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + rel);
  const phone = await page.locator('.facts div').first().evaluate((d) => {
    const [dt, dd] = [d.querySelector('dt').getBoundingClientRect(), d.querySelector('dd').getBoundingClientRect()];
    return { ddWidth: dd.width, below: dd.top >= dt.bottom - 1 };
  });
  assert.ok(phone.below && phone.ddWidth > 250, JSON.stringify(phone));
  await page.setViewportSize({ width: 1280, height: 800 });
  const desk = await page.locator('.facts div').first().evaluate((d) => d.querySelector('dd').getBoundingClientRect().top - d.querySelector('dt').getBoundingClientRect().top);
  assert.ok(Math.abs(desk) < 2, `term and value on one line at 1280px (${desk})`);
});

test('360px: chart text is legible and former provinces are credited as such', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + 'so-sanh-muc-tieu/');
  const sizes = await page.locator('.chart text').evaluateAll((ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
  assert.ok(Math.min(...sizes) >= 12, `smallest chart text ${Math.min(...sizes).toFixed(1)}px`);
  const labels = (await page.locator('.chart text').allTextContents()).join(' | ');
  assert.match(labels, /Hải Dương \(cũ\)/);
  assert.match(labels, /Hà Nam \(cũ\)/);
  assert.doesNotMatch(labels, /Hải Phòng|Ninh Bình/, 'a target belongs to the province that set it');
  const missing = await page.locator('#khong-co-chi-tieu + p + ul').textContent();
  assert.match(missing, /Bình Thuận/);
});

test('the plan TOC adds no numbers of its own and wraps under its text', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + PLAN);
  assert.equal(await page.locator('.toc ol').first().evaluate((o) => getComputedStyle(o).listStyleType), 'none');
  const item = await page.locator('.toc nav > ol > li > a').first().evaluate((a) => {
    const rects = [...a.getClientRects()];
    const li = a.closest('li').getBoundingClientRect();
    return { lines: Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight)), left: a.getBoundingClientRect().left - li.left, text: a.textContent, rects: rects.length };
  });
  assert.ok(item.lines >= 2, `the first entry wraps at 360px (${JSON.stringify(item)})`);
  assert.ok(Math.abs(item.left) < 1, 'the entry starts where its line starts');
  assert.match(item.text, /^Phần I /);
});

test('a plan page: particulars, the text as received, footnotes both ways, signature, back to top', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + PLAN);
  const facts = await page.locator('.facts').textContent();
  for (const term of ['Số hiệu', 'Ngày ban hành', 'Người ký', 'Rà soát lần cuối']) assert.ok(facts.includes(term), term);
  assert.match(facts, /Đoàn Tấn Bửu/);
  assert.match(facts, /Văn bản nhận được không ghi/, 'what the document lacks is said, not made up');
  const download = page.locator('.facts a[download]');
  const href = await download.getAttribute('href');
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /Đoàn Tấn Bửu/);
  // Footnote 1: cited, then its note, then back.
  await page.locator('sup.footnote-reference a').first().click();
  assert.equal(await page.evaluate(() => location.hash), '#fn-1');
  assert.equal(await page.locator('.footnote-definition:target').count(), 1);
  await page.locator('#fn-1 .footnote-back').click();
  assert.equal(await page.evaluate(() => location.hash), '#fnref-1');
  assert.equal(await page.locator('h2#chu-thich').count(), 1);
  // The signer is a block of its own, not the end of the "Nơi nhận" list.
  const lastItem = await page.locator('.content ul').last().locator('li').last().textContent();
  assert.doesNotMatch(lastItem, /Đoàn Tấn Bửu|CHỦ TỊCH/);
  assert.match(await page.locator('.signature').textContent(), /PHÓ CHỦ TỊCH\s+Đoàn Tấn Bửu/);
  // Far down the page, "Về đầu trang" is on screen and leads to the top.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await page.waitForTimeout(200);
  const toTop = page.locator('.to-top');
  const box = await toTop.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `back to top in view: ${JSON.stringify(box)}`);
  await toTop.click();
  const mainTop = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().top);
  assert.ok(Math.abs(mainTop) < 2, `the page's content starts at the top of the screen (${mainTop})`);
});

test('print shows where the page came from', async () => {
  const page = await openPage(browser, server.origin, { width: 1280 });
  await page.goto(server.base + PLAN);
  await page.emulateMedia({ media: 'print' });
  const line = page.locator('.print-only');
  assert.ok(await line.isVisible());
  assert.match(await line.textContent(), /In từ https:\/\/example\.gov\.vn\/ctxh\/ke-hoach\/dong-thap-2021-2030\//);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.match(await line.textContent(), /ngày \d+ tháng \d+ năm \d{4}/);
});

test('a centre cites its plan in words with a link, not a file path', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + CENTRE);
  const source = page.locator('.source');
  assert.doesNotMatch(await source.textContent(), /sources\/seeds|\.txt/);
  assert.match(await source.textContent(), /Phần I/);
  const link = source.locator('a');
  assert.match(await link.textContent(), /Kế hoạch .*Đồng Tháp/);
  await link.click();
  const hash = await page.evaluate(() => location.hash.slice(1));
  assert.ok(hash && (await page.locator(`[id="${hash}"]`).count()) === 1, `the plan has the cited heading #${hash}`);
});

async function exitPage(width = 360) {
  const page = await openPage(browser, server.origin, { width });
  // Stand-in for the neutral site (the network is closed to tests).
  await page.route(`${EXIT}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>neutral</title><p>neutral</p>' }));
  await page.goto(server.base + 'ho-tro/');
  await page.goto(server.base + SAFETY);
  return page;
}

for (const width of [320, 360, 1280]) test(`quick exit at ${width}px: a visible button that leaves and removes the page from Back`, async () => {
  const page = await exitPage(width);
  const button = page.getByRole('link', { name: /Thoát nhanh/ });
  assert.ok(await button.isVisible());
  const box = await button.boundingBox();
  assert.ok(box.y < 80 && box.height >= 44, `at the top, big enough to tap: ${JSON.stringify(box)}`);
  await page.evaluate(() => window.scrollTo(0, 3000));
  assert.ok(await button.isVisible() && (await button.boundingBox()).y < 80, 'stays in reach when scrolled');
  await button.click();
  await page.waitForURL(`${EXIT}**`);
  await page.goBack();
  assert.equal(page.url(), server.base + 'ho-tro/', 'Back skips the page that was left');
});

for (const width of [360, 1280]) test(`quick exit at ${width}px: Shift pressed three times leaves; typing capitals does not`, async () => {
  const page = await exitPage(width);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const key of ['Shift', 'KeyA', 'Shift', 'KeyB', 'Shift']) await page.keyboard.press(key);
  await page.waitForTimeout(300);
  assert.equal(page.url(), server.base + SAFETY, 'Shift with other keys between is not the shortcut');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
  await page.waitForURL(`${EXIT}**`);
  await page.goBack();
  assert.equal(page.url(), server.base + 'ho-tro/');
});

test('quick exit works without JavaScript as a plain link, and only on pages about violence', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.fulfill({ status: 200, contentType: 'text/html', body: 'neutral' })));
  for (const rel of [HELP, SAFETY, 'ho-tro/tiep-nhan-khan-cap/']) {
    await page.goto(server.base + rel);
    assert.equal(await page.locator('[data-quick-exit]').getAttribute('href'), EXIT, rel);
  }
  await page.locator('[data-quick-exit]').click();
  await page.waitForURL(`${EXIT}**`);
  for (const rel of [PLAN, 'ho-tro/nguoi-khuyet-tat/', '']) {
    await page.goto(server.base + rel);
    assert.equal(await page.locator('[data-quick-exit]').count(), 0, `${rel || 'home'} has no quick exit`);
  }
  await context.close();
});

test('safety advice names only the national hotlines', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + SAFETY);
  const text = await page.locator('main').textContent();
  const numbers = [...new Set(text.match(/\b\d{3,}\b/g))].filter((n) => !/^(19|20)\d\d$/.test(n));
  assert.deepEqual(numbers.sort(), ['111', '113', '115']);
  await page.goto(server.base + HELP);
  assert.equal(await page.locator(`a[href$="${SAFETY.split('/')[1]}/"]`).count() > 0, true, 'the child-abuse page links to the safety advice');
});

test('each page has its own 1200x630 share image', async () => {
  const page = await openPage(browser, server.origin, { width: 1280 });
  const seen = new Map();
  for (const rel of ['', PLAN, HELP, CENTRE, 'chien-dich/ngay-cong-tac-xa-hoi-viet-nam-2026/']) {
    await page.goto(server.base + rel);
    const og = await page.getAttribute('meta[property="og:image"]', 'content');
    assert.equal(og, `https://example.gov.vn/ctxh/${rel}og.png`);
    const res = await page.request.get(server.base + rel + 'og.png');
    assert.equal(res.status(), 200);
    const png = await res.body();
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
    const key = png.toString('base64');
    assert.ok(!seen.has(key), `${rel} has the same image as ${seen.get(key)}`);
    seen.set(key, rel || 'home');
  }
  // The picture a Zalo or Facebook user sees, as a browser draws it.
  await page.goto(server.base + PLAN + 'og.png');
  await page.screenshot({ path: artifact('share-image-plan.png') });
});

test('campaigns: no editor instructions, a past campaign is marked as past', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.clock.setFixedTime(new Date('2026-03-20T09:00:00+07:00'));
  await page.goto(server.base + 'chien-dich/');
  const main = await page.locator('main').textContent();
  assert.doesNotMatch(main, /front matter|expires/);
  assert.equal((await page.locator('[data-event-state]').first().textContent()).trim(), '', 'before the day: not past');
  await page.clock.setFixedTime(new Date('2026-03-26T09:00:00+07:00'));
  await page.reload();
  assert.match(await page.locator('[data-event-state]').first().textContent(), /đã diễn ra/);
});

test('the footer leads to an HTML sitemap that lists every plan; a favicon exists', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + HELP);
  await page.locator('footer a', { hasText: 'Sơ đồ trang' }).click();
  await page.waitForURL(/so-do-trang\/$/);
  const links = await page.locator('.sitemap a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const plan of ['dong-thap-2021-2030', 'binh-thuan-2023', 'ha-nam-den-2020', 'hai-duong-2025', 'thua-thien-hue-2023']) {
    assert.ok(links.some((l) => l.includes(plan)), plan);
  }
  const icon = await page.getAttribute('link[rel="icon"]', 'href');
  assert.equal((await page.request.get(new URL(icon, page.url()).href)).status(), 200);
});

test('no feedback contact is invented by the default portal', async () => {
  const page = await openPage(browser, server.origin, { width: 360 });
  await page.goto(server.base + HELP);
  assert.equal(await page.locator('.feedback').count(), 0);
  assert.match(await page.locator('.reviewed').textContent(), /chưa ghi ngày rà soát/);
});

test('dark mode: the same pages, WCAG 2.2 AA with zero violations', async () => {
  for (const rel of ['', PLAN, CENTRE, SAFETY, 'so-sanh-muc-tieu/']) {
    const page = await openPage(browser, server.origin, { width: 360 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.base + rel);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(21, 25, 30)', 'the dark scheme applies');
    const violations = await axe(page);
    assert.deepEqual(violations, [], `${rel || 'home'}: ${JSON.stringify(violations, null, 1)}`);
    if (rel === SAFETY) await page.screenshot({ path: artifact('safety-dark-360.png') });
    await page.context().close();
  }
});
