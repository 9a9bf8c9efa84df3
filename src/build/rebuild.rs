//! Rebuilds of a finished build after an edit (what `nhipcau serve` calls, as Zola's serve calls
//! `Site::add_and_render_page`): an edit to a page's text re-renders that page alone, an edit to
//! templates re-renders what uses them, anything else asks for a whole build. Every file is
//! written through [`Output`], in place, into the folder the build wrote.

use super::Built;
use crate::diag::Result;
use crate::load::content::{load_file, Entry};
use crate::load::Publish;
use crate::render::markdown::LinkTargets;
use crate::site::Page;
use crate::write::Output;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What a rebuild did.
#[derive(Debug, PartialEq, Eq)]
pub enum Rebuilt {
    /// This many HTML pages were rendered again and written.
    Pages(usize),
    /// The change reaches further than a partial rebuild goes (a new or removed file, a changed
    /// title, date or taxonomy other pages list, config, data, static files): build again.
    NeedsFullBuild,
}

impl Built {
    /// Applies an edit to `changed` (files below the site) to this build's output, if it can be
    /// done without a whole build: edited templates only, or edited page bodies only.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt> {
        if changed.is_empty() {
            return Ok(Rebuilt::NeedsFullBuild);
        }
        let dirs = self.template_dirs();
        let names: Option<Vec<String>> = changed.iter().map(|path| template_name(&dirs, path)).collect();
        match names {
            Some(names) => self.rebuild_for_templates(&names),
            None => self.rebuild_pages(changed),
        }
    }

    /// Re-renders the pages of the edited content files when only their bodies changed (the
    /// common case while writing).
    pub fn rebuild_pages(&mut self, files: &[PathBuf]) -> Result<Rebuilt> {
        let Ok(content) = self.site.root.join("content").canonicalize() else { return Ok(Rebuilt::NeedsFullBuild) };
        let publish = Publish::new(self.drafts);
        let targets = LinkTargets::of(&self.site);
        let mut touched = Vec::new();
        for path in files {
            let Some((real, rel)) = content_file(&content, path) else { return Ok(Rebuilt::NeedsFullBuild) };
            if !rel.ends_with(".md") || rel.ends_with("_index.md") {
                return Ok(Rebuilt::NeedsFullBuild);
            }
            let Some(index) = self.site.pages.iter().position(|p| p.relative_path == rel) else { return Ok(Rebuilt::NeedsFullBuild) };
            let new = match load_file(&real, &rel, &publish)? {
                Entry::Page(page) => page,
                _ => return Ok(Rebuilt::NeedsFullBuild),
            };
            if listing_key(&new) != listing_key(&self.site.pages[index]) {
                return Ok(Rebuilt::NeedsFullBuild);
            }
            let rendered = crate::render::page_markdown(&targets, &new)?;
            let page = &mut self.site.pages[index];
            page.body = new.body;
            page.body_line = new.body_line;
            page.rendered = rendered;
            self.cache.refresh_page(&self.site, index);
            touched.push(index);
        }
        let output = self.output();
        for &index in &touched {
            let html = self.cache.page_html(&self.site, index)?;
            // A failed write means the served folder is not what this build wrote: build again.
            if output.write_page(&self.site.pages[index].path, &html).is_err() {
                return Ok(Rebuilt::NeedsFullBuild);
            }
        }
        Ok(Rebuilt::Pages(touched.len()))
    }

    /// Re-renders the outputs whose template is one of `names` ("partials/help.html", relative
    /// to a templates/ folder) or uses one, directly or not, after reading the templates again.
    pub fn rebuild_for_templates(&mut self, names: &[String]) -> Result<Rebuilt> {
        let root = self.site.root.canonicalize().unwrap_or_else(|_| self.site.root.clone());
        let affected = affected_templates(&root, &self.template_dirs(), names.to_vec());
        self.cache.reload_templates(&self.site);
        let stats = crate::render::render_selected(&self.site, &self.cache, &self.output(), &|name| affected.contains(name), &|| {})?;
        Ok(Rebuilt::Pages(stats.html_pages))
    }

    /// Writes into the folder this build wrote, with its markup (serve's live reload) injected.
    fn output(&self) -> Output {
        let mut output = Output::in_place(&self.output);
        if let Some(markup) = &self.inject {
            output.inject_before_body_end(markup);
        }
        output
    }

    /// The folders templates come from: the site's templates/ and the theme's.
    fn template_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.site.root.join("templates")];
        dirs.extend(self.site.theme_dir.iter().map(|t| t.join("templates")));
        dirs.into_iter().filter_map(|d| d.canonicalize().ok()).collect()
    }
}

