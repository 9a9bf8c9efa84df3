// Runs the engine the way the browser's worker does (open, plan, search until it needs nothing
// more) over built sites, on what citizens search for and every kind of query the search UI sends.
// `cargo xtask engine` runs it on the engine instrumented by `wasm-split --instrument` and gives
// wasm-split the profile it writes, which tells the functions a search reaches; with --rest it
// runs the engine's two parts and tells which queries need the second one. Nothing here is shipped.
//   node profile.mjs INSTRUMENTED.wasm PROFILE_OUT QUERIES.tsv... -- SITE_DIR...
//   node profile.mjs --rest ENGINE.wasm ENGINE-REST.wasm QUERIES.tsv... -- SITE_DIR...
'use strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const checkRest = args[0] === '--rest';
const [wasmPath, second] = args.slice(checkRest ? 1 : 0);
const split = args.indexOf('--');
const queryFiles = args.slice(checkRest ? 3 : 2, split);
const sites = args.slice(split + 1);

// What citizens type (the evaluation sets), and the shapes of query the UI sends besides: typos
// and words no site has (near forms, "did you mean", the hotlines on no result), numbers, a
// single letter, a long question, place names, single words misspelled (a near-form pass of
// one word counts its pages down a branch of its own: "hue" on the 10,000-page bench site, where
// Huế is rare, needed the second part until these were here), and words and pairs so common
// that they match most sections (counting those reaches code that fewer matches do not).
const typed = queryFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n'))
  .filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t')[0].trim());
const shapes = ['bao ve tre emm', 'cham soc suc khoee', 'tu van tam lyy', 'xuongrong', 'qwxz',
  '111', 'giai đoạn 2021 - 2030', 'quyết định 112', 'a', 'Đồng Tháp', 'TIỀN GIANG', 'nguoi gia song mot minh o dau duoc giup',
  'kinh phí thực hiện', 'công tác xã hội', 'tre em bi bao luc', 'nguoi khuyet tat',
  'hue', 'ha noi', 'da nang', 'ca mau', 'tre em', 'xa hoi', 'ho tro', 'nguoi', 'gia dinh', 'cham soc', 'và', 'của',
  'giupp', 'nguoii', 'benhvien', 'tamly', 'khuyettat', 'huee', 'dongthap'];
const queries = checkRest ? [...new Set(typed)] : [...new Set([...typed, ...shapes])];

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MARK = /^\p{M}$/u;
let dir = '';
let pending = null;
let pendingText = null;
let exports = null;
const bytes = (ptr, len) => new Uint8Array(exports.memory.buffer, ptr, len);
// The worker's imports (assets/nhipcau-search-worker.js), chunks read from the site's folder.
const imports = {
  env: {
    fetch_chunk(ptr, len) {
      try {
        pending = readFileSync(path.join(dir, decoder.decode(bytes(ptr, len))));
        return pending.length;
      } catch {
        return -1;
      }
    },
    take_chunk(dest) { bytes(dest, pending.length).set(pending); pending = null; },
    normalize(ptr, len, form) {
      pendingText = encoder.encode(decoder.decode(bytes(ptr, len)).normalize(form === 0 ? 'NFC' : 'NFD'));
      return pendingText.length;
    },
    take_text(dest) { bytes(dest, pendingText.length).set(pendingText); pendingText = null; },
    is_mark(c) { return MARK.test(String.fromCodePoint(c)) ? 1 : 0; },
  },
};
const module = new WebAssembly.Module(readFileSync(wasmPath));
// With --rest: the stand-ins of the first part load the second, as the worker's do, and count.
const rest = checkRest ? new WebAssembly.Module(readFileSync(second)) : null;
let restLoaded = false;
if (checkRest) {
  imports.placeholder = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (from !== 'placeholder') continue;
    imports.placeholder[name] = (...args) => {
      if (!restLoaded) new WebAssembly.Instance(rest, { primary: exports });
      restLoaded = true;
      return exports.table.get(Number(name))(...args);
    };
  }
}

