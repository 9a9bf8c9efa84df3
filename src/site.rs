//! The site model: plain data produced by the load stage, completed by render, read by templates.

use crate::config::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A date or datetime as written in front matter, kept as its ISO text ("2023-03-25").
pub type IsoDate = String;

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The text of one part of a page (split at h2/h3), for the search index.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    pub heading: Option<(String, String)>, // (id, title)
    pub text: String,
}

/// What Markdown rendering adds to a page or section.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub text_sections: Vec<TextSection>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Source file on disk (for errors); for data pages, the data file.
    pub file: PathBuf,
    /// Path below content/ with `/` separators: "ke-hoach/dong-thap.md".
    pub relative_path: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<IsoDate>,
    pub updated: Option<IsoDate>,
    pub expires: Option<IsoDate>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: String,
    /// Site path, "/ke-hoach/dong-thap/".
    pub path: String,
    pub template: Option<String>,
    pub aliases: Vec<String>,
    pub in_search_index: bool,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: serde_json::Value,
    /// Markdown body and the line of the file it starts on.
    pub body: String,
    pub body_line: usize,
    /// Files of a page bundle (dir/index.md) copied beside the page.
    pub assets: Vec<PathBuf>,
    /// relative_path of the parent section ("ke-hoach/_index.md").
    pub section: String,
    pub rendered: Rendered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Date,
    Weight,
    Title,
    #[default]
    None,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub file: PathBuf,
    pub relative_path: String,
    pub title: String,
    pub description: Option<String>,
    pub path: String,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: Option<i64>,
    pub generate_feed: bool,
    pub in_search_index: bool,
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    pub body: String,
    pub body_line: usize,
    pub assets: Vec<PathBuf>,
    /// Indexes into Site::pages, in the section's sort order.
    pub pages: Vec<usize>,
    /// relative_paths of direct subsections, by weight then title.
    pub subsections: Vec<String>,
    pub parent: Option<String>,
    pub rendered: Rendered,
}

#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    #[serde(skip)]
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub terms: Vec<Term>,
}

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: BTreeMap<String, Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// Files under static/ of the theme and the site (site wins), as (source, output-relative path).
    pub static_files: Vec<(PathBuf, String)>,
    pub theme_dir: Option<PathBuf>,
    /// Publication days ("YYYY-MM-DD", sorted) of pages left out because they are dated later.
    pub scheduled: Vec<String>,
    /// Every file the build writes for the site's own pages, sections, taxonomies, aliases and
    /// static files (output-relative, `a/b/index.html`): what a link in content may lead to.
    pub files: std::collections::BTreeSet<String>,
}


/// A path given by an author ("a/b", "/a/b/") as a site path "/a/b/".
pub fn normalise_path(p: &str) -> String {
    let inner = p.trim().trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else if inner.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        format!("/{inner}") // a file such as "cu/trang.html"
    } else {
        format!("/{inner}/")
    }
}

/// The output folder of the search index: the index writes it, the claims reserve it, links may
/// lead into it.
pub const SEARCH_DIR: &str = "search";

/// "/" → "index.html", "/a/b/" → "a/b/index.html", "/x.xml" → "x.xml".
pub fn output_file(site_path: &str) -> String {
    let rel = site_path.trim_start_matches('/');
    if rel.is_empty() {
        "index.html".into()
    } else if rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Page `n` of a paginated listing: the listing itself, then "trang/2/", "trang/3/"…
pub fn pager_path(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}trang/{n}/")
    }
}
