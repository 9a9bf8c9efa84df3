// nhipcau search UI: enhances every <form data-nhipcau-search> (a plain GET form that works
// without JS) with instant results, and runs the search page ([data-nhipcau-search-page]).
// The engine (wasm, in a worker) and the index load on intent: on the search page, or when a
// search box is hovered, touched or focused; never on a page load for people who do not search.

const FORMAT_VERSION = __FORMAT_VERSION__;
/** This build's engine, named by its content hash: its download starts with the pointer's. */
const ENGINE = __ENGINE__;
/** `[search] offline` in config.toml: whether the site keeps a service worker (nhipcau-sw.js). */
const OFFLINE = __OFFLINE__;
const SEARCH_DIR = new URL('./', import.meta.url);
const SITE_ROOT = new URL('../', SEARCH_DIR);
const DEBOUNCE_MS = 80;
const LOAD_TIMEOUT_MS = 30000;

const KIND_LABELS = {
  plan: 'Kế hoạch', centre: 'Cơ sở', help: 'Hướng dẫn', campaign: 'Chiến dịch', explainer: 'Giới thiệu', other: 'Khác',
};
const MESSAGES = {
  loading: 'Đang tải bộ tìm kiếm…',
  network: 'Không tải được chỉ mục tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại; các trang khác vẫn dùng được bình thường.',
  offline: 'Bạn đang ngoại tuyến nên chưa tìm kiếm được. Các trang đã mở vẫn đọc được bình thường.',
  version: 'Bộ tìm kiếm và chỉ mục không cùng phiên bản. Hãy tải lại trang (Ctrl + F5) để dùng bản mới nhất.',
  index: 'Chỉ mục tìm kiếm bị lỗi. Hãy tải lại trang; nếu vẫn lỗi, xin báo cho cơ quan quản lý cổng thông tin.',
  none: (q) => `Không tìm thấy kết quả cho “${q}”. Hãy thử từ khác, hoặc gọi 111 nếu cần giúp ngay.`,
  count: (n, q, fuzzy) => `${n} kết quả ${fuzzy ? 'gần đúng ' : ''}cho “${q}”.`,
};

let engine = null; // Promise of { search(query) }
let stopEngine = () => {};

function startEngine() {
  if (engine) return engine;
  engine = (async () => {
    // The worker's script, the pointer and the engine download together: the engine is most of a
    // first search's bytes, and waiting for the pointer to name it cost a round trip (150 ms on a
    // slow phone's network).
    const worker = new Worker(new URL('nhipcau-search-worker.js', SEARCH_DIR));
    const early = new AbortController();
    const earlyEngine = loadEngine(ENGINE, `${ENGINE}.gz`, early.signal);
    earlyEngine.catch(() => {}); // reported below, if it is the engine the pointer names
    let pointer;
    try {
      // Offline is no reason not to try: the service worker may have kept the engine and index.
      pointer = await fetch(new URL('index.json', SEARCH_DIR)).then((r) => {
        if (!r.ok) throw Object.assign(new Error(`index.json: HTTP ${r.status}`), { kind: 'network' });
        return r.json();
      }, (e) => { throw Object.assign(e, { kind: navigator.onLine ? 'network' : 'offline' }); });
      if (pointer.format_version !== FORMAT_VERSION) throw Object.assign(new Error('version'), { kind: 'version' });
    } catch (e) {
      early.abort();
      worker.terminate();
      throw e;
    }
    stopEngine = () => {
      worker.terminate();
      for (const job of waiting.values()) job.reject(Object.assign(new Error('restarted'), { kind: 'network' }));
    };
    const waiting = new Map();
    let nextId = 1;
    let ready;
    const readyPromise = new Promise((resolve, reject) => { ready = { resolve, reject }; });
    const timer = setTimeout(() => ready.reject(Object.assign(new Error('timeout'), { kind: 'network' })), LOAD_TIMEOUT_MS);
    const fail = (e) => { clearTimeout(timer); worker.terminate(); ready.reject(e); };
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') { clearTimeout(timer); ready.resolve(); return; }
      const job = waiting.get(data.id);
      if (data.type === 'error' && !job) { fail(Object.assign(new Error(data.message), { kind: data.kind })); return; }
      if (!job) return;
      waiting.delete(data.id);
      if (data.type === 'results') job.resolve(data.results);
      else job.reject(Object.assign(new Error(data.message), { kind: data.kind }));
    };
    worker.onerror = () => fail(Object.assign(new Error('worker'), { kind: 'network' }));
    // The worker reads the manifest and the index's head while the engine is still on its way.
    worker.postMessage({ type: 'init', base: SEARCH_DIR.href, manifest: pointer.manifest, engineRest: pointer.engine_rest, formatVersion: pointer.format_version });
    // The pointer has the last word: a page script cached from an earlier build names its engine.
    if (pointer.engine !== ENGINE) early.abort();
    const module = pointer.engine === ENGINE ? earlyEngine : loadEngine(pointer.engine, pointer.engine_gzip);
    module.then((m) => worker.postMessage({ type: 'engine', module: m }),
      (e) => fail(Object.assign(e, { kind: navigator.onLine ? 'network' : 'offline' })));
    await readyPromise;
    return {
      search(query) {
        const id = nextId++;
        return new Promise((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.postMessage({ type: 'search', id, query });
        });
      },
    };
  })();
  engine.catch(() => { engine = null; }); // a later attempt may succeed (back online)
  return engine;
}

