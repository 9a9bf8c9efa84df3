// nhipcau search worker: runs the wasm engine off the main thread. Before a query, the engine
// names the chunks it will read (`plan`), then those a later pass or the results' text need
// (`search` answers `fetch`); each set is fetched asynchronously, in parallel: on a slow
// network, one request after another is most of the wait. tantivy's reads are synchronous,
// so a read the plan did not foresee falls back on synchronous XMLHttpRequest, which workers
// allow; that is what lets it read the index lazily from plain static files (no Range requests,
// no special headers).
'use strict';

const FORMAT_VERSION = __FORMAT_VERSION__;
const CHUNK_TIMEOUT_MS = 20000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let exports = null;
let pending = null;
let pendingText = null;
const MARK = /^\p{M}$/u;
let searchDir = '';
/** Chunks fetched ahead of a query, by file name, until the engine reads them. */
const prefetched = new Map();

function bytes(ptr, len) {
  return new Uint8Array(exports.memory.buffer, ptr, len);
}

function getSync(url) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  xhr.responseType = 'arraybuffer';
  xhr.timeout = CHUNK_TIMEOUT_MS;
  xhr.send();
  // Status 0 is a network error or a blocked request, never a file.
  if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status} for ${url}`);
  return new Uint8Array(xhr.response);
}

const imports = {
  env: {
    fetch_chunk(ptr, len) {
      const name = decoder.decode(bytes(ptr, len));
      const ready = prefetched.get(name);
      if (ready) {
        prefetched.delete(name);
        pending = ready;
        return pending.length;
      }
      try {
        pending = getSync(searchDir + name);
        return pending.length;
      } catch (e) {
        pending = null;
        return -1;
      }
    },
    take_chunk(dest) {
      bytes(dest, pending.length).set(pending);
      pending = null;
    },
    // The analyzer's Unicode normalisation and Mark category come from this JavaScript engine's
    // own tables rather than the module's (crates/analyzer/src/unicode.rs): form 0 is NFC, 1 NFD.
    normalize(ptr, len, form) {
      pendingText = encoder.encode(decoder.decode(bytes(ptr, len)).normalize(form === 0 ? 'NFC' : 'NFD'));
      return pendingText.length;
    },
    take_text(dest) {
      bytes(dest, pendingText.length).set(pendingText);
      pendingText = null;
    },
    is_mark(c) {
      return MARK.test(String.fromCodePoint(c)) ? 1 : 0;
    },
  },
};

/** Calls an export that takes a UTF-8 string and leaves a JSON answer in the output buffer. */
function call(fn, text) {
  const input = encoder.encode(text);
  const ptr = exports.alloc(input.length);
  bytes(ptr, input.length).set(input);
  const len = fn(ptr, input.length);
  return JSON.parse(decoder.decode(bytes(exports.output_ptr(), len).slice()));
}

/** An error the UI words for the citizen: `kind` is the engine's own (see src/lib.rs). */
function failure(answer) {
  return Object.assign(new Error(answer.error), { kind: answer.kind || 'index' });
}

/** Fetches a round's chunk files into `prefetched`, all at once: an HTTP/2 host (GitHub Pages,
 * Netlify, Cloudflare) sends them together, and for an HTTP/1.1 host the browser queues them behind
 * its six connections, as our own limit of six did. On HTTP/2 that limit had cost a returning
 * visitor's query on the 10,000-page bench site 1,537 ms against 1,284 now. A failure is left to
 * the synchronous read, which tries again and reports it. */
async function prefetch(names) {
  await Promise.all(names.map(async (name) => {
    try {
      const response = await fetch(searchDir + name);
      if (response.ok) prefetched.set(name, new Uint8Array(await response.arrayBuffer()));
    } catch (e) {
      // offline or blocked: the synchronous read reports it
    }
  }));
}

/** What opening the index reads whatever the query (the manifest, then the head chunk it names),
 * fetched while the engine downloads rather than one after the other once it has compiled. */
async function prefetchOpening(manifest) {
  try {
    const response = await fetch(searchDir + manifest);
    if (!response.ok) return;
    const text = new Uint8Array(await response.arrayBuffer());
    prefetched.set(manifest, text);
    const head = JSON.parse(decoder.decode(text)).head;
    if (head && typeof head.chunk === 'string') await prefetch([head.chunk]);
  } catch (e) {
    // the engine's own read reports it
  }
}

/** The engine, compiled by the page as it downloaded (nhipcau-search.js) and sent here. */
let receiveEngine;
const engineModule = new Promise((resolve) => { receiveEngine = resolve; });
/** What `open` was given, to open the index again in a fresh instance (see `search`). */
let opening = null;
/** The engine's second part (`engine_rest` in index.json), instantiated once a call needs it. */
let restName = '';
let rest = null;

/**
 * The engine's imports: ours, and a stand-in for each function `cargo xtask engine` left in the
 * second part, which no search was seen to reach (error paths, mostly). The first call of one
 * loads that part, synchronously as a chunk is read; its instance fills the engine's function
 * table, and the call goes on to the function itself.
 */
function importsFor(module) {
  const placeholder = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (from !== 'placeholder') continue;
    const slot = Number(name);
    placeholder[name] = (...args) => {
      if (!rest) rest = new WebAssembly.Instance(new WebAssembly.Module(getSync(searchDir + restName)), { primary: exports });
      return exports.table.get(slot)(...args);
    };
  }
  return { ...imports, placeholder };
}

/** A fresh instance of the engine with the index open. */
async function instantiate(module, manifest) {
  rest = null;
  exports = (await WebAssembly.instantiate(module, importsFor(module))).exports;
  if (exports.format_version() !== FORMAT_VERSION) throw Object.assign(new Error('version'), { kind: 'version' });
  const opened = call(exports.open, manifest);
  if (opened.error) throw failure(opened);
  return opened.docs;
}

async function init({ base, manifest, engineRest, formatVersion }) {
  searchDir = base;
  restName = engineRest;
  if (formatVersion !== FORMAT_VERSION) throw Object.assign(new Error('version'), { kind: 'version' });
  const prefetching = prefetchOpening(manifest);
  const module = await engineModule;
  await prefetching;
  opening = { module, manifest };
  return instantiate(module, manifest);
}

async function search(query) {
  // A call that threw out of the engine (its second part could not be loaded: offline) left the
  // instance halfway through: the next query gets a fresh one.
  if (!exports) await instantiate(opening.module, opening.manifest);
  const text = JSON.stringify({ ...query, text: String(query.text || '').normalize('NFC') });
  try {
    const needed = call(exports.plan, text);
    if (Array.isArray(needed) && needed.length) await prefetch(needed);
    let results = call(exports.search, text);
    // A pass of the ranking (near forms, any word) or the results' stored text needs chunks not
    // loaded yet: fetched together, then the engine goes on (round trips one after another
    // become a few rounds on a slow phone). The engine names each chunk once per query, so this
    // ends: a chunk that failed to arrive is read by the engine itself, which reports it.
    while (Array.isArray(results.fetch)) {
      await prefetch(results.fetch);
      results = call(exports.search, text);
    }
    if (results.error) throw failure(results);
    return results;
  } catch (e) {
    if (e.kind) throw e; // the engine's own answer: the instance is whole
    exports = null;
    throw Object.assign(e, { kind: navigator.onLine ? 'network' : 'offline' });
  } finally {
    prefetched.clear();
  }
}

async function handle(data) {
  try {
    if (data.type === 'init') {
      self.postMessage({ type: 'ready', docs: await init(data) });
    } else if (data.type === 'search') {
      self.postMessage({ type: 'results', id: data.id, results: await search(data.query) });
    }
  } catch (e) {
    self.postMessage({ type: 'error', id: data.id, kind: e.kind || 'network', message: String(e.message || e) });
  }
}

// One message at a time: a search waits for the engine, and one query's prefetched chunks are
// never cleared by another's finishing first.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  // Not queued: the init before it waits for the engine.
  if (data.type === 'engine') receiveEngine(data.module);
  else queue = queue.then(() => handle(data));
};
