//! Stage 2, render: Markdown → HTML for every page and section, then the templates, written
//! page by page to the output as they are produced (rayon across pages).

pub mod context;
pub mod feeds;
pub mod markdown;
pub mod memory;
pub mod share_image;
pub mod templates;

use crate::diag::{Diagnostic, Diagnostics, Result};
use crate::site::{pager_path, Site};
use crate::write::Output;
use markdown::{LinkTargets, Source};
use minijinja::value::Value;
use minijinja::context;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use templates::Templates;

/// Renders the Markdown of every page and section, then checks `@/file.md#anchor` links against
/// the ids the targets actually have.
pub fn render_markdown(site: &mut Site) -> Result<()> {
    let targets = LinkTargets::of(site);

    let page_results: Vec<_> = site
        .pages
        .par_iter()
        .map(|p| markdown::render(&Source { file: &p.file, site_path: &p.path, body: &p.body, body_line: p.body_line }, &targets))
        .collect();
    let section_results: Vec<_> = site
        .sections
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|s| markdown::render(&Source { file: &s.file, site_path: &s.path, body: &s.body, body_line: s.body_line }, &targets))
        .collect();

    let mut diags = Diagnostics::default();
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    let mut pending = Vec::new();
    let targets = site
        .pages
        .iter_mut()
        .map(|p| (&p.relative_path, &p.file, &mut p.rendered))
        .chain(site.sections.values_mut().map(|s| (&s.relative_path, &s.file, &mut s.rendered)));
    for ((relative_path, file, rendered), result) in targets.zip(page_results.into_iter().chain(section_results)) {
        match result {
            Ok(out) => {
                anchors.insert(relative_path.clone(), out.anchors.into_iter().collect());
                pending.extend(out.anchor_links.into_iter().map(|l| (file.clone(), l)));
                *rendered = out.rendered;
            }
            Err(errs) => errs.into_iter().for_each(|d| diags.push(d)),
        }
    }
    for (file, link) in pending {
        let known = anchors.get(&link.target);
        if known.is_some_and(|ids| !ids.contains(&link.anchor)) {
            let mut ids: Vec<&str> = known.unwrap().iter().map(String::as_str).collect();
            ids.sort_unstable();
            diags.push(
                Diagnostic::new(crate::t!("broken-anchor", target = link.target.as_str(), anchor = link.anchor.as_str()))
                    .in_file(&file)
                    .at_line(link.line)
                    .help(crate::diag::suggest(&link.anchor, &ids)),
            );
        }
    }
    diags.into_result()
}

enum Job<'a> {
    Page(usize),
    Section(&'a str, usize),
    TaxonomyList(usize),
    Term(usize, usize, usize),
    NotFound,
}

pub struct Stats {
    pub html_pages: usize,
}

/// What rendering built that a later partial render (serve) can reuse.
pub struct RenderCache {
    pub lookup: Arc<templates::Lookup>,
    pub templates: Templates,
    pub page_values: Vec<Value>,
}

impl RenderCache {
    pub fn new(site: &Site) -> RenderCache {
        let (lookup, page_values) = context::build_lookup(site);
        let lookup = Arc::new(lookup);
        let templates = Templates::new(site, lookup.clone());
        RenderCache { lookup, templates, page_values }
    }

    /// Reads the templates again (after an edit to one of them).
    pub fn reload_templates(&mut self, site: &Site) {
        self.templates = Templates::new(site, self.lookup.clone());
    }

    /// Takes page `i` of `site` as it is now into what its own template sees. Listings keep the
    /// old value: callers change only what no other page shows (see `build::rebuild`).
    pub fn refresh_page(&mut self, site: &Site, i: usize) {
        self.page_values[i] = context::page_value(site, i);
    }

    /// Page `i` through its template (its assets, aliases and share image are another job's).
    pub fn page_html(&self, site: &Site, i: usize) -> Result<String> {
        Ok(page_html(site, &self.templates, &self.lookup, &self.page_values, i)?)
    }
}

