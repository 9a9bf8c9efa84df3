//! The browser side of nhipcau search: nhipcau-search compiled to wasm32-unknown-unknown, driven
//! by assets/nhipcau-search-worker.js through a few raw exports. Index chunks are fetched by the
//! worker: in parallel and asynchronously before a query (the engine names them with `plan`), and
//! with synchronous XHR (allowed in workers) for any read the plan did not foresee, which is what
//! lets tantivy's synchronous reads load the index lazily from plain static files.
//!
//! Contract with the worker: strings passed in are UTF-8 the engine owns once passed (the worker
//! `alloc`s exactly their length); query text is NFC (the worker normalises it with
//! `String.prototype.normalize`). Every answer is JSON; an error is `{"error": message, "kind":
//! "version" | "network" | "index" | "query"}`, so the worker never guesses from the message.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use nhipcau_search::{Answer, ChunkSource, Engine, Query, FORMAT_VERSION};
    use nhipcau_search::SearchError;
    use std::cell::{Cell, RefCell};

    #[link(wasm_import_module = "env")]
    extern "C" {
        /// Fetches chunk `name`; returns its length (the bytes wait in JS), or -1.
        fn fetch_chunk(name_ptr: *const u8, name_len: usize) -> i32;
        /// Copies the bytes of the last fetched chunk to `dest`.
        fn take_chunk(dest: *mut u8);
    }

    struct Xhr;

    impl ChunkSource for Xhr {
        fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
            let len = unsafe { fetch_chunk(name.as_ptr(), name.len()) };
            if len < 0 {
                FETCH_FAILED.with(|f| f.set(true));
                return Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("cannot download {name}")));
            }
            let mut buf = vec![0u8; len as usize];
            unsafe { take_chunk(buf.as_mut_ptr()) };
            Ok(buf)
        }
    }

    // The browser runs this module on one thread.
    thread_local! {
        static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
        static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        /// Whether a chunk could not be downloaded during the current call: tantivy wraps such a
        /// failure in its own errors, and the citizen should hear "check your connection" then.
        static FETCH_FAILED: Cell<bool> = const { Cell::new(false) };
    }

    /// Takes back a buffer `alloc` gave out: a boxed slice of exactly `len` bytes, so freeing it
    /// with that length is sound (a Vec's `with_capacity` may give more than asked).
    fn input(ptr: *mut u8, len: usize) -> String {
        FETCH_FAILED.with(|f| f.set(false));
        let bytes: Box<[u8]> = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn output(json: String) -> usize {
        OUTPUT.with(|o| {
            let mut o = o.borrow_mut();
            *o = json.into_bytes();
            o.len()
        })
    }

    fn error_json(kind: &str, message: &str) -> String {
        serde_json::json!({ "error": message, "kind": kind }).to_string()
    }

    fn engine_error(err: &SearchError) -> String {
        let kind = match err {
            SearchError::VersionMismatch { .. } => "version",
            _ if FETCH_FAILED.with(Cell::get) => "network",
            SearchError::Io(_) => "network",
            SearchError::Corrupt(_) | SearchError::Tantivy(_) => "index",
        };
        error_json(kind, &err.to_string())
    }

    #[no_mangle]
    pub extern "C" fn alloc(len: usize) -> *mut u8 {
        Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
    }

    #[no_mangle]
    pub extern "C" fn format_version() -> u32 {
        FORMAT_VERSION
    }

    /// Opens the index named by the manifest file name (passed as `alloc`ed UTF-8, consumed).
    /// Returns the length of a JSON answer ({"ok":…} or {"error":…}) readable at `output_ptr`.
    #[no_mangle]
    pub extern "C" fn open(ptr: *mut u8, len: usize) -> usize {
        let manifest = input(ptr, len);
        let answer = match Engine::open(Box::new(Xhr), &manifest) {
            Ok(engine) => {
                let docs = engine.doc_count();
                ENGINE.with(|e| *e.borrow_mut() = Some(engine));
                serde_json::json!({ "ok": true, "docs": docs }).to_string()
            }
            Err(err) => engine_error(&err),
        };
        output(answer)
    }

    /// Runs a Query (JSON, `alloc`ed, consumed); returns the length of the Results JSON, or of
    /// `{"fetch": [chunk names]}` when the results need chunks not loaded yet.
    #[no_mangle]
    pub extern "C" fn search(ptr: *mut u8, len: usize) -> usize {
        let request = input(ptr, len);
        let answer = ENGINE.with(|e| {
            let engine = e.borrow();
            let Some(engine) = engine.as_ref() else { return error_json("index", "the index is not open") };
            let query: Query = match serde_json::from_str(&request) {
                Ok(q) => q,
                Err(err) => return error_json("query", &format!("bad query: {err}")),
            };
            match engine.search_or_fetch(&query) {
                Ok(Answer::Results(results)) => {
                    let mut value = serde_json::to_value(&results).unwrap_or_default();
                    value["chunks_fetched"] = engine.fetched_chunks().into();
                    value.to_string()
                }
                // The results' documents are in chunks not loaded: the worker fetches them in
                // parallel and asks again (see `Engine::search_or_fetch`).
                Ok(Answer::Fetch(names)) => serde_json::json!({ "fetch": names }).to_string(),
                Err(err) => engine_error(&err),
            }
        });
        output(answer)
    }

    /// The chunk files a Query (JSON, `alloc`ed, consumed) will read that are not loaded yet;
    /// returns the length of a JSON array of file names, which the worker fetches in parallel
    /// before `search` (whose own reads are synchronous, one request after another).
    #[no_mangle]
    pub extern "C" fn plan(ptr: *mut u8, len: usize) -> usize {
        let request = input(ptr, len);
        let answer = ENGINE.with(|e| {
            let engine = e.borrow();
            let names = match (engine.as_ref(), serde_json::from_str::<Query>(&request)) {
                (Some(engine), Ok(query)) => engine.chunks_for(&query),
                _ => Vec::new(),
            };
            serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
        });
        output(answer)
    }

    #[no_mangle]
    pub extern "C" fn output_ptr() -> *const u8 {
        OUTPUT.with(|o| o.borrow().as_ptr())
    }

    /// getrandom's custom backend (see .cargo/config.toml). Nothing here needs secure randomness:
    /// tantivy only names new segments with it, and the browser never writes an index.
    #[no_mangle]
    unsafe extern "Rust" fn __getrandom_v03_custom(dest: *mut u8, len: usize) -> Result<(), getrandom::Error> {
        static mut STATE: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..len {
            let mut x = STATE;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            STATE = x;
            *dest.add(i) = x as u8;
        }
        Ok(())
    }
}