/// `path` as a template name ("partials/help.html") if it lies in one of the template folders.
fn template_name(dirs: &[PathBuf], path: &Path) -> Option<String> {
    let real = path.canonicalize().ok()?;
    let dir = dirs.iter().find(|d| real.starts_with(d))?;
    Some(real.strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/"))
}

/// `path` (canonical) and its path below content/ with `/` separators, if it is inside content/.
fn content_file(content: &Path, path: &Path) -> Option<(PathBuf, String)> {
    let real = path.canonicalize().ok()?;
    let rel = real.strip_prefix(content).ok()?.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    Some((real, rel))
}

/// What other pages show of a page: if any of it changed, lists and neighbours need a full build.
fn listing_key(p: &Page) -> String {
    format!(
        "{:?}{:?}",
        (&p.title, &p.description, &p.date, &p.updated, &p.expires, p.draft, p.weight),
        (&p.slug, &p.path, &p.template, &p.aliases, p.in_search_index, &p.taxonomies, &p.extra)
    )
}

/// Templates named by `{% extends/include/import/from "…" %}` in a template's source.
fn referenced_templates(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in source.split("{%").skip(1) {
        let block = block.split("%}").next().unwrap_or("").trim_start_matches('-').trim_start();
        let keyword = block.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import" | "from") {
            let rest = &block[keyword.len()..];
            if let Some(q) = rest.find(['"', '\'']) {
                let quote = rest.as_bytes()[q] as char;
                if let Some(end) = rest[q + 1..].find(quote) {
                    out.push(rest[q + 1..q + 1 + end].to_string());
                }
            }
        }
    }
    out
}

/// The changed templates and every template that uses them, directly or not.
fn affected_templates(site_root: &Path, dirs: &[PathBuf], changed: Vec<String>) -> HashSet<String> {
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    for dir in dirs {
        // A template that cannot be read is the reload's to report, not this search's.
        for (file, name) in crate::sandbox::files_below(site_root, dir, true).0 {
            for used in referenced_templates(&std::fs::read_to_string(&file).unwrap_or_default()) {
                users.entry(used).or_default().push(name.clone());
            }
        }
    }
    let mut affected: HashSet<String> = changed.iter().cloned().collect();
    let mut todo = changed;
    while let Some(name) = todo.pop() {
        for user in users.get(&name).into_iter().flatten() {
            if affected.insert(user.clone()) {
                todo.push(user.clone());
            }
        }
    }
    affected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_dependencies_are_followed_transitively() {
        assert_eq!(referenced_templates("{% extends \"base.html\" %}{%- include 'partials/a.html' %}{% from \"m.html\" import x %}{{ 1 }}"), ["base.html", "partials/a.html", "m.html"]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        std::fs::write(dir.path().join("base.html"), "{% include \"partials/help.html\" %}").unwrap();
        std::fs::write(dir.path().join("page.html"), "{% extends \"base.html\" %}").unwrap();
        std::fs::write(dir.path().join("404.html"), "no base").unwrap();
        std::fs::write(dir.path().join("partials/help.html"), "help").unwrap();
        let affected = affected_templates(dir.path(), &[dir.path().to_path_buf()], vec!["partials/help.html".into()]);
        assert!(affected.contains("base.html") && affected.contains("page.html"));
        assert!(!affected.contains("404.html"));
    }
}
