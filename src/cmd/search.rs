//! `nhipcau search "query"`: the built index, queried with the same analyzer and ranking as the
//! browser.

use nhipcau::diag::{Diagnostic, Diagnostics};
use nhipcau_search::{Engine, Query};
use std::path::PathBuf;

/// Search the built site's index (run `nhipcau build` first).
#[derive(clap::Args)]
pub struct Args {
    /// What to search for; diacritics are optional ("dong thap" finds "Đồng Tháp").
    query: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The built site (default: ROOT/public).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Only results of this kind: plan, centre, help, campaign, explainer, other.
    #[arg(long)]
    kind: Option<String>,
    /// Only results about this province (current or pre-2025 name).
    #[arg(long)]
    province: Option<String>,
    /// How many results.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let public = args.output.unwrap_or_else(|| args.root.join("public"));
    let dir = public.join(nhipcau::index::SEARCH_DIR);
    let pointer_file = dir.join(nhipcau_search::POINTER_FILE);
    if let Err(e) = std::fs::metadata(&pointer_file) {
        return Err(Diagnostic::io(&pointer_file, &e).help("build the site first: nhipcau build").into());
    }
    let engine = Engine::open_latest(&dir).map_err(|e| Diagnostic::new(format!("cannot open the search index: {e}")).in_file(&dir).help("rebuild the site: nhipcau build"))?;
    let query = Query { text: args.query, kind: args.kind, province: args.province, limit: args.limit, offset: 0 };
    let results = engine.search(&query).map_err(|e| Diagnostic::new(format!("search failed: {e}")))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results).unwrap_or_default());
        return Ok(());
    }
    for note in &results.notes {
        println!("{note}");
    }
    if let Some(suggestion) = &results.suggestion {
        println!("Có phải bạn muốn tìm: {suggestion}");
    }
    if results.hits.is_empty() {
        println!("Không có kết quả.");
        if let Some(guidance) = &results.guidance {
            if !guidance.hotlines.is_empty() {
                println!("Cần giúp ngay? Gọi:");
                for h in &guidance.hotlines {
                    println!("  {}  {}", h.number, h.label);
                }
            }
            if let Some(help) = &guidance.help {
                println!("Xem {}: {}", help.title, help.path);
            }
        }
        return Ok(());
    }
    println!("{} kết quả{}", results.total, if results.fuzzy { " (gần đúng)" } else { "" });
    // One result per page: its best section, then its other matching sections as deep links.
    for hit in &results.hits {
        let heading = hit.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
        let mut entry = format!("\n{}{heading}\n  {}  [{}]\n  {}", hit.title, hit.url, hit.kind, strip_marks(&hit.snippet_html));
        for section in &hit.sections {
            entry.push_str(&format!("\n    › {}  {}", section.heading.as_deref().unwrap_or(&hit.title), section.url));
        }
        println!("{}", nhipcau::diag::printable(&entry));
    }
    Ok(())
}

/// Snippets come as escaped HTML with <mark>; a terminal wants the plain text back.
fn strip_marks(html: &str) -> String {
    html.replace("<mark>", "").replace("</mark>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