/** Compiles while the engine downloads where the server says application/wasm; from the bytes
 * where it sends another type (compileStreaming refuses those). The compiled module goes to the
 * worker, which instantiates it. */
async function compile(response) {
  const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * The raw .wasm where the host compresses it (brotli from a precompressed sibling is 195 KB);
 * where it arrives uncompressed (636 KB, as from many static hosts that compress only text), the
 * download stops at the headers and the .gz sibling comes instead, inflated here as it arrives.
 */
async function loadEngine(name, gzipName, signal) {
  const canInflate = gzipName && typeof DecompressionStream === 'function';
  const raw = new AbortController();
  signal?.addEventListener('abort', () => raw.abort(), { once: true });
  let response = null;
  try {
    response = await fetch(new URL(name, SEARCH_DIR), { signal: raw.signal });
  } catch (e) {
    if (!canInflate || signal?.aborted) throw e;
  }
  if (response && response.ok && (response.headers.get('content-encoding') || !canInflate)) return compile(response);
  raw.abort();
  const packed = await fetch(new URL(gzipName, SEARCH_DIR), { signal });
  if (!packed.ok) throw new Error(`HTTP ${packed.status} for ${gzipName}`);
  // A server that labels .gz files with Content-Encoding has had the browser inflate it already.
  const body = packed.headers.get('content-encoding') ? packed.body : packed.body.pipeThrough(new DecompressionStream('gzip'));
  return compile(new Response(body, { headers: { 'content-type': 'application/wasm' } }));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter(Boolean));
  return node;
}

/** The engine escapes snippets and adds only <mark>; check that anyway before using innerHTML. */
function snippetNode(html) {
  const p = el('p', { class: 'nc-snippet' });
  const withoutMarks = html.replace(/<\/?mark>/g, '');
  if (/[<>]/.test(withoutMarks)) p.textContent = withoutMarks;
  else p.innerHTML = html;
  return p;
}

