// Shared by the browser tests: a static server that mounts a built site under a sub-folder (as a
// province would publish it), Debian's Chromium through playwright-core, and a guard that records
// every request that would leave the site.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'target/release/nhipcau');
export const ARTIFACTS = path.join(REPO, 'tests/browser/artifacts');
export const PREFIX = '/ctxh/';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream',
};

/**
 * A fresh folder under the system's temporary one, removed when the test file's process ends
 * (each run built a dozen sites there and left them: hundreds of folders, gigabytes, on a
 * developer's machine).
 */
const made = [];
process.on('exit', () => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Builds a site with the release binary into a fresh folder; returns that folder. */
export function buildSite(root = REPO) {
  const out = tempDir('nhipcau-browser-');
  execFileSync(BIN, ['build', '--quiet', '--root', root, '--output', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

/** Serves `dir` under PREFIX on 127.0.0.1 like a plain static host: no rewrites, no special headers. */
export async function serve(dir, options = {}) {
  const server = await serveSites({ [PREFIX]: dir }, options);
  return { ...server, base: server.origin + PREFIX };
}

/**
 * Serves several built sites from one server, each under its own folder (`{ '/a/': dir }`, as two
 * sites on one host). `server.mounts` can be changed to publish a rebuilt site in place, and
 * `server.requests` lists every request's path (what reached the network). Options: `types`
 * overrides Content-Types by extension (a host with the wrong MIME type); `precompressed` serves a
 * file's .br or .gz sibling when the browser accepts it (nginx brotli_static/gzip_static), as
 * Content-Encoding of the file asked for. `server.cut(true)` cuts the network for real: Chromium's
 * offline emulation (context.setOffline) does not reach a service worker's own fetches.
 * `slow` holds back the answer to paths it matches (`[[/index\.json$/, 1000]]`: ms), and
 * `server.timeline` lists each request as { path, at, answered } (ms since the server started).
 */
export async function serveSites(mounts, { types = {}, precompressed = false, slow = [] } = {}) {
  const state = { mounts: { ...mounts }, requests: [], timeline: [], cut: false };
  const start = Date.now();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const rel0 = decodeURIComponent(url.pathname);
    state.requests.push(rel0);
    const entry = { path: rel0, at: Date.now() - start, answered: null };
    state.timeline.push(entry);
    res.on('finish', () => { entry.answered = Date.now() - start; });
    const hold = slow.find(([pattern]) => pattern.test(rel0));
    if (hold) await new Promise((r) => setTimeout(r, hold[1]));
    // The network is down: the connection drops, as a phone out of coverage sees it.
    if (state.cut) { req.socket.destroy(); return; }
    const prefix = Object.keys(state.mounts).sort((a, b) => b.length - a.length).find((p) => rel0.startsWith(p));
    if (!prefix || rel0.includes('..')) { res.writeHead(404).end(); return; }
    const dir = state.mounts[prefix];
    let file = path.join(dir, rel0.slice(prefix.length));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const ext = path.extname(file);
      const headers = { 'content-type': types[ext] || TYPES[ext] || 'application/octet-stream' };
      let body = null;
      if (precompressed) {
        const accepts = String(req.headers['accept-encoding'] || '');
        for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
          if (body || !accepts.includes(encoding)) continue;
          body = await readFile(file + suffix).catch(() => null);
          if (body) Object.assign(headers, { 'content-encoding': encoding, vary: 'accept-encoding' });
        }
      }
      body ||= await readFile(file);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      const body = await readFile(path.join(dir, '404.html')).catch(() => 'not found');
      res.writeHead(404, { 'content-type': TYPES['.html'] }).end(body);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    get mounts() { return state.mounts; },
    requests: state.requests,
    timeline: state.timeline,
    /** Cuts (true) or restores the network: every connection drops without an answer. */
    cut(down) { state.cut = down; },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A page whose requests outside `origin` are blocked and recorded in `page.external`.
 * `serviceWorkers: 'block'` keeps the offline worker out: Chromium's offline emulation does not
 * reach a worker's own fetches, so a test of the page's own offline handling must not have one.
 */
export async function openPage(browser, origin, { width = 360, height = 800, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', serviceWorkers });
  const page = await context.newPage();
  page.external = [];
  page.consoleErrors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    page.external.push(url);
    return route.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Runs axe-core in the page against WCAG 2.x A/AA rules (incl. 2.2); returns the violations. */
export async function axe(page) {
  const source = await readFile(path.join(REPO, 'tests/browser/node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}
