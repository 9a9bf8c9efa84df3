//! content/ → pages and sections (zola's model: `_index.md` is a section, any other `.md` a page,
//! `dir/index.md` a page whose other files are copied beside it).

use super::front_matter::{self, iso_date};
use super::Publish;
use crate::diag::{Diagnostic, Diagnostics, Result};
use crate::site::{normalise_path, Page, Rendered, Section};
use crate::slug::slugify;
use crate::toml_util;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct Loaded {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Non-Markdown files outside page bundles, copied to the same place in the output.
    pub loose_assets: Vec<(PathBuf, String)>,
    /// Publication days of pages dated in the future, for the build's log.
    pub scheduled: Vec<String>,
}

pub enum Entry {
    Page(Page),
    Section(Section),
    Skipped,
    /// Dated in the future: published from that day ("YYYY-MM-DD").
    Scheduled(String),
}

pub fn load(content_dir: &Path, publish: &Publish) -> Result<Loaded> {
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    let mut diags = Diagnostics::default();
    let site_root = content_dir.parent().unwrap_or(content_dir);
    let (files, problems) = crate::sandbox::files_below(site_root, content_dir, true);
    problems.into_iter().for_each(|d| diags.push(d));
    for (path, rel) in files {
        if rel.ends_with(".md") {
            markdown.push((path, rel));
        } else {
            other.push((path, rel));
        }
    }

    let results: Vec<std::result::Result<Entry, Diagnostic>> =
        markdown.par_iter().map(|(path, rel)| load_file(path, rel, publish)).collect();
    let mut pages = Vec::new();
    let mut sections = Vec::new();
    let mut scheduled = Vec::new();
    for r in results {
        match r {
            Ok(Entry::Page(p)) => pages.push(p),
            Ok(Entry::Section(s)) => sections.push(s),
            Ok(Entry::Skipped) => {}
            Ok(Entry::Scheduled(day)) => scheduled.push(day),
            Err(d) => diags.push(d),
        }
    }
    diags.into_result()?;

    // Page bundles own the files of their folder; other files are copied as they are.
    let bundle_dirs: Vec<(String, usize)> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.relative_path.ends_with("/index.md") || p.relative_path == "index.md")
        .map(|(i, p)| (p.relative_path.trim_end_matches("index.md").to_string(), i))
        .collect();
    let mut loose_assets = Vec::new();
    for (path, rel) in other {
        let owner = bundle_dirs.iter().filter(|(dir, _)| rel.starts_with(dir.as_str())).max_by_key(|(dir, _)| dir.len());
        match owner {
            Some((_, i)) => pages[*i].assets.push(path),
            None => loose_assets.push((path, rel)),
        }
    }
    scheduled.sort();
    Ok(Loaded { pages, sections, loose_assets, scheduled })
}