function hitUrl(path) {
  return new URL(path.replace(/^\//, ''), SITE_ROOT).href;
}

class SearchBox {
  constructor(form, { page = null } = {}) {
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    this.page = page; // the search page's results container, or null for instant results
    this.filters = { kind: '', province: '' };
    this.seq = 0;
    const id = `nc-${Math.random().toString(36).slice(2, 8)}`;
    this.status = el('p', { class: 'nc-status', role: 'status', 'aria-live': 'polite', id: `${id}-status` });
    this.facets = el('div', { class: 'nc-facets' });
    this.notes = el('div', { class: 'nc-notes' });
    this.list = el('ol', { class: 'nc-list', id: `${id}-list`, 'aria-label': 'Kết quả tìm kiếm' });
    this.panel = el('div', { class: page ? 'nc-results nc-page' : 'nc-results nc-popup', hidden: !page }, this.status, this.notes, this.facets, this.list);
    (page || form).append(this.panel);
    // Keep what the page already describes the box with (the home page's hint); add the status.
    const described = this.input.getAttribute('aria-describedby');
    this.input.setAttribute('aria-describedby', described ? `${described} ${this.status.id}` : this.status.id);
    this.input.setAttribute('aria-controls', this.list.id);
    // Intent to search: the download starts while the citizen is still aiming and typing.
    const early = () => startEngine().catch(() => {});
    this.input.addEventListener('focus', early, { once: true });
    form.addEventListener('pointerenter', early, { once: true });
    form.addEventListener('touchstart', early, { once: true, passive: true });
    this.input.addEventListener('input', () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.run(), DEBOUNCE_MS); });
    this.input.addEventListener('keydown', (e) => this.onInputKey(e));
    this.panel.addEventListener('keydown', (e) => this.onPanelKey(e));
    if (!page) {
      document.addEventListener('click', (e) => { if (!form.contains(e.target)) this.close(); });
    }
  }

  links() {
    return [...this.list.querySelectorAll('a')];
  }

  onInputKey(e) {
    if (e.key === 'ArrowDown' && this.links().length) { e.preventDefault(); this.links()[0].focus(); }
    if (e.key === 'Escape') this.close();
  }

  onPanelKey(e) {
    const links = this.links();
    const i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
    if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i === 0 ? this.input : links[i - 1]).focus(); }
    if (e.key === 'Escape') { this.close(); this.input.focus(); }
  }

  close() {
    if (!this.page) this.panel.hidden = true;
  }

  say(text) {
    this.status.textContent = text;
  }

  async run() {
    const text = this.input.value.trim();
    const seq = ++this.seq;
    if (this.page) this.updateUrl(text);
    if (!text) { this.list.replaceChildren(); this.facets.replaceChildren(); this.notes.replaceChildren(); this.say(''); this.close(); return; }
    this.panel.hidden = false;
    let api;
    try {
      if (!engine) this.say(MESSAGES.loading);
      api = await startEngine();
    } catch (e) {
      if (seq === this.seq) this.say(MESSAGES[navigator.onLine ? (e.kind || 'network') : 'offline'] || MESSAGES.network);
      return;
    }
    try {
      const results = await api.search({ text, kind: this.filters.kind || null, province: this.filters.province || null, limit: this.page ? 30 : 8 });
      if (seq !== this.seq) return; // a newer query is on its way
      this.render(text, results);
    } catch (e) {
      if (seq === this.seq) this.say(MESSAGES[e.kind] || MESSAGES.index);
    }
  }

  updateUrl(text) {
    const url = new URL(location.href);
    for (const [k, v] of [['q', text], ['kind', this.filters.kind], ['province', this.filters.province]]) {
      if (v) url.searchParams.set(k, v); else url.searchParams.delete(k);
    }
    history.replaceState(null, '', url);
  }

  render(text, results) {
    this.say(results.total ? MESSAGES.count(results.total, text, results.fuzzy) : MESSAGES.none(text));
    this.notes.replaceChildren(...this.notesFor(results));
    this.list.replaceChildren(...results.hits.map((hit) => {
      const title = el('a', { href: hitUrl(hit.url), class: 'nc-title' }, hit.title);
      if (hit.heading) title.append(el('span', { class: 'nc-heading', text: ` › ${hit.heading}` }));
      const meta = [KIND_LABELS[hit.kind] || KIND_LABELS.other, hit.provinces[0]].filter(Boolean).join(' · ');
      // One result per page; its other matching sections are deep links under it.
      const sections = (hit.sections || []).length
        ? el('ul', { class: 'nc-sections', 'aria-label': `Các mục khác trong “${hit.title}”` },
          ...hit.sections.map((s) => el('li', {}, el('a', { href: hitUrl(s.url), class: 'nc-section', text: s.heading || hit.title }))))
        : null;
      return el('li', { class: 'nc-hit' }, title, snippetNode(hit.snippet_html), sections, el('p', { class: 'nc-meta', text: meta }));
    }));
    this.renderFacets(results.facets);
  }

  /** Former provinces explained, "did you mean", and on an empty result the hotlines and help. */
  notesFor(results) {
    const out = (results.notes || []).map((n) => el('p', { class: 'nc-note', text: n }));
    if (results.suggestion) {
      const again = el('button', { type: 'button', class: 'nc-suggestion', text: results.suggestion });
      again.addEventListener('click', () => { this.input.value = results.suggestion; this.run(); this.input.focus(); });
      out.push(el('p', { class: 'nc-note' }, 'Có phải bạn muốn tìm: ', again, '?'));
    }
    const guidance = results.total === 0 ? results.guidance : null;
    if (guidance) {
      if (guidance.hotlines.length) {
        out.push(el('p', { class: 'nc-note' }, 'Cần giúp ngay? Gọi ',
          ...guidance.hotlines.flatMap((h, i) => [i ? ', ' : '', el('a', { href: `tel:${h.number}`, text: h.number }), h.label ? ` (${h.label})` : ''])));
      }
      if (guidance.help) {
        out.push(el('p', { class: 'nc-note' }, 'Hoặc xem ', el('a', { href: hitUrl(guidance.help.path), text: guidance.help.title }), '.'));
      }
    }
    return out;
  }

  renderFacets(facets) {
    const group = (name, label, options, labelOf) => {
      if (options.length < 2 && !this.filters[name]) return null;
      const select = el('select', { name, 'aria-label': label });
      select.append(el('option', { value: '', text: `${label}: tất cả` }));
      for (const [value, count] of options) {
        select.append(el('option', { value, selected: this.filters[name] === value, text: `${labelOf(value)} (${count})` }));
      }
      select.addEventListener('change', () => { this.filters[name] = select.value; this.run(); });
      return el('label', { class: 'nc-facet' }, select);
    };
    this.facets.replaceChildren(...[
      group('kind', 'Loại', facets.kind, (k) => KIND_LABELS[k] || k),
      // One place per province today, with its names before the 1/7/2025 merger.
      group('province', 'Tỉnh, thành', facets.province, (p) => {
        const former = (facets.province_former || {})[p];
        return former && former.length ? `${p} (gồm ${former.join(', ')})` : p;
      }),
    ].filter(Boolean));
  }
}

