// nhipcau search worker: runs the wasm engine off the main thread. Index chunks are loaded with
// synchronous XMLHttpRequest, which workers allow: tantivy reads synchronously, and this is what
// lets it read the index lazily from plain static files (no Range requests, no special headers).
// Before a query, the engine names the postings chunks it will read, and they are fetched in
// parallel: on a slow network, one request after another is most of the wait.
'use strict';

const FORMAT_VERSION = __FORMAT_VERSION__;
const CHUNK_TIMEOUT_MS = 20000;
const PARALLEL_FETCHES = 6;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let exports = null;
let pending = null;
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
  if (xhr.status !== 200 && xhr.status !== 0) throw new Error(`HTTP ${xhr.status} for ${url}`);
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

/** Fetches chunk files in parallel into `prefetched`. A failure is left to the synchronous read,
 * which tries again and reports it. */
async function prefetch(names) {
  let next = 0;
  const fetchSome = async () => {
    while (next < names.length) {
      const name = names[next++];
      try {
        const response = await fetch(searchDir + name);
        if (response.ok) prefetched.set(name, new Uint8Array(await response.arrayBuffer()));
      } catch (e) {
        // offline or blocked: the synchronous read reports it
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, names.length) }, fetchSome));
}

async function loadEngine(base, engine, engineDeflate) {
  // The compressed copy is a third of the size on hosts that do not compress .wasm themselves.
  if (engineDeflate && typeof DecompressionStream === 'function') {
    const packed = await fetch(base + engineDeflate);
    if (!packed.ok) throw new Error(`HTTP ${packed.status} for ${engineDeflate}`);
    const bytes = await new Response(packed.body.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer();
    return (await WebAssembly.instantiate(bytes, imports)).instance;
  }
  try {
    return (await WebAssembly.instantiateStreaming(fetch(base + engine), imports)).instance;
  } catch (e) {
    // Servers that send another Content-Type for .wasm: compile from bytes instead.
    const response = await fetch(base + engine);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${engine}`);
    return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
  }
}

async function init({ base, engine, engineDeflate, manifest, formatVersion }) {
  searchDir = base;
  if (formatVersion !== FORMAT_VERSION) throw Object.assign(new Error('version'), { kind: 'version' });
  const instance = await loadEngine(base, engine, engineDeflate);
  exports = instance.exports;
  if (exports.format_version() !== FORMAT_VERSION) throw Object.assign(new Error('version'), { kind: 'version' });
  const opened = call(exports.open, manifest);
  if (opened.error) throw Object.assign(new Error(opened.error), { kind: /format/.test(opened.error) ? 'version' : 'index' });
  return opened.docs;
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'init') {
      const docs = await init(data);
      self.postMessage({ type: 'ready', docs });
    } else if (data.type === 'search') {
      const query = JSON.stringify({ ...data.query, text: String(data.query.text || '').normalize('NFC') });
      const needed = call(exports.plan, query);
      if (Array.isArray(needed) && needed.length) await prefetch(needed);
      const results = call(exports.search, query);
      prefetched.clear();
      if (results.error) throw Object.assign(new Error(results.error), { kind: 'index' });
      self.postMessage({ type: 'results', id: data.id, results });
    }
  } catch (e) {
    self.postMessage({ type: 'error', id: data.id, kind: e.kind || 'network', message: String(e.message || e) });
  }
};
