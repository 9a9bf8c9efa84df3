//! `nhipcau serve` on an ephemeral port: pages, live reload, errors while the last good site
//! keeps being served, traversal refused, 404.html.

mod support;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::TestSite;

struct Server {
    child: Child,
    addr: String,
    /// The server's temporary folder: killed, it cannot remove its preview copy itself.
    _temp: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    spawn(site, &[], Command::new(env!("CARGO_BIN_EXE_nhipcau")).stderr(Stdio::null()))
}

/// `nhipcau serve --port 0 ARGS` run by `command`, once it serves.
fn spawn(site: &TestSite, args: &[&str], command: &mut Command) -> Server {
    // English unless the test sets the language itself (a later .env wins).
    let command = if command.get_envs().any(|(k, _)| k == "NHIPCAU_LANG") { command } else { command.env("NHIPCAU_LANG", "en") };
    let temp = (!command.get_envs().any(|(k, _)| k == "TMPDIR")).then(|| tempfile::tempdir().unwrap());
    if let Some(temp) = &temp {
        command.env("TMPDIR", temp.path()).env("TMP", temp.path()).env("TEMP", temp.path());
    }
    let mut child = command.args(["serve", "--port", "0"]).args(args).current_dir(site.root()).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split_once("http://").and_then(|(_, r)| r.split('/').next()).unwrap_or_else(|| panic!("{line}")).to_string();
    Server { child, addr, _temp: temp }
}

/// (status, body) of a raw GET.
fn get(server: &Server, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = s.read_to_string(&mut response);
    let status = response.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn eventually(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn the_overlay_speaks_the_officers_language_without_mixing() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Một.");
    let server = spawn(&site, &[], Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "vi").stderr(Stdio::null()));
    site.page("a.md", "title = \"A\"\ntitel = \"x\"", "Hai.");
    eventually("the error to reach the overlay channel", || get(&server, "/__nhipcau/last-error").1.contains("titel"));
    let shown = get(&server, "/__nhipcau/last-error").1;
    assert!(shown.contains("Bản dựng mới bị lỗi") && shown.contains("khóa không hợp lệ `titel`") && shown.contains("gợi ý: có phải ý bạn là `title`?"), "{shown}");
    assert!(!shown.contains("unknown key") && !shown.contains("help:") && !shown.contains("error:"), "no English in the overlay: {shown}");

    // A template's error: the frame, the lookup and the page being rendered are all Vietnamese
    // (only minijinja's own kind in brackets stays as the library words it).
    site.page("a.md", "title = \"A\"", "Ba.");
    site.write("templates/page.html", "{{ get_page(path=\"khong-co.md\").title }}");
    eventually("the template error to reach the overlay", || get(&server, "/__nhipcau/last-error").1.contains("khong-co.md"));
    let shown = get(&server, "/__nhipcau/last-error").1;
    assert!(shown.contains("lỗi mẫu giao diện") && shown.contains("không có trang `khong-co.md`") && shown.contains("khi dựng"), "{shown}");
    assert!(!shown.contains("rendering") && !shown.contains("no page") && !shown.contains("help:"), "no English in the overlay: {shown}");
}

#[test]
fn serves_rebuilds_and_keeps_the_last_good_site_on_errors() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Phiên bản một.");
    let server = start(&site);
    let (status, body) = get(&server, "/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Phiên bản một") && body.contains("/__nhipcau/livereload.js"), "{body}");

    site.page("a.md", "title = \"A\"", "Phiên bản hai.");
    eventually("the edit to be served", || get(&server, "/a/").1.contains("Phiên bản hai"));

    site.page("a.md", "title = \"A\"\ntitel = \"x\"", "Phiên bản ba.");
    eventually("the error to reach the overlay channel", || get(&server, "/__nhipcau/last-error").1.contains("unknown key `titel`"));
    assert!(get(&server, "/a/").1.contains("Phiên bản hai"), "the last good page keeps being served");

    site.page("a.md", "title = \"A\"", "Phiên bản bốn.");
    eventually("recovery", || get(&server, "/a/").1.contains("Phiên bản bốn"));
    eventually("the error to clear", || get(&server, "/__nhipcau/last-error").1.is_empty());
}

