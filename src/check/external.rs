//! `nhipcau check --external`: every http(s) link in the content, checked once with a timeout
//! and a limit on parallel requests (HEAD, then GET for servers that refuse HEAD).

use crate::diag::{line_col, Diagnostic};
use crate::site::Site;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const CONCURRENCY: usize = 8;

/// url → every (file, line) that links to it.
pub fn external_links(site: &Site) -> BTreeMap<String, Vec<(PathBuf, usize)>> {
    let mut links: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
    let bodies = site.pages.iter().map(|p| (&p.file, &p.body, p.body_line)).chain(site.sections.values().map(|s| (&s.file, &s.body, s.body_line)));
    for (file, body, body_line) in bodies {
        for (event, range) in Parser::new(body).into_offset_iter() {
            if let Event::Start(Tag::Link { dest_url, .. }) = event {
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") {
                    let line = line_col(body, range.start).0 + body_line - 1;
                    links.entry(dest_url.to_string()).or_default().push((file.clone(), line));
                }
            }
        }
    }
    links
}

/// Checks each link; returns one diagnostic per place that links to a broken URL.
pub fn check_links(links: &BTreeMap<String, Vec<(PathBuf, usize)>>) -> (usize, Vec<Diagnostic>) {
    let config = ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(false).user_agent("nhipcau-link-check");
    #[cfg(target_os = "macos")]
    let config = config.tls_config(ureq::tls::TlsConfig::builder().provider(ureq::tls::TlsProvider::NativeTls).build());
    let agent: ureq::Agent = config.build().into();
    let queue = Mutex::new(links.keys().cloned().collect::<Vec<_>>());
    let broken = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY.min(links.len()) {
            scope.spawn(|| loop {
                let Some(url) = queue.lock().unwrap().pop() else { return };
                if let Some(problem) = problem_with(&agent, &url) {
                    broken.lock().unwrap().push((url, problem));
                }
            });
        }
    });
    let mut out = Vec::new();
    for (url, problem) in broken.into_inner().unwrap() {
        for (file, line) in &links[&url] {
            out.push(
                Diagnostic::new(crate::t!("external-link-broken", url = url.as_str(), problem = problem.as_str()))
                    .in_file(file)
                    .at_line(*line)
                    .help(crate::t!("external-link-broken-help")),
            );
        }
    }
    (links.len(), out)
}

fn problem_with(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.map(|res| res.status().as_u16());
    let head = status(agent.head(url).call());
    let result = match head {
        Ok(code) if code < 400 => return None,
        // Some servers refuse HEAD (405) or answer it wrongly: ask with GET before judging.
        _ => status(agent.get(url).call()),
    };
    match result {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(format!("HTTP {code}")),
        Err(ureq::Error::Timeout(_)) => Some(crate::t!("external-link-timeout", seconds = TIMEOUT.as_secs())),
        // In English these are ureq's own words; other failures stay in ureq's English.
        Err(ureq::Error::HostNotFound) => Some(crate::t!("external-host-not-found")),
        Err(ureq::Error::ConnectionFailed) => Some(crate::t!("external-connection-failed")),
        Err(e) => Some(e.to_string()),
    }
}
