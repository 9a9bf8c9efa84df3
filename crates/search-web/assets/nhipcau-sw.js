// nhipcau offline service worker, at the site root so that its scope is the site's folder, from
// whatever sub-folder the site is served. It keeps what a citizen already used — the engine, the
// index chunks fetched, the pages read — plus the help pages and an offline page with the
// hotlines, so a returning visitor can search and read without a connection.
//
// One build, one cache: the generator writes BUILD from the index's manifest and the engine, so a
// rebuilt index is a new script, which the browser installs beside the old one; it takes over
// (and the old cache goes) only once its own copy of the pointer is stored. Several sites on one
// host never share a cache: every cache name carries this worker's scope, and lookups open this
// build's cache only (caches.match() would search the whole origin).
'use strict';

const BUILD = __BUILD__;
const ENGINE = __ENGINE__;
/** The engine's second part, fetched only if a search needs it (see the worker). */
const ENGINE_REST = __ENGINE_REST__;
const PRECACHE = __PRECACHE__;
const SCOPE = self.registration.scope;
const PREFIX = `nhipcau ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const SEARCH = new URL('search/', SCOPE).href;
const POINTER = new URL('search/index.json', SCOPE).href;
const OFFLINE_PAGE = new URL('offline.html', SCOPE).href;
/** Files whose names carry their content's hash: once stored, never fetched again. */
const IMMUTABLE = /^(?:engine-|manifest-|c-)[0-9a-f]{16}/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The pointer must be this build's, or the new cache would mix two indexes: the install
    // fails, and the browser tries again on a later visit.
    const pointer = await fetch(POINTER, { cache: 'no-cache' });
    if (!pointer.ok) throw new Error(`index.json: HTTP ${pointer.status}`);
    await cache.put(POINTER, pointer);
    // The pages open now (the one the citizen landed on was loaded before this worker), then
    // the list; best effort: a theme without an offline page still gets the pages and search.
    const open = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .map((c) => new URL(c.url)).filter((u) => u.href.startsWith(SCOPE)).map((u) => u.origin + u.pathname);
    await Promise.all([...new Set([...open, ...PRECACHE.map((p) => new URL(p, SCOPE).href)])].map(async (url) => {
      if (url === POINTER) return;
      try {
        const response = await fetch(url, { cache: 'no-cache' });
        if (response.ok) await cache.put(url, response);
      } catch (e) {
        // offline during the install: stored when next visited
      }
    }));
    // The engine changes only with nhipcau: the previous build's copy is still good.
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      const old = await caches.open(name);
      for (const file of [ENGINE, `${ENGINE}.gz`, ENGINE_REST]) {
        const url = new URL(file, SCOPE).href;
        const kept = await old.match(url);
        if (kept && !(await cache.match(url))) await cache.put(url, kept);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (url.href.startsWith(SEARCH) && IMMUTABLE.test(url.pathname.slice(url.pathname.lastIndexOf('/') + 1))) {
    event.respondWith(immutable(request));
  } else if (url.href === POINTER) {
    event.respondWith(pointer(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

/** Pages: the network's copy when there is one (stored, without its query: the search page
 * reads its own), else the copy read before, else the offline page. */
async function page(request, url) {
  const key = url.origin + url.pathname;
  try {
    // The request itself, so that a redirect reaches the browser as one.
    const response = await fetch(request);
    if (response.ok) await keep(key, response.clone());
    return response;
  } catch (e) {
    return (await kept(key)) || (await kept(OFFLINE_PAGE)) || Response.error();
  }
}

/** This build's copy of `key`, if the cache holds one. */
function kept(key) {
  return caches.match(key, { cacheName: CACHE });
}

/** Stores into this build's cache, only while it exists (its install made it) and until the
 * worker is retired. */
async function keep(key, response) {
  if (retired) return;
  const write = (async () => {
    if (await caches.has(CACHE)) await (await caches.open(CACHE)).put(key, response);
  })();
  writes.add(write);
  try { await write; } finally { writes.delete(write); }
}

/** A site that turned `[search] offline` off retires its worker from the page, which then
 * unregisters it and deletes the caches; the worker still answers that page's requests meanwhile.
 * A store already past `caches.has` would bring the cache back once deleted (caches.open creates
 * it anew), so the worker first stops storing and lets the stores in flight end, then answers. */
let retired = false;
const writes = new Set();
self.addEventListener('message', (event) => {
  if (event.data !== 'retire') return;
  retired = true;
  event.waitUntil(Promise.allSettled([...writes]).then(() => event.ports[0]?.postMessage('retired')));
});

async function immutable(request) {
  const stored = await kept(request.url);
  if (stored) return stored;
  const response = await fetch(request);
  // An engine the host sent uncompressed is given up by the page after its headers (it fetches
  // the .gz instead): storing it would download the 1.3 MB it saves. Its headers alone are kept,
  // which is all the page reads of it: offline too, it then asks for the .gz, kept once fetched.
  const uncompressedEngine = request.url === new URL(ENGINE, SCOPE).href && !response.headers.get('content-encoding');
  if (response.ok && !uncompressedEngine) await keep(request.url, response.clone());
  if (response.ok && uncompressedEngine && typeof DecompressionStream === 'function') {
    await keep(request.url, new Response(null, { headers: { 'content-type': response.headers.get('content-type') || 'application/wasm' } }));
  }
  return response;
}

/** The pointer: the network's while online (it may name a newer index, whose worker is on its
 * way), this build's own copy offline. Never overwritten, so the cache stays one index. */
async function pointer(request) {
  try {
    return await fetch(request, { cache: 'no-cache' });
  } catch (e) {
    return (await kept(POINTER)) || Response.error();
  }
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await keep(request.url, response.clone());
    return response;
  } catch (e) {
    return (await kept(request.url)) || Response.error();
  }
}