#[test]
fn a_changed_title_rebuilds_the_listings_too() {
    let site = TestSite::new();
    site.page("tin/_index.md", "title = \"Tin\"", "").page("tin/a.md", "title = \"Tiêu đề cũ\"", "Nội dung.");
    let server = start(&site);
    assert!(get(&server, "/tin/").1.contains("Tiêu đề cũ"));
    site.page("tin/a.md", "title = \"Tiêu đề mới\"", "Nội dung.");
    eventually("the section list to show the new title", || get(&server, "/tin/").1.contains("Tiêu đề mới"));
    site.page("tin/a.md", "title = \"Tiêu đề mới\"", "Nội dung đã sửa.");
    eventually("the body edit", || get(&server, "/tin/a/").1.contains("Nội dung đã sửa"));
}

#[test]
fn a_template_edit_shows_on_the_pages_that_use_it() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").write("templates/page.html", "<html><body>Mẫu một {{ page.title }}</body></html>");
    let server = start(&site);
    assert!(get(&server, "/a/").1.contains("Mẫu một A"));
    site.write("templates/page.html", "<html><body>Mẫu hai {{ page.title }}</body></html>");
    eventually("the template edit", || get(&server, "/a/").1.contains("Mẫu hai A"));
    // In one step: written in place, the template can be caught empty between its truncation and
    // its text (CI once rebuilt there, and the empty page became the last good one).
    site.replace("templates/page.html", "<html><body>{% if %}</body></html>");
    eventually("the template error", || get(&server, "/__nhipcau/last-error").1.contains("page.html"));
    assert!(get(&server, "/a/").1.contains("Mẫu hai A"), "the last good page keeps being served");
}

#[test]
fn refuses_traversal_and_serves_404() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let server = start(&site);
    for bad in ["/../config.toml", "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2fconfig.toml", "/..%5cconfig.toml"] {
        let (status, body) = get(&server, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("base_url"), "{bad} leaked a file outside the site");
    }
    let (status, body) = get(&server, "/khong-co/");
    assert_eq!(status, 404);
    assert!(body.contains("Không tìm thấy trang"));
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build_ok();
    assert!(!site.read("public/a/index.html").contains("livereload"));
}

#[test]
fn oversized_requests_are_refused_without_being_buffered() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let server = start(&site);
    let status_of = |request: &[u8]| {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(request);
        let mut response = String::new();
        let _ = s.read_to_string(&mut response);
        response.split_whitespace().nth(1).and_then(|c| c.parse::<u16>().ok()).unwrap_or(0)
    };
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    assert_eq!(status_of(long_line.as_bytes()), 414);
    let many_headers = format!("GET /a/ HTTP/1.1\r\n{}\r\n", "X-Filler: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n".repeat(2_000));
    assert_eq!(status_of(many_headers.as_bytes()), 431);
    assert_eq!(get(&server, "/a/").0, 200, "the server still answers ordinary requests");
}

#[test]
fn ctrl_c_removes_the_preview_copy_of_the_site() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Bản nháp riêng.");
    let temp = tempfile::tempdir().unwrap();
    let mut server = spawn(&site, &[], Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("TMPDIR", temp.path()).stderr(Stdio::null()));
    let copies = || std::fs::read_dir(temp.path()).unwrap().count();
    assert_eq!(copies(), 1, "serve builds into one folder of its own");
    #[cfg(unix)]
    {
        let _ = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status();
        let _ = server.child.wait();
        assert_eq!(copies(), 0, "Ctrl+C leaves no copy of the site behind");
    }
}

#[test]
fn a_non_loopback_bind_is_warned_about() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let mut server = spawn(&site, &["--bind", "0.0.0.0"], Command::new(env!("CARGO_BIN_EXE_nhipcau")).stderr(Stdio::piped()));
    let mut warning = String::new();
    let mut stderr = BufReader::new(server.child.stderr.take().unwrap());
    while stderr.read_line(&mut warning).unwrap_or(0) > 0 && !warning.contains("warning") {}
    drop(server);
    assert!(warning.contains("anyone on this network"), "{warning}");
}
