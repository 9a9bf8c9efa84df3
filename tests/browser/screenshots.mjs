// Screenshots of built portals side by side, the same pages at 320, 360 and 1280 px, for a
// before/after record of a change to the portal (not committed: tests/browser/artifacts/ is
// ignored). Each NAME=DIR is a built site (a `public/` folder); its shots go to
// artifacts/screenshots/NAME/.
//   node tests/browser/screenshots.mjs before=/tmp/old-checkout/public after=public
// A page a site does not have is listed as missing, not shot. Not part of `npm test`: it records,
// it asserts nothing.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, launch, openPage, serve } from './harness.mjs';

const PAGES = [
  ['home', ''],
  ['help', 'ho-tro/'],
  ['help-page', 'ho-tro/tre-em-bi-xam-hai/'],
  ['plan', 'ke-hoach/dong-thap-2021-2030/'],
  ['centre', 'co-so/trung-tam-bao-tro-xa-hoi-tong-hop-dong-thap/'],
  ['campaigns', 'chien-dich/'],
  ['comparison', 'so-sanh-muc-tieu/'],
  ['sitemap', 'so-do-trang/'],
];
const WIDTHS = [320, 360, 1280];

const sites = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  if (at < 1) throw new Error(`expected NAME=DIR, got ${arg}`);
  return [arg.slice(0, at), path.resolve(arg.slice(at + 1))];
});
if (!sites.length) throw new Error('usage: node tests/browser/screenshots.mjs before=DIR after=DIR');

const browser = await launch();
try {
  for (const [name, dir] of sites) {
    const out = path.join(ARTIFACTS, 'screenshots', name);
    mkdirSync(out, { recursive: true });
    const server = await serve(dir);
    try {
      for (const width of WIDTHS) {
        const page = await openPage(browser, server.origin, { width, height: width < 1000 ? 740 : 900, serviceWorkers: 'block' });
        for (const [label, rel] of PAGES) {
          const response = await page.goto(server.base + rel);
          if (!response || response.status() !== 200) {
            console.log(`${name}: ${rel || '/'} missing (${response?.status()})`);
            continue;
          }
          await page.screenshot({ path: path.join(out, `${label}-${width}.png`), fullPage: label !== 'plan' });
        }
        // The header search with its results open, where a citizen on a phone first meets them.
        await page.goto(server.base + 'ho-tro/');
        const box = page.locator('header input[type=search], input[type=search]').first();
        if (await box.count()) {
          await box.focus();
          await box.pressSequentially('dong thap', { delay: 30 });
          await page.waitForTimeout(3000);
          await page.screenshot({ path: path.join(out, `search-${width}.png`) });
        }
        await page.context().close();
      }
    } finally {
      await server.close();
    }
    console.log(`${name}: ${out}`);
  }
} finally {
  await browser.close();
}