/// One page's Markdown, rendered against the site's link targets (a rebuild of an edited page).
pub fn page_markdown(targets: &LinkTargets, page: &crate::site::Page) -> Result<crate::site::Rendered> {
    markdown::render(&Source { file: &page.file, site_path: &page.path, body: &page.body, body_line: page.body_line }, targets).map(|out| out.rendered).map_err(Diagnostics)
}

/// Renders every template output and writes it.
pub fn render_site(site: &Site, output: &Output, tick: &(dyn Fn() + Sync)) -> Result<(Stats, RenderCache)> {
    let cache = RenderCache::new(site);
    let stats = render_selected(site, &cache, output, &|_| true, tick)?;
    Ok((stats, cache))
}

/// Renders the outputs whose template passes `uses` (serve re-renders what a template edit
/// touches, and nothing else).
pub fn render_selected(site: &Site, cache: &RenderCache, output: &Output, uses: &(dyn Fn(&str) -> bool + Sync), tick: &(dyn Fn() + Sync)) -> Result<Stats> {
    let (lookup, templates, page_values) = (&cache.lookup, &cache.templates, &cache.page_values);

    let mut jobs: Vec<Job<'_>> = (0..site.pages.len()).map(Job::Page).collect();
    for (key, s) in &site.sections {
        let pagers = s.paginate_by.map(|n| s.pages.len().div_ceil(n).max(1)).unwrap_or(1);
        jobs.extend((1..=pagers).map(|n| Job::Section(key.as_str(), n)));
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        let per = site.config.taxonomy(&tax.name).and_then(|c| c.paginate_by).filter(|n| *n > 0);
        for (i, term) in tax.terms.iter().enumerate() {
            let pagers = per.map(|n| term.pages.len().div_ceil(n).max(1)).unwrap_or(1);
            jobs.extend((1..=pagers).map(|pager| Job::Term(t, i, pager)));
        }
    }
    jobs.push(Job::NotFound);
    jobs.retain(|job| uses(&job_template(site, job)));

    let results: Vec<std::result::Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (source, template) = (job_source(site, job), job_template(site, job));
            let done = memory::watch(&source, &template, || render_job(site, templates, lookup, page_values, job, output)).map_err(first);
            tick();
            done
        })
        .collect();
    let mut diags = Diagnostics::default();
    for r in results {
        if let Err(d) = r {
            diags.push(d);
        }
    }
    diags.into_result()?;
    // The feeds, sitemap and robots.txt are templates too: redone when one of theirs changed.
    if feeds::FEED_TEMPLATES.iter().any(|name| uses(name)) {
        feeds::write_extras(site, templates, page_values, output)?;
    }
    Ok(Stats { html_pages: jobs.len() })
}

/// The template a page is rendered with: its own `template`, else its section's
/// `page_template`, else page.html. (`check` asks the same.)
pub fn page_template(site: &Site, page: &crate::site::Page) -> String {
    let section = site.sections.get(&page.section);
    page.template.clone().or_else(|| section.and_then(|s| s.page_template.clone())).unwrap_or_else(|| "page.html".into())
}

/// The template a section is rendered with: its own, else index.html for the home page and
/// section.html for the others.
pub fn section_template(s: &crate::site::Section) -> String {
    s.template.clone().unwrap_or_else(|| if s.path == "/" { "index.html".into() } else { "section.html".into() })
}

/// What a job renders, as an author would name it.
fn job_source(site: &Site, job: &Job<'_>) -> String {
    match job {
        Job::Page(i) => site.pages[*i].file.display().to_string(),
        Job::Section(key, _) => site.sections[*key].file.display().to_string(),
        Job::TaxonomyList(t) | Job::Term(t, ..) => crate::t!("render-taxonomy-job", name = site.taxonomies[*t].name.as_str()),
        Job::NotFound => "404.html".into(),
    }
}