function enhance() {
  const pageBox = document.querySelector('[data-nhipcau-search-page]');
  for (const form of document.querySelectorAll('form[data-nhipcau-search]')) {
    const onPage = pageBox && (pageBox.contains(form) || form.dataset.nhipcauSearch === 'page');
    const box = new SearchBox(form, { page: onPage ? pageBox : null });
    if (onPage) {
      const params = new URLSearchParams(location.search);
      box.filters.kind = params.get('kind') || '';
      box.filters.province = params.get('province') || '';
      box.input.value = params.get('q') || box.input.value;
      form.addEventListener('submit', (e) => { e.preventDefault(); box.run(); });
      // Whoever opens the search page means to search.
      if (box.input.value) box.run(); else startEngine().catch(() => {});
    }
  }
}

enhance();
offline();

/** The service worker (at the site root, so its scope is the site's folder) is registered once the
 * page has loaded, so it never competes with the page; it stores only small files ahead of use.
 * A site that turned `[search] offline` off removes a worker it registered before. */
function offline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const script = new URL('nhipcau-sw.js', SITE_ROOT);
  if (!OFFLINE) {
    navigator.serviceWorker.getRegistration(SITE_ROOT.href).then(async (reg) => {
      // Only this site's own: a site higher up on the same host keeps its worker.
      if (reg && reg.scope === SITE_ROOT.href) {
        if (reg.active) await retire(reg.active);
        await reg.unregister().catch(() => {});
      }
      // And this site's caches, on every visit: what an earlier visit left is removed too.
      for (const name of await caches.keys()) if (name.startsWith(`nhipcau ${SITE_ROOT.href} `)) await caches.delete(name);
    }).catch(() => {});
    return;
  }
  const register = () => navigator.serviceWorker.register(script, { scope: SITE_ROOT.href }).catch(() => {});
  if (document.readyState === 'complete') register(); else window.addEventListener('load', register, { once: true });
  // A new build's worker took over: the next query opens the new index, whole (the engine running
  // now reads the old one, whose chunks the new cache does not keep).
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled && engine) { stopEngine(); engine = null; }
    controlled = true;
  });
}

/** Asks the worker to stop storing and waits until its stores in flight have ended (see
 * nhipcau-sw.js); a worker that does not answer within 2 s is not waited for. */
function retire(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    worker.postMessage('retire', [channel.port2]);
    setTimeout(resolve, 2000);
  });
}

/**
 * The engine without the UI, for integrators (and the benchmark): resolves to Results
 * ({ total, hits: [{ url, page, title, heading, snippet_html, sections: [{ url, heading }],
 * kind, provinces, date, score }], facets, fuzzy }): one hit per page (`total`
 * counts pages), `url` its best section, `sections` up to 3 other matching sections; `notes`
 * (former provinces explained), `suggestion` (did you mean, when results are weak or none),
 * `guidance` ({ hotlines: [{ number, label }], help: { title, path } }, when there are none), and
 * facets.province_former ({ "Đồng Tháp": ["Tiền Giang"] }).
 * URLs are site paths; resolve them against the site root (new URL('..', import.meta.url)).
 */
export async function search(query) {
  const api = await startEngine();
  return api.search(typeof query === 'string' ? { text: query } : query);
}
