//! Every file a build will write, and who asks for it: pages and their aliases and bundle files,
//! sections and their pagers and feeds, taxonomies and terms, static files, and the files
//! nhipcau makes itself. Two claims on one file are an error naming both, found before anything
//! is rendered (and by `nhipcau check`), so no build silently replaces a page with another, and
//! every build writes the same site whatever the thread scheduling.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Result};
use crate::site::{output_file, pager_path, Page, Section, Taxonomy};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Who claims a file: a source file, or a part of nhipcau (the sitemap, the search index…).
#[derive(Clone)]
enum Owner<'a> {
    /// The file, and what of it claims ("page", "alias of the page"…).
    File(&'a Path, &'static str),
    Builtin(&'static str),
}

impl Owner<'_> {
    /// As the second claimant, in the error about its own file.
    fn here(&self) -> String {
        match self {
            Owner::File(_, what) => format!("this {what}"),
            Owner::Builtin(what) => format!("nhipcau's {what}"),
        }
    }

    /// As the first claimant, named from elsewhere.
    fn there(&self) -> String {
        match self {
            Owner::File(file, what) => format!("the {what} {}", file.display()),
            Owner::Builtin(what) => format!("nhipcau's {what}"),
        }
    }
}

pub struct Sources<'a> {
    pub config: &'a Config,
    pub config_file: &'a Path,
    pub pages: &'a [Page],
    pub sections: &'a BTreeMap<String, Section>,
    pub taxonomies: &'a [Taxonomy],
    pub static_files: &'a [(PathBuf, String)],
}

pub fn check(src: &Sources<'_>) -> Result<()> {
    let mut claims: Vec<(String, Owner<'_>)> = Vec::new();
    for s in src.sections.values() {
        claims.push((output_file(&s.path), Owner::File(&s.file, "section")));
        claims.extend(later_pagers(&s.path, s.pages.len(), s.paginate_by).map(|f| (f, Owner::File(&s.file, "section's later listing pages"))));
        if s.generate_feed {
            claims.push((format!("{}atom.xml", s.path.trim_start_matches('/')), Owner::File(&s.file, "section's feed")));
        }
        for a in &s.aliases {
            claims.push((output_file(&crate::site::normalise_path(a)), Owner::File(&s.file, "section's alias")));
        }
    }
    for p in src.pages {
        claims.push((output_file(&p.path), Owner::File(&p.file, "page")));
        for a in &p.aliases {
            claims.push((output_file(&crate::site::normalise_path(a)), Owner::File(&p.file, "page's alias")));
        }
        for asset in &p.assets {
            let name = asset.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            claims.push((format!("{}{name}", p.path.trim_start_matches('/')), Owner::File(asset, "page file")));
        }
    }
    for tax in src.taxonomies {
        let config = src.config.taxonomy(&tax.name);
        claims.push((output_file(&tax.path), Owner::File(src.config_file, "config's taxonomy list")));
        for term in &tax.terms {
            claims.push((output_file(&term.path), Owner::File(src.config_file, "config's taxonomy term pages")));
            let per = config.and_then(|c| c.paginate_by);
            claims.extend(later_pagers(&term.path, term.pages.len(), per).map(|f| (f, Owner::Builtin("taxonomy term listing"))));
            if config.is_some_and(|c| c.feed) {
                claims.push((format!("{}atom.xml", term.path.trim_start_matches('/')), Owner::Builtin("taxonomy term feed")));
            }
        }
    }
    for (file, rel) in src.static_files {
        claims.push((rel.clone(), Owner::File(file, "static file")));
    }
    for (rel, what) in [("404.html", "not-found page"), ("sitemap.xml", "sitemap"), ("robots.txt", "robots.txt"), (crate::sandbox::OUTPUT_MARKER, "output marker")] {
        claims.push((rel.to_string(), Owner::Builtin(what)));
    }

    let search_dir = format!("{}/", crate::index::SEARCH_DIR);
    let mut owners: BTreeMap<String, Owner<'_>> = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for (rel, owner) in claims {
        let clash = if src.config.build_search_index && rel.starts_with(&search_dir) {
            Some(Owner::Builtin("search index (search/)"))
        } else {
            owners.get(&rel).cloned()
        };
        match clash {
            Some(first) => {
                let d = Diagnostic::new(format!("{} would be written to {rel}, which {} already claims", owner.here(), first.there()))
                    .help("give one of them another `slug`, `path` or alias, or rename the file");
                diags.push(match owner {
                    Owner::File(file, _) => d.in_file(file),
                    Owner::Builtin(_) => d,
                });
            }
            None => {
                owners.insert(rel, owner);
            }
        }
    }
    diags.into_result()
}

/// The files of pages 2, 3… of a listing of `count` pages, `per` to a page.
fn later_pagers(base: &str, count: usize, per: Option<usize>) -> impl Iterator<Item = String> + '_ {
    let pagers = per.filter(|n| *n > 0).map(|n| count.div_ceil(n).max(1)).unwrap_or(1);
    (2..=pagers).map(move |n| output_file(&pager_path(base, n)))
}