const TAXONOMY_LIST: &str = "taxonomy_list.html";
const TAXONOMY_TERM: &str = "taxonomy_single.html";
const NOT_FOUND: &str = "404.html";

/// The templates of the pages a site has whatever its content: the not-found page, and the
/// taxonomy lists when it has taxonomies. (`check` asks the same.)
pub fn fixed_templates(site: &Site) -> Vec<&'static str> {
    let mut names = vec![NOT_FOUND];
    if !site.taxonomies.is_empty() {
        names.extend([TAXONOMY_LIST, TAXONOMY_TERM]);
    }
    names
}

fn job_template(site: &Site, job: &Job<'_>) -> String {
    match job {
        Job::Page(i) => page_template(site, &site.pages[*i]),
        Job::Section(key, _) => section_template(&site.sections[*key]),
        Job::TaxonomyList(_) => TAXONOMY_LIST.into(),
        Job::Term(..) => TAXONOMY_TERM.into(),
        Job::NotFound => NOT_FOUND.into(),
    }
}

/// One page through its template (before the write stage's URL rewriting).
fn page_html(site: &Site, t: &Templates, lookup: &templates::Lookup, page_values: &[Value], i: usize) -> std::result::Result<String, Diagnostic> {
    let page = &site.pages[i];
    let section = site.sections.get(&page.section);
    let template = page_template(site, page);
    let (current_path, current_url) = globals(site, &page.path);
    let ctx = context! {
        page => page_values[i].clone(),
        section => section.and_then(|s| lookup.sections.get(&s.relative_path).cloned()),
        current_path, current_url,
    };
    t.render(&template, ctx).map_err(|d| with_source(d, &page.file))
}

fn first(d: Diagnostics) -> Diagnostic {
    d.0.into_iter().next().unwrap_or_else(|| Diagnostic::new(crate::t!("unknown-error")))
}

fn globals(site: &Site, path: &str) -> (String, String) {
    (path.to_string(), site.config.permalink(path))
}

fn render_job(site: &Site, t: &Templates, lookup: &templates::Lookup, page_values: &[Value], job: &Job<'_>, out: &Output) -> Result<()> {
    match job {
        Job::Page(i) => {
            let page = &site.pages[*i];
            let html = page_html(site, t, lookup, page_values, *i)?;
            out.write_page(&page.path, &html)?;
            share_image_of(site, t, out, &page.path, &page.title, &page.extra)?;
            copy_source_text(site, page, out)?;
            for asset in &page.assets {
                let name = asset.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                out.copy(asset, &format!("{}{}", page.path.trim_start_matches('/'), name))?;
            }
            write_aliases(site, t, &page.aliases, &page.path, out)
        }
        Job::Section(key, pager) => {
            let s = &site.sections[*key];
            let template = section_template(s);
            let path = pager_path(&s.path, *pager);
            let paginator = s.paginate_by.map(|n| paginator_value(&s.path, &s.pages, n, *pager, page_values));
            let (current_path, current_url) = globals(site, &path);
            let ctx = context! { section => lookup.sections.get(*key).cloned(), paginator, current_path, current_url };
            let html = t.render(&template, ctx).map_err(|d| with_source(d, &s.file))?;
            out.write_page(&path, &html)?;
            share_image_of(site, t, out, &path, if s.title.is_empty() { &site.config.title } else { &s.title }, &s.extra)?;
            if *pager == 1 {
                write_aliases(site, t, &s.aliases, &s.path, out)?;
            }
            Ok(())
        }
        Job::TaxonomyList(ti) => {
            let tax = &site.taxonomies[*ti];
            let (current_path, current_url) = globals(site, &tax.path);
            let value = lookup.taxonomies.get(&tax.name).cloned();
            let terms = value.as_ref().and_then(|v| v.get_attr("terms").ok());
            let ctx = context! { taxonomy => value, terms, current_path, current_url };
            let html = t.render(TAXONOMY_LIST, ctx)?;
            out.write_page(&tax.path, &html)?;
            share_image_of(site, t, out, &tax.path, context::taxonomy_title(site, tax), &serde_json::Value::Null)
        }
        Job::Term(ti, term_i, pager) => {
            let tax = &site.taxonomies[*ti];
            let term = &tax.terms[*term_i];
            let per = site.config.taxonomy(&tax.name).and_then(|c| c.paginate_by).filter(|n| *n > 0);
            let paginator = per.map(|n| paginator_value(&term.path, &term.pages, n, *pager, page_values));
            let path = pager_path(&term.path, *pager);
            let (current_path, current_url) = globals(site, &path);
            let ctx = context! {
                taxonomy => lookup.taxonomies.get(&tax.name).cloned(),
                term => context::term_value(site, term, page_values),
                paginator, current_path, current_url,
            };
            let html = t.render(TAXONOMY_TERM, ctx)?;
            out.write_page(&path, &html)?;
            share_image_of(site, t, out, &path, &term.name, &serde_json::Value::Null)
        }
        Job::NotFound => {
            let ctx = context! { current_path => "/404.html", current_url => site.config.permalink("/404.html") };
            let html = t.render(NOT_FOUND, ctx)?;
            // Servers show 404.html at any depth: only absolute paths work there.
            let html = crate::write::urls::rewrite_root_paths(&html, site.config.base_path());
            out.write("404.html", html.as_bytes())
        }
    }
}

