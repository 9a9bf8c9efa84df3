//! `nhipcau search "query"`: the built index, queried with the same analyzer and ranking as the
//! browser.

use nhipcau::diag::{Diagnostic, Diagnostics};
use nhipcau_search::{Engine, Query};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    query: String,
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long)]
    output: Option<PathBuf>,
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    province: Option<String>,
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let public = args.output.unwrap_or_else(|| args.root.join("public"));
    let dir = public.join(nhipcau::index::SEARCH_DIR);
    let pointer_file = dir.join(nhipcau_search::POINTER_FILE);
    if let Err(e) = std::fs::metadata(&pointer_file) {
        return Err(Diagnostic::io(&pointer_file, &e).help(nhipcau::t!("search-build-first-help")).into());
    }
    let engine = Engine::open_latest(&dir).map_err(|e| Diagnostic::new(nhipcau::t!("search-cannot-open", error = e.to_string())).in_file(&dir).help(nhipcau::t!("search-rebuild-help")))?;
    let query = Query { text: args.query, kind: args.kind, province: args.province, limit: args.limit, offset: 0 };
    let results = engine.search(&query).map_err(|e| Diagnostic::new(nhipcau::t!("search-failed", error = e.to_string())))?;
    if args.json {
        return super::print(&(serde_json::to_string_pretty(&results).unwrap_or_default() + "\n"));
    }
    super::print(&answer(&results))
}

/// The results as a terminal shows them.
fn answer(results: &nhipcau_search::Results) -> String {
    let mut out = String::new();
    for note in &results.notes {
        let _ = writeln!(out, "{note}");
    }
    if let Some(suggestion) = &results.suggestion {
        let _ = writeln!(out, "{}", nhipcau::t!("search-did-you-mean", suggestion = suggestion.as_str()));
    }
    if results.hits.is_empty() {
        let _ = writeln!(out, "{}", nhipcau::t!("search-no-results"));
        if let Some(guidance) = &results.guidance {
            if !guidance.hotlines.is_empty() {
                let _ = writeln!(out, "{}", nhipcau::t!("search-call-now"));
                for h in &guidance.hotlines {
                    let _ = writeln!(out, "  {}  {}", h.number, h.label);
                }
            }
            if let Some(help) = &guidance.help {
                let _ = writeln!(out, "{}", nhipcau::t!("search-see-help", title = help.title.as_str(), path = help.path.as_str()));
            }
        }
        return out;
    }
    let count = if results.fuzzy { nhipcau::t!("search-count-near", count = results.total) } else { nhipcau::t!("search-count", count = results.total) };
    let _ = writeln!(out, "{count}");
    // One result per page: its best section, then its other matching sections as deep links.
    for hit in &results.hits {
        let heading = hit.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
        let mut entry = format!("\n{}{heading}\n  {}  [{}]\n  {}", hit.title, hit.url, hit.kind, strip_marks(&hit.snippet_html));
        for section in &hit.sections {
            entry.push_str(&format!("\n    › {}  {}", section.heading.as_deref().unwrap_or(&hit.title), section.url));
        }
        let _ = writeln!(out, "{}", nhipcau::diag::printable(&entry));
    }
    out
}

/// Snippets come as escaped HTML with <mark>; a terminal wants the plain text back.
fn strip_marks(html: &str) -> String {
    html.replace("<mark>", "").replace("</mark>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