function call(fn, text) {
  const input = encoder.encode(text);
  const ptr = exports.alloc(input.length);
  bytes(ptr, input.length).set(input);
  const len = fn(ptr, input.length);
  return JSON.parse(decoder.decode(bytes(exports.output_ptr(), len).slice()));
}

function search(query) {
  const text = JSON.stringify({ ...query, text: query.text.normalize('NFC') });
  call(exports.plan, text);
  let results = call(exports.search, text);
  while (Array.isArray(results.fetch)) results = call(exports.search, text);
  if (results.error) throw new Error(`${query.text}: ${results.error}`);
  return results;
}

/**
 * A fresh instance with `site`'s index open, opened `again` more times first. Which hashing code
 * runs is a matter of luck: in wasm each of std's hash maps (tantivy's too) is keyed by how many
 * were made before it in the instance, and whether a lookup compares keys (a function of its own
 * for each type of key) depends on those keys and the site. Openings before shift every later
 * map's keys, so that the profile meets such comparisons whatever the site: with none, opening
 * the 10,000-page bench site's index and most queries with diacritics on the plan site needed
 * the second part.
 */
function open(site, again = 0) {
  restLoaded = false;
  exports = new WebAssembly.Instance(module, imports).exports;
  exports.format_version();
  dir = path.join(site, 'search');
  const pointer = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
  for (let n = 0; n <= again; n += 1) {
    const opened = call(exports.open, pointer.manifest);
    if (opened.error) throw new Error(`${site}: ${opened.error}`);
  }
}

/** How many more openings the profile and the check try before a query (see `open`). */
const SHIFTS = 6;

if (checkRest) {
  // Each query as a visit's first search: a fresh instance, the header box's limit; and again
  // with the hash maps' keys shifted as other sites would have them (see `open`).
  for (const site of sites) {
    for (let again = 0; again < SHIFTS; again += 1) {
      const needing = [];
      for (const text of queries) {
        open(site, again);
        if (restLoaded) { needing.push('(opening the index)'); break; }
        search({ text, limit: 8 });
        if (restLoaded) needing.push(text);
      }
      console.log(`${site}, ${again} openings before: ${needing.length} of ${queries.length} queries need the engine's second part${needing.length ? `: ${needing.join(', ')}` : ''}`);
    }
  }
  process.exit(0);
}

/** The instance's profile: a hash of the module (8 bytes), then for each function the time of
 * its first call (u32, 0 if never called). */
function profile() {
  const size = exports.__write_profile(0, 0);
  const ptr = exports.alloc(size);
  exports.__write_profile(ptr, size);
  return bytes(ptr, size).slice();
}

// Each query twice: first in a fresh instance, as a visit's first search finds the engine (its
// caches empty, so it sorts and allocates as a warm one does not: in one instance only, a fifth
// of first searches on the 10,000-page site reached code left out), then in one instance that
// has answered the others, as the search page and its filters ask.
let merged = null;
const keep = (p) => {
  if (!merged) { merged = p; return; }
  const a = new DataView(merged.buffer), b = new DataView(p.buffer);
  for (let at = 8; at + 4 <= merged.length; at += 4) {
    const x = a.getUint32(at, true), y = b.getUint32(at, true);
    if (y && (!x || y < x)) a.setUint32(at, y, true);
  }
};
let count = 0;
for (const site of sites) {
  for (const text of queries) {
    for (let again = 0; again < SHIFTS; again += 1) {
      open(site, again);
      search({ text, limit: 8 });
      keep(profile());
    }
  }
  open(site);
  for (const text of queries) {
    // As the header's box (8) and the search page (30) ask, then filtered by what it offers.
    const results = search({ text, limit: 8 });
    search({ text, limit: 30 });
    const kind = results.facets.kind[0]?.[0];
    const province = results.facets.province[0]?.[0];
    if (kind) search({ text, kind, limit: 30 });
    if (province) search({ text, province, limit: 30, offset: 10 });
    count += 1;
  }
  keep(profile());
}
writeFileSync(second, merged);
console.error(`profile: ${count} queries over ${sites.length} sites`);
