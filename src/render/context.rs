//! The site model as template values (Zola's names), built once and shared by every render.

use super::templates::Lookup;
use crate::site::{Section, Site, TocEntry};
use minijinja::value::{Serde, Value};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    expires: Option<&'a str>,
    path: &'a str,
    permalink: String,
    slug: &'a str,
    content: Value,
    summary: Option<Value>,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_time: usize,
    taxonomies: &'a BTreeMap<String, Vec<String>>,
    extra: &'a serde_json::Value,
    relative_path: &'a str,
    section_path: &'a str,
    ancestors: Vec<String>,
    lower: Option<Neighbour<'a>>,
    higher: Option<Neighbour<'a>>,
    assets: Vec<String>,
}

#[derive(Serialize)]
struct SectionContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    permalink: String,
    content: Value,
    toc: &'a [TocEntry],
    pages: Vec<Value>,
    subsections: &'a [String],
    extra: &'a serde_json::Value,
    relative_path: &'a str,
    ancestors: Vec<String>,
    generate_feed: bool,
    word_count: usize,
}

/// Reading speed used for `reading_time` (minutes): ~200 words a minute.
const WORDS_PER_MINUTE: usize = 200;

pub fn ancestors<'a>(site: &'a Site, mut section: Option<&'a str>) -> Vec<String> {
    let mut chain = Vec::new();
    while let Some(key) = section {
        chain.push(key.to_string());
        section = site.sections.get(key).and_then(|s| s.parent.as_deref());
    }
    chain.reverse();
    chain
}

pub fn page_value(site: &Site, index: usize) -> Value {
    let page = &site.pages[index];
    let section = site.sections.get(&page.section);
    let (lower, higher) = neighbours(site, section, index);
    let bundle_dir = page.path.clone();
    let ctx = PageContext {
        title: &page.title,
        description: page.description.as_deref(),
        date: page.date.as_deref(),
        updated: page.updated.as_deref(),
        expires: page.expires.as_deref(),
        path: &page.path,
        permalink: site.config.permalink(&page.path),
        slug: &page.slug,
        content: Value::from_safe_string(page.rendered.html.clone()),
        summary: page.rendered.summary.clone().map(Value::from_safe_string),
        toc: &page.rendered.toc,
        word_count: page.rendered.word_count,
        reading_time: page.rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
        taxonomies: &page.taxonomies,
        extra: &page.extra,
        relative_path: &page.relative_path,
        section_path: &page.section,
        ancestors: ancestors(site, Some(&page.section)),
        lower,
        higher,
        assets: page
            .assets
            .iter()
            .filter_map(|a| a.file_name())
            .map(|n| format!("{bundle_dir}{}", n.to_string_lossy()))
            .collect(),
    };
    Value::from(Serde(ctx))
}

fn neighbours<'a>(site: &'a Site, section: Option<&Section>, index: usize) -> (Option<Neighbour<'a>>, Option<Neighbour<'a>>) {
    let Some(section) = section else { return (None, None) };
    let Some(pos) = section.pages.iter().position(|i| *i == index) else { return (None, None) };
    let at = |p: Option<&usize>| p.map(|i| Neighbour { title: &site.pages[*i].title, path: &site.pages[*i].path });
    (at(section.pages.get(pos + 1)), pos.checked_sub(1).and_then(|p| at(section.pages.get(p))))
}

pub fn section_value(site: &Site, section: &Section, page_values: &[Value]) -> Value {
    let ctx = SectionContext {
        title: &section.title,
        description: section.description.as_deref(),
        path: &section.path,
        permalink: site.config.permalink(&section.path),
        content: Value::from_safe_string(section.rendered.html.clone()),
        toc: &section.rendered.toc,
        pages: section.pages.iter().map(|i| page_values[*i].clone()).collect(),
        subsections: &section.subsections,
        extra: &section.extra,
        relative_path: &section.relative_path,
        ancestors: ancestors(site, section.parent.as_deref()),
        generate_feed: section.generate_feed,
        word_count: section.rendered.word_count,
    };
    Value::from(Serde(ctx))
}

#[derive(Serialize)]
struct TermContext {
    name: String,
    slug: String,
    path: String,
    permalink: String,
    pages: Vec<Value>,
    page_count: usize,
}

pub fn build_lookup(site: &Site) -> (Lookup, Vec<Value>) {
    let page_values: Vec<Value> = {
        use rayon::prelude::*;
        (0..site.pages.len()).into_par_iter().map(|i| page_value(site, i)).collect()
    };
    let mut lookup = Lookup::default();
    for (i, p) in site.pages.iter().enumerate() {
        lookup.pages.insert(p.relative_path.clone(), page_values[i].clone());
        lookup.site_paths.insert(p.relative_path.clone(), p.path.clone());
    }
    for (key, s) in &site.sections {
        lookup.sections.insert(key.clone(), section_value(site, s, &page_values));
        lookup.site_paths.insert(key.clone(), s.path.clone());
    }
    for tax in &site.taxonomies {
        lookup.taxonomies.insert(tax.name.clone(), taxonomy_value(site, tax, &page_values));
        lookup.term_paths.insert(tax.name.clone(), tax.terms.iter().map(|t| (t.slug.clone(), t.path.clone())).collect());
    }
    (lookup, page_values)
}

pub fn term_value(site: &Site, term: &crate::site::Term, page_values: &[Value]) -> Value {
    Value::from(Serde(TermContext {
        name: term.name.clone(),
        slug: term.slug.clone(),
        path: term.path.clone(),
        permalink: site.config.permalink(&term.path),
        pages: term.pages.iter().map(|i| page_values[*i].clone()).collect(),
        page_count: term.pages.len(),
    }))
}

/// What a taxonomy is called on its pages: `[extra] taxonomy_titles` ("doi-tuong" = "Đối tượng"),
/// else its name.
pub fn taxonomy_title<'a>(site: &'a Site, tax: &'a crate::site::Taxonomy) -> &'a str {
    site.config.extra.get("taxonomy_titles").and_then(|m| m.get(&tax.name)).and_then(|v| v.as_str()).unwrap_or(&tax.name)
}

pub fn taxonomy_value(site: &Site, tax: &crate::site::Taxonomy, page_values: &[Value]) -> Value {
    let terms: Vec<Value> = tax.terms.iter().map(|t| term_value(site, t, page_values)).collect();
    minijinja::context! {
        name => tax.name.clone(),
        title => taxonomy_title(site, tax),
        slug => tax.slug.clone(),
        path => tax.path.clone(),
        permalink => site.config.permalink(&tax.path),
        terms => terms,
    }
}

