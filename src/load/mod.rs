//! Stage 1, load: config.toml, content/, data files and the theme → a [`Site`].

pub mod claims;
pub mod content;
pub mod data_pages;
pub mod front_matter;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Result};
use crate::site::{Page, Section, Site, SortBy, Taxonomy, Term};
use crate::slug::slugify;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Which pages are published: drafts only with --drafts; a page dated in the future not before
/// its date; a page past `expires` no longer.
#[derive(Debug, Clone)]
pub struct Publish {
    pub drafts: bool,
    /// Today as "YYYY-MM-DD" in Vietnam's time zone (or from SOURCE_DATE_EPOCH, for reproducible builds).
    pub today: String,
}

impl Publish {
    pub fn new(drafts: bool) -> Publish {
        Publish { drafts, today: today_in_vietnam() }
    }

    pub fn includes(&self, draft: bool, date: Option<&str>, expires: Option<&str>) -> bool {
        if self.drafts {
            return true;
        }
        let day = |d: &str| d.get(..10).unwrap_or(d).to_string();
        !draft && date.is_none_or(|d| day(d) <= self.today) && expires.is_none_or(|e| day(e) > self.today)
    }

    /// Whether a page (from content/ or a data row) is published today, waits for its date, or
    /// is left out: the one decision both kinds of page go through.
    pub fn decide(&self, draft: bool, date: Option<&str>, expires: Option<&str>) -> Decision {
        if self.includes(draft, date, expires) {
            Decision::Publish
        } else {
            self.scheduled(draft, date, expires).map_or(Decision::Skip, Decision::Scheduled)
        }
    }

    /// The day a page left out today will be published, if it is only waiting for its date.
    pub fn scheduled(&self, draft: bool, date: Option<&str>, expires: Option<&str>) -> Option<String> {
        let day = date?.get(..10)?.to_string();
        let waiting = !self.drafts && !draft && day > self.today && expires.is_none_or(|e| e.get(..10).unwrap_or(e) > day.as_str());
        waiting.then_some(day)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Publish,
    /// Left out until this day (YYYY-MM-DD).
    Scheduled(String),
    Skip,
}

/// The calendar day a date, a local date-time or a date-time with an offset names (the day as
/// written: "2026-03-25T23:30:00-05:00" is the 25th).
/// Load checks the dates of data rows with it; templates' date filters read them with it.
pub fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        return Some(d);
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return Some(dt.date());
    }
    // A UTC "Z" time has no local day in jiff's civil types; its own day is the one written.
    let day = text.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    text.parse::<jiff::Timestamp>().ok().map(|_| day)
}

fn today_in_vietnam() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let offset = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    now.to_zoned(offset).date().to_string()
}

pub struct LoadOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
}

