//! `nhipcau serve`: builds into a private folder, serves it on 127.0.0.1, rebuilds on change and
//! reloads the browser over server-sent events. A failed rebuild keeps the last good site
//! served and shows the errors in the terminal and over the page.

use crate::build::{build_keeping_site, BuildOptions, Built, Rebuilt, Verbosity};
use std::sync::atomic::{AtomicU64, Ordering};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const LIVERELOAD_TAG: &str = "<script src=\"/__nhipcau/livereload.js\"></script>";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

struct State {
    /// The folder being served: replaced after each full build, patched by partial ones.
    site: RwLock<PathBuf>,
    clients: Mutex<Vec<Sender<String>>>,
    last_error: Mutex<Option<String>>,
    /// The model and render cache of the served build, for partial rebuilds.
    live: Mutex<Option<Built>>,
    /// Folder names for builds, and a count of changes applied (a catch-up build that started
    /// before the latest change must not replace what is served).
    generation: AtomicU64,
    changes: AtomicU64,
}

impl State {
    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {}\n\n", serde_json::to_string(data).unwrap_or_default());
        self.clients.lock().unwrap().retain(|c| c.send(message.clone()).is_ok());
    }
}

/// The longest request line and header block a preview answers (browsers send well under 8 KB);
/// anything longer gets 414 or 431 and is not buffered.
const MAX_REQUEST_LINE: u64 = 8 * 1024;
const MAX_HEADERS: u64 = 32 * 1024;
/// Connections served at once (each tab's live-reload stream is one); more wait with a 503.
const MAX_CONNECTIONS: usize = 64;

pub fn serve(opts: ServeOptions) -> std::io::Result<()> {
    let work = tempfile::Builder::new().prefix("nhipcau-serve-").tempdir()?;
    // Ctrl+C and SIGTERM end the process without running destructors: remove the preview's
    // copy of the site (drafts included) first.
    let work_path = work.path().to_path_buf();
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&work_path);
        eprintln!("\n{}", crate::t!("serve-stopped-cleanup", dir = work_path.display().to_string()));
        std::process::exit(130);
    });
    let opts = Arc::new(opts);
    let state = Arc::new(State {
        site: RwLock::new(work.path().join("none")),
        clients: Mutex::default(),
        last_error: Mutex::default(),
        live: Mutex::default(),
        generation: AtomicU64::new(0),
        changes: AtomicU64::new(0),
    });
    // Watch before the first build: an edit made while it runs must not be lost. Editors write a
    // file in several steps: the debouncer hands over a path once its events stop for 20 ms.
    let (tx, rx) = channel();
    let mut watcher = notify_debouncer_full::new_debouncer(QUIET, None, move |result: notify_debouncer_full::DebounceEventResult| {
        // Reads are events too (our own builds read every file): only writes count.
        use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
        let Ok(events) = result else { return };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Access(AccessKind::Close(AccessMode::Write))))
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })
    .map_err(std::io::Error::other)?;
    for name in ["content", "data", "templates", "themes", "static", "config.toml"] {
        let path = opts.root.join(name);
        if path.exists() {
            watcher.watch(&path, notify_debouncer_full::notify::RecursiveMode::Recursive).map_err(std::io::Error::other)?;
        }
    }
    let work_dir = work.path().to_path_buf();
    full_rebuild(&opts, &state, &work_dir, None);

    let listener = TcpListener::bind((opts.bind.as_str(), opts.port))?;
    let addr = listener.local_addr()?;
    println!("{}", crate::t!("serve-listening", addr = addr.to_string()));
    if !addr.ip().is_loopback() {
        eprintln!("{}", crate::t!("serve-public-warning", ip = addr.ip().to_string()));
    }
    std::io::stdout().flush()?;
    if opts.open {
        open_browser(&format!("http://{addr}/"));
    }
    {
        let state = state.clone();
        let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::SeqCst);
                    let _ = respond(&mut stream, 503, "text/plain; charset=utf-8", b"too many connections", false);
                    continue;
                }
                let (state, open) = (state.clone(), open.clone());
                std::thread::spawn(move || {
                    let _ = handle(stream, &state);
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
    }

    // One catch-up builder: requests made while it builds are merged into its next build, so a
    // burst of edits costs one extra build, not one each (on a big site each holds the model).
    let (catch_up, requests) = channel::<()>();
    {
        let (opts, state, work_dir) = (opts.clone(), state.clone(), work_dir.clone());
        std::thread::spawn(move || {
            while requests.recv().is_ok() {
                while requests.try_recv().is_ok() {}
                // Counted before building: a change made meanwhile makes this build stand down.
                let started_at = state.changes.load(Ordering::SeqCst);
                full_rebuild(&opts, &state, &work_dir, Some(started_at));
            }
        });
    }
    loop {
        let changed = changes(&rx);
        state.changes.fetch_add(1, Ordering::SeqCst);
        match partial_rebuild(&state, &changed) {
            Some(Ok(n)) => {
                *state.last_error.lock().unwrap() = None;
                eprintln!("{}", crate::t!("serve-catching-up", count = n));
                state.broadcast("reload", "");
                let _ = catch_up.send(());
            }
            Some(Err(text)) => report_error(&state, text),
            None => full_rebuild(&opts, &state, &work_dir, None),
        }
    }
}

