//! Stage 3, index: every page split at its h2/h3 headings into search documents, indexed with
//! tantivy (nhipcau-search), written under search/ with the browser engine beside it.

pub mod assets;
pub mod vocab;

use rayon::prelude::*;
use crate::diag::{Diagnostic, Result};
use crate::config::SearchConfig;
use crate::site::{Page, Site};
use crate::write::Output;
use nhipcau_search::SearchDoc;

pub struct Stats {
    pub documents: usize,
    pub files: usize,
    pub bytes: usize,
}

pub use crate::site::SEARCH_DIR;

pub fn documents(site: &Site) -> Result<Vec<SearchDoc>> {
    let mut docs = Vec::new();
    let search = &site.config.search;
    for page in site.pages.iter().filter(|p| p.in_search_index) {
        let section_listed = site.sections.get(&page.section).is_none_or(|s| s.in_search_index);
        if section_listed {
            push_page_docs(page, search, &mut docs)?;
        }
    }
    for s in site.sections.values().filter(|s| s.in_search_index && !s.body.trim().is_empty()) {
        let kind = kind_of(&s.extra);
        let weight = vocab::weight(&s.extra, &kind, search, &s.file)?;
        let mut keywords = vocab::keywords(&s.extra, &s.file)?;
        for part in &s.rendered.text_sections {
            docs.push(SearchDoc {
                url: match &part.heading {
                    Some((id, _)) => format!("{}#{id}", s.path),
                    None => s.path.clone(),
                },
                page_title: s.title.clone(),
                heading: part.heading.as_ref().map(|(_, t)| t.clone()),
                body: part.text.trim().to_string(),
                kind: kind.clone(),
                provinces: provinces(&s.extra, &search.former_name_fields),
                target_groups: Vec::new(),
                date: None,
                // On the first section only: a page's keywords find the page once.
                keywords: std::mem::take(&mut keywords),
                weight,
            });
        }
    }
    Ok(docs)
}

fn push_page_docs(page: &Page, search: &SearchConfig, docs: &mut Vec<SearchDoc>) -> Result<()> {
    let kind = kind_of(&page.extra);
    let weight = vocab::weight(&page.extra, &kind, search, &page.file)?;
    let keywords = vocab::keywords(&page.extra, &page.file)?;
    let first = docs.len();
    let provinces = provinces(&page.extra, &search.former_name_fields);
    let mut target_groups: Vec<String> = page.taxonomies.get(&search.target_taxonomy).cloned().unwrap_or_default();
    if let Some(serde_json::Value::Array(groups)) = page.extra.get("target_groups") {
        target_groups.extend(groups.iter().filter_map(|g| g.as_str().map(str::to_string)));
    }
    let date = page.date.as_ref().map(|d| d.get(..10).unwrap_or(d).to_string());
    let doc = |url: String, heading: Option<String>, body: String| SearchDoc {
        url,
        page_title: page.title.clone(),
        heading,
        body,
        kind: kind.clone(),
        provinces: provinces.clone(),
        target_groups: target_groups.clone(),
        date: date.clone(),
        keywords: Vec::new(),
        weight,
    };
    if page.rendered.text_sections.is_empty() {
        // Data pages (a centre) have no body: their fields are what people search for.
        let mut body = page.description.clone().unwrap_or_default();
        flatten_strings(&page.extra, &mut body);
        docs.push(doc(page.path.clone(), None, body.trim().to_string()));
    }
    for part in &page.rendered.text_sections {
        let (url, heading) = match &part.heading {
            Some((id, title)) => (format!("{}#{id}", page.path), Some(title.clone())),
            None => (page.path.clone(), None),
        };
        let body = match (&part.heading, &page.description) {
            (None, Some(d)) if part.text.trim().is_empty() => d.clone(),
            _ => part.text.trim().to_string(),
        };
        docs.push(doc(url, heading, body));
    }
    // On the first section only: a page's keywords find the page once.
    if let Some(d) = docs.get_mut(first) {
        d.keywords = keywords;
    }
    Ok(())
}

/// A page's or section's kind (`[extra] kind`), "other" when it sets none.
fn kind_of(extra: &serde_json::Value) -> String {
    str_field(extra, "kind").unwrap_or_else(|| "other".into())
}

/// The help pages: kept offline ahead of any visit, and offered when a search finds nothing.
fn is_help(extra: &serde_json::Value) -> bool {
    kind_of(extra) == "help"
}

fn str_field(extra: &serde_json::Value, key: &str) -> Option<String> {
    extra.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

/// The current province first, then its names before the 1/7/2025 merger (`[search]
/// former_name_fields`).
fn provinces(extra: &serde_json::Value, former_name_fields: &[String]) -> Vec<String> {
    let mut out: Vec<String> = str_field(extra, "province").into_iter().collect();
    for key in former_name_fields {
        match extra.get(key) {
            Some(serde_json::Value::Array(names)) => out.extend(names.iter().filter_map(|n| n.as_str().map(str::to_string))),
            Some(serde_json::Value::String(name)) => out.push(name.clone()),
            _ => {}
        }
    }
    out.dedup();
    out
}

fn flatten_strings(value: &serde_json::Value, out: &mut String) {
    match value {
        // File paths and internal links (a centre's `source_page = "@/ke-hoach/…"`) are not words
        // a citizen searches: indexed, they put every centre above the plan they link to.
        serde_json::Value::String(s) if !s.starts_with("sources/") && !s.starts_with("@/") => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| flatten_strings(v, out)),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "slug" | "source" | "last_checked" | "kind" | "latitude" | "longitude" | "keywords" | "search_weight"))
            .for_each(|(_, v)| flatten_strings(v, out)),
        _ => {}
    }
}

pub fn build(site: &Site, output: &Output) -> Result<Stats> {
    let docs = documents(site)?;
    let count = docs.len();
    let synonyms = vocab::synonyms(&site.root, &site.config.search)?;
    let settings = nhipcau_search::SiteSearch { synonyms, guidance: vocab::guidance(site) };
    let bundle = nhipcau_search::build_index_with(docs, &settings).map_err(|e| Diagnostic::new(crate::t!("search-index-failed", error = e.to_string())))?;
    let bytes = bundle.files.iter().map(|f| f.bytes.len()).sum();
    // Thousands of small files on a big site: created on every core, as the pages are.
    bundle.files.par_iter().try_for_each(|file| output.write(&format!("{SEARCH_DIR}/{}", file.name), &file.bytes))?;
    let engine = assets::write(output, &bundle.manifest_name, site)?;
    Ok(Stats { documents: count, files: bundle.files.len() + engine, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn former_province_names_come_from_the_configured_fields() {
        let extra = serde_json::json!({ "province": "Đồng Tháp", "province_former": ["Tiền Giang"], "ten_cu": "Sa Đéc" });
        let defaults = SearchConfig::default().former_name_fields;
        assert_eq!(provinces(&extra, &defaults), ["Đồng Tháp", "Tiền Giang"]);
        assert_eq!(provinces(&extra, &["ten_cu".to_string()]), ["Đồng Tháp", "Sa Đéc"]);
    }
}