pub fn load(opts: &LoadOptions) -> Result<Site> {
    let root = &opts.root;
    let mut config = Config::load(&crate::sandbox::read_inside(root, "config.toml")?)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|d| d.help(crate::t!("base-url-flag-help")))?;
    }
    let publish = Publish::new(opts.drafts);
    let theme_dir = resolve_theme(root, &config)?;
    let content_dir = root.join("content");
    let mut loaded = content::load(&content_dir, &publish)?;
    let mut diags = Diagnostics::default();

    for cfg in &config.data_pages {
        match data_pages::load(root, cfg, &publish) {
            Ok((pages, scheduled)) => {
                loaded.pages.extend(pages);
                loaded.scheduled.extend(scheduled);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result()?;
    loaded.scheduled.sort();

    let mut sections: BTreeMap<String, Section> =
        loaded.sections.into_iter().map(|s| (s.relative_path.clone(), s)).collect();
    if !sections.contains_key("_index.md") {
        sections.insert("_index.md".into(), implicit_home(&config, &content_dir));
    }
    let mut pages = loaded.pages;
    pages.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
    link_sections(&mut sections, &mut pages);
    for section in sections.values_mut() {
        sort_pages(section, &pages);
    }
    let taxonomies = build_taxonomies(&config, &root.join("config.toml"), &pages)?;

    let mut static_files = Vec::new();
    let mut diags = Diagnostics::default();
    if let Some(theme) = &theme_dir {
        collect_static(theme, &theme.join("static"), &mut static_files, &mut diags);
    }
    collect_static(root, &root.join("static"), &mut static_files, &mut diags);
    diags.into_result()?;
    static_files.extend(loaded.loose_assets);
    // The site's own static/ wins over the theme's for the same output path.
    let mut by_output: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (src, out) in static_files {
        by_output.insert(out, src);
    }
    let static_files: Vec<(PathBuf, String)> = by_output.into_iter().map(|(out, src)| (src, out)).collect();

    let config_file = root.join("config.toml");
    let files = claims::check(&claims::Sources { config: &config, config_file: &config_file, pages: &pages, sections: &sections, taxonomies: &taxonomies, static_files: &static_files })?;
    Ok(Site { root: root.clone(), config, pages, sections, taxonomies, static_files, theme_dir, scheduled: loaded.scheduled, files })
}

fn resolve_theme(root: &Path, config: &Config) -> Result<Option<PathBuf>> {
    let Some(name) = &config.theme else { return Ok(None) };
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    if name == crate::theme::BUILTIN_THEME {
        return Ok(None); // the default theme is compiled into the binary
    }
    Err(Diagnostic::new(crate::t!("theme-not-found", name = name.as_str(), folder = dir.display().to_string()))
        .in_file(root.join("config.toml"))
        .help(crate::t!("theme-not-found-help", name = name.as_str(), builtin = crate::theme::BUILTIN_THEME))
        .into())
}

fn implicit_home(config: &Config, content_dir: &Path) -> Section {
    Section {
        file: content_dir.join("_index.md"),
        relative_path: "_index.md".into(),
        title: config.title.clone(),
        description: Some(config.description.clone()).filter(|d| !d.is_empty()),
        path: "/".into(),
        sort_by: SortBy::Date,
        paginate_by: None,
        template: None,
        page_template: None,
        weight: None,
        generate_feed: false,
        in_search_index: true,
        aliases: Vec::new(),
        extra: serde_json::Value::Object(Default::default()),
        body: String::new(),
        body_line: 1,
        assets: Vec::new(),
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
        rendered: Default::default(),
    }
}

/// The nearest section above a content path ("a/b/c.md" → "a/b/_index.md", else "a/_index.md"…).
fn nearest_section(sections: &BTreeMap<String, Section>, rel_dir: &str) -> String {
    let mut dir = rel_dir.trim_matches('/').to_string();
    loop {
        let candidate = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        if sections.contains_key(&candidate) {
            return candidate;
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent.to_string(),
            None if !dir.is_empty() => dir.clear(),
            None => return "_index.md".into(),
        }
    }
}

fn link_sections(sections: &mut BTreeMap<String, Section>, pages: &mut [Page]) {
    let section_keys: Vec<String> = sections.keys().cloned().collect();
    for key in &section_keys {
        if key == "_index.md" {
            continue;
        }
        let dir = key.trim_end_matches("_index.md").trim_end_matches('/');
        let parent_dir = dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let parent = nearest_section(sections, parent_dir);
        sections.get_mut(key).unwrap().parent = Some(parent.clone());
        sections.get_mut(&parent).unwrap().subsections.push(key.clone());
    }
    for (i, page) in pages.iter_mut().enumerate() {
        let rel = page.relative_path.as_str();
        let dir = if rel.ends_with("/index.md") {
            rel.trim_end_matches("/index.md").rsplit_once('/').map(|(d, _)| d).unwrap_or("")
        } else {
            rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
        };
        let section = nearest_section(sections, dir);
        sections.get_mut(&section).unwrap().pages.push(i);
        page.section = section;
    }
    let order: HashMap<String, (Option<i64>, String)> =
        sections.iter().map(|(k, s)| (k.clone(), (s.weight, crate::sort_key(&s.title)))).collect();
    for s in sections.values_mut() {
        s.subsections.sort_by(|a, b| {
            let (wa, ta) = &order[a];
            let (wb, tb) = &order[b];
            (wa.is_none(), wa, ta, a).cmp(&(wb.is_none(), wb, tb, b))
        });
    }
}

fn sort_pages(section: &mut Section, pages: &[Page]) {
    let key_title = |i: &usize| crate::sort_key(&pages[*i].title);
    match section.sort_by {
        // Newest first; undated pages after dated ones.
        SortBy::Date => section.pages.sort_by(|a, b| {
            let (pa, pb) = (&pages[*a], &pages[*b]);
            (pb.date.is_some(), &pb.date, &pa.relative_path).cmp(&(pa.date.is_some(), &pa.date, &pb.relative_path))
        }),
        SortBy::Weight => section.pages.sort_by(|a, b| {
            let (pa, pb) = (&pages[*a], &pages[*b]);
            (pa.weight.is_none(), pa.weight, &pa.relative_path).cmp(&(pb.weight.is_none(), pb.weight, &pb.relative_path))
        }),
        SortBy::Title => section.pages.sort_by(|a, b| (key_title(a), &pages[*a].relative_path).cmp(&(key_title(b), &pages[*b].relative_path))),
        SortBy::None => section.pages.sort_by(|a, b| pages[*a].relative_path.cmp(&pages[*b].relative_path)),
    }
}

fn build_taxonomies(config: &Config, config_file: &Path, pages: &[Page]) -> Result<Vec<Taxonomy>> {
    let mut diags = Diagnostics::default();
    for tax in &config.taxonomies {
        if slugify(&tax.name).is_empty() {
            diags.push(
                Diagnostic::new(crate::t!("taxonomy-name-no-letters", name = format!("{:?}", tax.name)))
                    .in_file(config_file)
                    .help(crate::t!("taxonomy-name-no-letters-help")),
            );
        }
    }
    for page in pages {
        for (tax, terms) in &page.taxonomies {
            for term in terms.iter().filter(|t| slugify(t).is_empty()) {
                diags.push(
                    Diagnostic::new(crate::t!("taxonomy-term-no-letters", taxonomy = tax.as_str(), term = format!("{term:?}")))
                        .in_file(&page.file)
                        .help(crate::t!("taxonomy-term-no-letters-help")),
                );
            }
        }
        for name in page.taxonomies.keys() {
            if config.taxonomy(name).is_none() {
                let known: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
                diags.push(
                    Diagnostic::new(crate::t!("taxonomy-not-declared", name = name.as_str()))
                        .in_file(&page.file)
                        .help(if known.is_empty() {
                            crate::t!("taxonomy-not-declared-help", name = name.as_str())
                        } else {
                            crate::diag::suggest(name, &known)
                        }),
                );
            }
        }
    }
    diags.into_result()?;
    let mut out = Vec::new();
    for tax in &config.taxonomies {
        let slug = slugify(&tax.name);
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            for name in page.taxonomies.get(&tax.name).into_iter().flatten() {
                let term_slug = slugify(name);
                let term = terms.entry(term_slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    slug: term_slug.clone(),
                    path: format!("/{slug}/{term_slug}/"),
                    pages: Vec::new(),
                });
                if !term.pages.contains(&i) {
                    term.pages.push(i);
                }
            }
        }
        let mut terms: Vec<Term> = terms.into_values().collect();
        for t in &mut terms {
            t.pages.sort_by(|a, b| (&pages[*b].date, &pages[*a].relative_path).cmp(&(&pages[*a].date, &pages[*b].relative_path)));
        }
        terms.sort_by_key(|t| (crate::sort_key(&t.name), t.slug.clone()));
        out.push(Taxonomy { name: tax.name.clone(), path: format!("/{slug}/"), slug, terms });
    }
    Ok(out)
}

fn collect_static(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>, diags: &mut Diagnostics) {
    let (files, problems) = crate::sandbox::files_below(root, dir, false);
    out.extend(files);
    problems.into_iter().for_each(|d| diags.push(d));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_rules() {
        let p = Publish { drafts: false, today: "2026-03-25".into() };
        assert!(p.includes(false, Some("2026-03-25"), None));
        assert!(!p.includes(false, Some("2026-03-26"), None));
        assert!(!p.includes(true, None, None));
        assert!(!p.includes(false, None, Some("2026-03-25")));
        assert!(p.includes(false, None, Some("2026-03-26T00:00:00")));
        assert_eq!(p.decide(false, Some("2099-01-01"), None), Decision::Scheduled("2099-01-01".into()));
        assert_eq!(p.decide(false, Some("2099-01-01"), Some("2098-01-01")), Decision::Skip);
        assert_eq!(p.decide(true, Some("2020-01-01"), None), Decision::Skip);
        assert_eq!(p.decide(false, Some("2020-01-01"), None), Decision::Publish);
    }
}