fn open_browser(url: &str) {
    if open::that_detached(url).is_err() {
        eprintln!("{}", crate::t!("serve-no-browser", url = url));
    }
}

/// How long a file's events must stop before it counts as changed (editors write in steps).
const QUIET: Duration = Duration::from_millis(20);

/// The next batch of changed paths, with any batches already waiting merged in (one rebuild).
fn changes(rx: &Receiver<Vec<PathBuf>>) -> Vec<PathBuf> {
    let Ok(mut paths) = rx.recv() else {
        // The watcher is gone: nothing will change again; keep serving.
        loop {
            std::thread::park();
        }
    };
    while let Ok(more) = rx.try_recv() {
        paths.extend(more);
    }
    paths.sort();
    paths.dedup();
    paths
}

fn report_error(state: &State, text: String) {
    eprintln!("{text}\n{}", crate::t!("serve-last-good"));
    // The overlay shows the error under a heading in the same language as the error.
    let shown = format!("{}\n\n{text}", crate::t!("serve-overlay-heading"));
    *state.last_error.lock().unwrap() = Some(shown.clone());
    state.broadcast("build-error", &shown);
}

/// A whole build into a fresh folder, which then replaces the served one. `catch_up` is set for
/// the build after a partial rebuild (the browser already shows the edit, so no reload): it
/// holds the change count it was started for, and any later change makes it stand down.
fn full_rebuild(opts: &ServeOptions, state: &State, work: &Path, catch_up: Option<u64>) {
    let reload = catch_up.is_none();
    let out = work.join(state.generation.fetch_add(1, Ordering::SeqCst).to_string());
    let build_opts = BuildOptions { root: opts.root.clone(), output: out.clone(), base_url: None, drafts: opts.drafts, inject_before_body_end: Some(LIVERELOAD_TAG.to_string()) };
    match build_keeping_site(&build_opts, Verbosity::Quiet) {
        Ok(built) => {
            let mut live = state.live.lock().unwrap();
            if catch_up.is_some_and(|started_at| state.changes.load(Ordering::SeqCst) != started_at) {
                let _ = std::fs::remove_dir_all(&out); // a newer change arrived while building
                return;
            }
            let pages = built.report.pages;
            *live = Some(built);
            let old = std::mem::replace(&mut *state.site.write().unwrap(), out.clone());
            // Cleared under the lock: a partial rebuild waiting for it may report a newer error.
            *state.last_error.lock().unwrap() = None;
            drop(live);
            if old != out && old.exists() {
                let _ = std::fs::remove_dir_all(old);
            }
            if reload {
                eprintln!("{}", crate::t!("serve-rebuilt", pages = pages));
                state.broadcast("reload", "");
            }
        }
        Err(errors) => {
            if catch_up.is_none_or(|started_at| state.changes.load(Ordering::SeqCst) == started_at) {
                report_error(state, errors.to_string());
            }
        }
    }
}

