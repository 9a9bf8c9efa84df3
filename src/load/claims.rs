//! Every file a build will write, and who asks for it: pages and their aliases and bundle files,
//! sections and their pagers and feeds, taxonomies and terms, static files, and the files
//! nhipcau makes itself. Two claims on one file are an error naming both, found before anything
//! is rendered (and by `nhipcau check`), so no build silently replaces a page with another, and
//! every build writes the same site whatever the thread scheduling.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Result};
use crate::site::{output_file, pager_path, Page, Section, Taxonomy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who claims a file: a source file, or a part of nhipcau (the sitemap, the search index…).
#[derive(Clone)]
enum Owner<'a> {
    /// The file, and what of it claims.
    File(&'a Path, Part),
    Builtin(Builtin),
}

/// What of a source file claims an output file.
#[derive(Clone, Copy)]
enum Part {
    Section,
    SectionPagers,
    SectionFeed,
    SectionAlias,
    Page,
    PageAlias,
    PageFile,
    TaxonomyList,
    TaxonomyTerms,
    StaticFile,
}

/// The files nhipcau makes itself.
#[derive(Clone, Copy)]
enum Builtin {
    TermPagers,
    TermFeed,
    NotFound,
    Sitemap,
    Robots,
    OutputMarker,
    SearchIndex,
}

impl Part {
    fn name(self) -> String {
        match self {
            Part::Section => crate::t!("claim-section"),
            Part::SectionPagers => crate::t!("claim-section-pagers"),
            Part::SectionFeed => crate::t!("claim-section-feed"),
            Part::SectionAlias => crate::t!("claim-section-alias"),
            Part::Page => crate::t!("claim-page"),
            Part::PageAlias => crate::t!("claim-page-alias"),
            Part::PageFile => crate::t!("claim-page-file"),
            Part::TaxonomyList => crate::t!("claim-taxonomy-list"),
            Part::TaxonomyTerms => crate::t!("claim-taxonomy-terms"),
            Part::StaticFile => crate::t!("claim-static-file"),
        }
    }
}

impl Builtin {
    fn name(self) -> String {
        match self {
            Builtin::TermPagers => crate::t!("claim-term-pagers"),
            Builtin::TermFeed => crate::t!("claim-term-feed"),
            Builtin::NotFound => crate::t!("claim-not-found"),
            Builtin::Sitemap => crate::t!("claim-sitemap"),
            Builtin::Robots => crate::t!("claim-robots"),
            Builtin::OutputMarker => crate::t!("claim-output-marker"),
            Builtin::SearchIndex => crate::t!("claim-search-index"),
        }
    }
}

impl Owner<'_> {
    /// As the second claimant, in the error about its own file.
    fn here(&self) -> String {
        match self {
            Owner::File(_, what) => crate::t!("claim-this", what = what.name()),
            Owner::Builtin(what) => crate::t!("claim-nhipcau", what = what.name()),
        }
    }

    /// As the first claimant, named from elsewhere.
    fn there(&self) -> String {
        match self {
            Owner::File(file, what) => crate::t!("claim-that", what = what.name(), file = file.display().to_string()),
            Owner::Builtin(what) => crate::t!("claim-nhipcau", what = what.name()),
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

/// Every file claimed (the files content may link to), or the clashes.
pub fn check(src: &Sources<'_>) -> Result<BTreeSet<String>> {
    let mut claims: Vec<(String, Owner<'_>)> = Vec::new();
    for s in src.sections.values() {
        claims.push((output_file(&s.path), Owner::File(&s.file, Part::Section)));
        claims.extend(later_pagers(&s.path, s.pages.len(), s.paginate_by).map(|f| (f, Owner::File(&s.file, Part::SectionPagers))));
        if s.generate_feed {
            claims.push((format!("{}atom.xml", s.path.trim_start_matches('/')), Owner::File(&s.file, Part::SectionFeed)));
        }
        for a in &s.aliases {
            claims.push((output_file(&crate::site::normalise_path(a)), Owner::File(&s.file, Part::SectionAlias)));
        }
    }
    for p in src.pages {
        claims.push((output_file(&p.path), Owner::File(&p.file, Part::Page)));
        for a in &p.aliases {
            claims.push((output_file(&crate::site::normalise_path(a)), Owner::File(&p.file, Part::PageAlias)));
        }
        for asset in &p.assets {
            let name = asset.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            claims.push((format!("{}{name}", p.path.trim_start_matches('/')), Owner::File(asset, Part::PageFile)));
        }
    }
    for tax in src.taxonomies {
        let config = src.config.taxonomy(&tax.name);
        claims.push((output_file(&tax.path), Owner::File(src.config_file, Part::TaxonomyList)));
        for term in &tax.terms {
            claims.push((output_file(&term.path), Owner::File(src.config_file, Part::TaxonomyTerms)));
            let per = config.and_then(|c| c.paginate_by);
            claims.extend(later_pagers(&term.path, term.pages.len(), per).map(|f| (f, Owner::Builtin(Builtin::TermPagers))));
            if config.is_some_and(|c| c.feed) {
                claims.push((format!("{}atom.xml", term.path.trim_start_matches('/')), Owner::Builtin(Builtin::TermFeed)));
            }
        }
    }
    for (file, rel) in src.static_files {
        claims.push((rel.clone(), Owner::File(file, Part::StaticFile)));
    }
    for (rel, what) in [("404.html", Builtin::NotFound), ("sitemap.xml", Builtin::Sitemap), ("robots.txt", Builtin::Robots), (crate::sandbox::OUTPUT_MARKER, Builtin::OutputMarker)] {
        claims.push((rel.to_string(), Owner::Builtin(what)));
    }

    let search_dir = format!("{}/", crate::site::SEARCH_DIR);
    let mut owners: BTreeMap<String, Owner<'_>> = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for (rel, owner) in claims {
        let clash = if src.config.build_search_index && rel.starts_with(&search_dir) {
            Some(Owner::Builtin(Builtin::SearchIndex))
        } else {
            owners.get(&rel).cloned()
        };
        match clash {
            Some(first) => {
                let d = Diagnostic::new(crate::t!("claim-clash", here = owner.here(), path = rel.as_str(), there = first.there()))
                    .help(crate::t!("claim-clash-help"));
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
    diags.into_result()?;
    Ok(owners.into_keys().collect())
}

/// The files of pages 2, 3… of a listing of `count` pages, `per` to a page.
fn later_pagers(base: &str, count: usize, per: Option<usize>) -> impl Iterator<Item = String> + '_ {
    let pagers = per.filter(|n| *n > 0).map(|n| count.div_ceil(n).max(1)).unwrap_or(1);
    (2..=pagers).map(move |n| output_file(&pager_path(base, n)))
}