/// `{path}og.png` when the templates draw share images (see share_image.rs).
fn share_image_of(site: &Site, t: &Templates, out: &Output, path: &str, title: &str, extra: &serde_json::Value) -> Result<()> {
    if !path.ends_with('/') || !share_image::enabled(site, t) {
        return Ok(());
    }
    let field = |k: &str| extra.get(k).and_then(|v| v.as_str());
    let card = share_image::Card { path, title, kind: field("kind"), subtitle: field("province") };
    share_image::write(site, t, &card, out)
}

/// A page whose `extra.source` names a file of the site (a plan's text as received) gets a copy
/// of it beside the page, so readers can download what the page was made from.
fn copy_source_text(site: &Site, page: &crate::site::Page, out: &Output) -> Result<()> {
    let Some(source) = page.extra.get("source").and_then(|v| v.as_str()) else { return Ok(()) };
    let file = crate::sandbox::read_inside(&site.root, source).map_err(|d| if d.file.is_none() { d.in_file(&page.file) } else { d })?;
    if !file.is_file() {
        return Ok(());
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out.copy(&file, &format!("{}{name}", page.path.trim_start_matches('/')))
}

/// Template errors are about the template; say which content file was being rendered too.
fn with_source(mut d: Diagnostic, content_file: &std::path::Path) -> Diagnostic {
    d.message.push_str(&crate::t!("template-rendering-file", file = content_file.display().to_string()));
    d
}

fn paginator_value(base: &str, all: &[usize], per: usize, current: usize, page_values: &[Value]) -> Value {
    let total = all.len().div_ceil(per).max(1);
    let pages: Vec<Value> = all.iter().skip((current - 1) * per).take(per).map(|i| page_values[*i].clone()).collect();
    context! {
        pages,
        current_index => current,
        number_pagers => total,
        total_pages => all.len(),
        paginate_by => per,
        first => pager_path(base, 1),
        last => pager_path(base, total),
        previous => (current > 1).then(|| pager_path(base, current - 1)),
        next => (current < total).then(|| pager_path(base, current + 1)),
    }
}

fn write_aliases(site: &Site, t: &Templates, aliases: &[String], target: &str, out: &Output) -> Result<()> {
    for alias in aliases {
        let from = crate::site::normalise_path(alias);
        let relative_target = format!("{}{}", crate::write::urls::root_prefix(&from), target.trim_start_matches('/'));
        let html = feeds::redirect_page(t, &site.config.permalink(target), &relative_target, &from)?;
        out.write_page(&from, &html)?;
    }
    Ok(())
}