/// Applies the change to the served build through the build's rebuild API: None when it needs a
/// whole build (or nothing is served yet), Some(Err) for a content or template error.
fn partial_rebuild(state: &State, changed: &[PathBuf]) -> Option<Result<usize, String>> {
    let mut live = state.live.lock().unwrap();
    match live.as_mut()?.rebuild(changed) {
        Ok(Rebuilt::Pages(n)) => Some(Ok(n)),
        Ok(Rebuilt::NeedsFullBuild) => None,
        Err(errors) => Some(Err(errors.to_string())),
    }
}

fn handle(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    let mut request_line = String::new();
    (&mut reader).take(MAX_REQUEST_LINE).read_line(&mut request_line)?;
    if !request_line.ends_with('\n') && request_line.len() as u64 >= MAX_REQUEST_LINE {
        return respond(&mut stream, 414, "text/plain; charset=utf-8", b"request line too long", false);
    }
    let mut headers = (&mut reader).take(MAX_HEADERS);
    loop {
        let mut header = String::new();
        let n = headers.read_line(&mut header)?;
        if n == 0 && headers.limit() == 0 {
            return respond(&mut stream, 431, "text/plain; charset=utf-8", b"request headers too large", false);
        }
        if n == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, 405, "text/plain; charset=utf-8", b"method not allowed", method == "HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__nhipcau/livereload.js" => return respond(&mut stream, 200, "text/javascript", LIVERELOAD_JS.as_bytes(), method == "HEAD"),
        "/__nhipcau/events" => return events(stream, state),
        "/__nhipcau/last-error" => {
            let body = state.last_error.lock().unwrap().clone().unwrap_or_default();
            return respond(&mut stream, 200, "text/plain; charset=utf-8", body.as_bytes(), method == "HEAD");
        }
        _ => {}
    }
    let Some(relative) = safe_relative_path(path) else {
        return respond(&mut stream, 400, "text/plain; charset=utf-8", b"bad path", method == "HEAD");
    };
    let site = state.site.read().unwrap().clone();
    let mut file = site.join(&relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, 200, &content_type(&file), &body, method == "HEAD"),
        Err(_) => {
            let body = std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            respond(&mut stream, 404, "text/html; charset=utf-8", &body, method == "HEAD")
        }
    }
}

/// The request path as a path below the site, or None for anything that could leave it:
/// `..` in any encoding, backslashes, NUL, or bad percent-encoding.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Percent-decoding that refuses what a browser never sends: a `%` not followed by two hex
/// digits (percent-encoding's decoder passes those through as they are).
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(i, &b)| b == b'%' && !bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())
}

/// The Content-Type for a served file, from its extension; text types say UTF-8 (every text file
/// nhipcau writes is).
fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_text = mime.type_() == mime_guess::mime::TEXT || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    if is_text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8], head_only: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Method Not Allowed",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn events(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n")?;
    stream.flush()?;
    let (tx, rx) = channel();
    if let Some(error) = state.last_error.lock().unwrap().clone() {
        let _ = tx.send(format!("event: build-error\ndata: {}\n\n", serde_json::to_string(&error).unwrap_or_default()));
    }
    state.clients.lock().unwrap().push(tx);
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(_) => return Ok(()),
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_cover_the_images_authors_use() {
        for (file, expected) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("css/site.css", "text/css; charset=utf-8"),
            ("search/engine-1.wasm", "application/wasm"),
            ("anh.webp", "image/webp"),
            ("anh.gif", "image/gif"),
            ("favicon.ico", "image/x-icon"),
            ("logo.svg", "image/svg+xml"),
            ("ke-hoach.pdf", "application/pdf"),
            ("search/c-1-2.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
        assert!(content_type(Path::new("search/index.json")).starts_with("application/json"));
        assert!(content_type(Path::new("search/nhipcau-search.js")).contains("javascript"));
    }

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for bad in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2fx", "/a%5c..%5cb", "/%00", "/%zz", "/a/../../b"] {
            assert!(safe_relative_path(bad).is_none(), "{bad}");
        }
        assert_eq!(safe_relative_path("/ke-hoach/d%C3%B4ng/").unwrap(), PathBuf::from("ke-hoach/dông"));
        assert_eq!(safe_relative_path("/").unwrap(), PathBuf::new());
    }
}