pub fn load_file(path: &Path, rel: &str, publish: &Publish) -> std::result::Result<Entry, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        let (line, _) = crate::diag::line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        Diagnostic::new(crate::t!("not-utf8")).in_file(path).at_line(line).help(crate::t!("not-utf8-help"))
    })?;
    let split = front_matter::split(&src, path)?;
    let line_of = |key: &str| key_line(split.front_matter, key) + split.front_matter_line - 1;
    // Authors paste NFD text from PDFs and Mac tools; NFC keeps slugs, ids and search consistent.
    let body = nfc(split.body);
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    if file_name == "_index.md" {
        let fm = front_matter::parse_section(&split, path)?;
        if fm.draft && !publish.drafts {
            return Ok(Entry::Skipped);
        }
        let dir = rel.trim_end_matches("_index.md").trim_end_matches('/');
        let section_path = dir_path(dir);
        check_aliases(&fm.aliases, path, line_of("aliases"))?;
        Ok(Entry::Section(Section {
            file: path.to_path_buf(),
            relative_path: rel.to_string(),
            title: fm.title.map(|t| nfc(&t)).unwrap_or_default(),
            description: fm.description.map(|d| nfc(&d)),
            path: section_path,
            sort_by: fm.sort_by,
            paginate_by: fm.paginate_by.filter(|n| *n > 0),
            template: fm.template,
            page_template: fm.page_template,
            weight: fm.weight,
            generate_feed: fm.generate_feed,
            in_search_index: fm.in_search_index.unwrap_or(true),
            aliases: fm.aliases,
            extra: toml_util::table_to_json(fm.extra),
            body,
            body_line: split.body_line,
            assets: Vec::new(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            rendered: Rendered::default(),
        }))
    } else {
        let fm = front_matter::parse_page(&split, path)?;
        let date = fm.date.as_ref().map(|d| iso_date(d, "date", path, line_of("date"))).transpose()?;
        let updated = fm.updated.as_ref().map(|d| iso_date(d, "updated", path, line_of("updated"))).transpose()?;
        let expires = fm.expires.as_ref().map(|d| iso_date(d, "expires", path, line_of("expires"))).transpose()?;
        match publish.decide(fm.draft, date.as_deref(), expires.as_deref()) {
            super::Decision::Publish => {}
            super::Decision::Scheduled(day) => return Ok(Entry::Scheduled(day)),
            super::Decision::Skip => return Ok(Entry::Skipped),
        }
        let is_bundle = file_name == "index.md";
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let (parent_dir, stem) = if is_bundle {
            let parent = dir.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            (parent, dir.rsplit('/').next().unwrap_or(dir))
        } else {
            (dir, file_name.trim_end_matches(".md"))
        };
        let slug = match &fm.slug {
            Some(s) => slugify(s),
            None => slugify(stem),
        };
        if slug.is_empty() {
            return Err(Diagnostic::new(crate::t!("empty-slug")).in_file(path).help(crate::t!("empty-slug-help")));
        }
        let page_path = match &fm.path {
            Some(p) => {
                let site_path = normalise_path(p);
                check_site_path(&site_path, "path", p, path, line_of("path"))?;
                site_path
            }
            None => format!("{}{}/", dir_path(parent_dir), slug),
        };
        check_aliases(&fm.aliases, path, line_of("aliases"))?;
        let title = fm.title.map(|t| nfc(&t)).unwrap_or_default();
        if title.is_empty() {
            return Err(Diagnostic::new(crate::t!("no-title")).in_file(path).at(split.front_matter_line, 1).help(crate::t!("no-title-help")));
        }
        Ok(Entry::Page(Page {
            file: path.to_path_buf(),
            relative_path: rel.to_string(),
            title,
            description: fm.description.map(|d| nfc(&d)),
            date,
            updated,
            expires,
            draft: fm.draft,
            weight: fm.weight,
            slug,
            path: page_path,
            template: fm.template,
            aliases: fm.aliases,
            in_search_index: fm.in_search_index.unwrap_or(true),
            taxonomies: fm.taxonomies.into_iter().map(|(k, v)| (k, v.iter().map(|t| nfc(t)).collect())).collect(),
            extra: toml_util::table_to_json(fm.extra),
            body,
            body_line: split.body_line,
            assets: Vec::new(),
            section: String::new(),
            rendered: Rendered::default(),
        }))
    }
}

/// A URL an author chose (`path`, an alias) must give a file inside the output folder.
fn check_site_path(site_path: &str, key: &str, written: &str, file: &Path, line: usize) -> std::result::Result<(), Diagnostic> {
    crate::sandbox::site_path(site_path).map_err(|why| {
        Diagnostic::new(crate::t!("path-unpublishable", key = key, written = format!("{written:?}"), why = why))
            .in_file(file)
            .at_line(line)
            .help(crate::t!("path-unpublishable-help"))
    })
}

fn check_aliases(aliases: &[String], file: &Path, line: usize) -> std::result::Result<(), Diagnostic> {
    aliases.iter().try_for_each(|a| check_site_path(&normalise_path(a), "aliases", a, file, line))
}

/// "ke-hoach/Đồng Tháp" → "/ke-hoach/dong-thap/"; "" → "/".
pub fn dir_path(dir: &str) -> String {
    let mut out = String::from("/");
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        out.push_str(&slugify(part));
        out.push('/');
    }
    out
}

fn key_line(front_matter: &str, key: &str) -> usize {
    front_matter
        .lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map(|i| i + 1)
        .unwrap_or(1)
}

pub fn nfc(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(dir_path(""), "/");
        assert_eq!(dir_path("ke-hoach/Đồng Tháp"), "/ke-hoach/dong-thap/");
        assert_eq!(normalise_path("a/b"), "/a/b/");
        assert_eq!(normalise_path("/"), "/");
        assert_eq!(normalise_path("cu/trang.html"), "/cu/trang.html");
    }
}
