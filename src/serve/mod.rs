//! `nhipcau serve`: builds into a private folder, serves it on 127.0.0.1, rebuilds on change and
//! reloads the browser over server-sent events. A failed rebuild keeps the last good site
//! served and shows the errors in the terminal and over the page.

use crate::build::{build, BuildOptions, Verbosity};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
pub const LIVERELOAD_TAG: &str = "<script src=\"/__nhipcau/livereload.js\"></script>";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
}

struct State {
    /// The folder being served: replaced, never modified, after each good build.
    site: RwLock<PathBuf>,
    clients: Mutex<Vec<Sender<String>>>,
    last_error: Mutex<Option<String>>,
}

impl State {
    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {}\n\n", serde_json::to_string(data).unwrap_or_default());
        self.clients.lock().unwrap().retain(|c| c.send(message.clone()).is_ok());
    }
}

pub fn serve(opts: ServeOptions) -> std::io::Result<()> {
    let work = tempfile::Builder::new().prefix("nhipcau-serve-").tempdir()?;
    let state = Arc::new(State { site: RwLock::new(work.path().join("0")), clients: Mutex::default(), last_error: Mutex::default() });
    let mut generation = 0u64;
    rebuild(&opts, &state, work.path(), &mut generation);

    let listener = TcpListener::bind((opts.bind.as_str(), opts.port))?;
    let addr = listener.local_addr()?;
    println!("Serving http://{addr}/ (Ctrl+C to stop)");
    std::io::stdout().flush()?;
    {
        let state = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &state);
                });
            }
        });
    }

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok() {
            let _ = tx.send(());
        }
    })
    .map_err(std::io::Error::other)?;
    use notify::Watcher;
    for name in ["content", "data", "templates", "themes", "static", "config.toml"] {
        let path = opts.root.join(name);
        if path.exists() {
            watcher.watch(&path, notify::RecursiveMode::Recursive).map_err(std::io::Error::other)?;
        }
    }
    loop {
        wait_for_quiet(&rx);
        rebuild(&opts, &state, work.path(), &mut generation);
    }
}

/// Editors write a file in several steps: wait until changes stop for a moment.
fn wait_for_quiet(rx: &Receiver<()>) {
    let _ = rx.recv();
    while rx.recv_timeout(Duration::from_millis(30)).is_ok() {}
}

fn rebuild(opts: &ServeOptions, state: &State, work: &Path, generation: &mut u64) {
    *generation += 1;
    let out = work.join(generation.to_string());
    let build_opts = BuildOptions { root: opts.root.clone(), output: out.clone(), base_url: None, drafts: opts.drafts, live_reload: true };
    match build(&build_opts, Verbosity::Quiet) {
        Ok(report) => {
            let old = std::mem::replace(&mut *state.site.write().unwrap(), out);
            if old.exists() {
                let _ = std::fs::remove_dir_all(old);
            }
            *state.last_error.lock().unwrap() = None;
            eprintln!("rebuilt: {} pages", report.pages);
            state.broadcast("reload", "");
        }
        Err(errors) => {
            let text = errors.to_string();
            eprintln!("{text}\nserve: still serving the last good build");
            *state.last_error.lock().unwrap() = Some(text.clone());
            state.broadcast("build-error", &text);
        }
    }
}

fn handle(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut stream = stream;
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
        Ok(body) => respond(&mut stream, 200, content_type(&file), &body, method == "HEAD"),
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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8], head_only: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
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
    fn traversal_in_any_encoding_is_refused() {
        for bad in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2fx", "/a%5c..%5cb", "/%00", "/%zz", "/a/../../b"] {
            assert!(safe_relative_path(bad).is_none(), "{bad}");
        }
        assert_eq!(safe_relative_path("/ke-hoach/d%C3%B4ng/").unwrap(), PathBuf::from("ke-hoach/dông"));
        assert_eq!(safe_relative_path("/").unwrap(), PathBuf::new());
    }
}
