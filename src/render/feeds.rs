//! Machine-readable outputs: Atom feeds, sitemap.xml, robots.txt, alias redirect pages. Each is
//! a template (atom.xml, sitemap.xml, robots.txt, alias.html) that a site's or theme's
//! templates/ may replace, as in Zola; the built-in ones are in src/render/builtin/.

use super::context as values;
use crate::diag::Result;
use crate::render::templates::Templates;
use crate::site::Site;
use crate::write::Output;
use minijinja::context;
use minijinja::value::Value;

/// The output formats that are templates, for `render_selected`'s choice of what to redo.
pub const FEED_TEMPLATES: [&str; 3] = ["atom.xml", "sitemap.xml", "robots.txt"];

pub fn write_extras(site: &Site, t: &Templates, page_values: &[Value], out: &Output) -> Result<()> {
    for s in site.sections.values().filter(|s| s.generate_feed) {
        let title = if s.title.is_empty() { site.config.title.clone() } else { format!("{} – {}", s.title, site.config.title) };
        let section = values::section_value(site, s, page_values);
        let xml = atom(site, t, &title, &s.path, &s.pages, page_values, context! { section })?;
        out.write(&format!("{}atom.xml", s.path.trim_start_matches('/')), xml.as_bytes())?;
    }
    for tax in &site.taxonomies {
        if !site.config.taxonomy(&tax.name).is_some_and(|t| t.feed) {
            continue;
        }
        let taxonomy = values::taxonomy_value(site, tax, page_values);
        for term in &tax.terms {
            let title = format!("{} – {}", term.name, site.config.title);
            let extra = context! { taxonomy => taxonomy.clone(), term => values::term_value(site, term, page_values) };
            let xml = atom(site, t, &title, &term.path, &term.pages, page_values, extra)?;
            out.write(&format!("{}atom.xml", term.path.trim_start_matches('/')), xml.as_bytes())?;
        }
    }
    let entries = Value::from(minijinja::value::Serde(sitemap_entries(site)));
    let sitemap = t.render("sitemap.xml", context! { entries, current_path => "/sitemap.xml", current_url => site.config.permalink("/sitemap.xml") })?;
    out.write("sitemap.xml", sitemap.as_bytes())?;
    let robots = t.render("robots.txt", context! { sitemap_url => site.config.permalink("/sitemap.xml"), current_path => "/robots.txt" })?;
    out.write("robots.txt", robots.as_bytes())
}

/// One feed through atom.xml. `last_updated` is the newest `updated` or `date` of its pages, as
/// RFC 3339; a feed with no dated page says 1970, which readers take as "never".
fn atom(site: &Site, t: &Templates, title: &str, path: &str, pages: &[usize], page_values: &[Value], extra: Value) -> Result<String> {
    let newest = pages.iter().filter_map(|i| site.pages[*i].updated.as_deref().or(site.pages[*i].date.as_deref())).max();
    let last_updated = match newest {
        Some(d) => super::templates::rfc3339_text(d).map_err(|e| t.diagnostic(e, "atom.xml"))?,
        None => "1970-01-01T00:00:00Z".to_string(),
    };
    let feed_url = site.config.permalink(&format!("{path}atom.xml"));
    let ctx = context! {
        feed_title => title,
        feed_url => feed_url.clone(),
        alternate_url => site.config.permalink(path),
        last_updated,
        pages => pages.iter().map(|i| page_values[*i].clone()).collect::<Vec<_>>(),
        current_path => format!("{path}atom.xml"),
        current_url => feed_url,
        ..extra
    };
    Ok(t.render("atom.xml", ctx)?)
}

#[derive(serde::Serialize)]
struct SitemapEntry {
    /// Percent-encoded: the sitemap protocol takes URLs, not IRIs, so a `path = "/Đối tượng/"`
    /// must reach it as `/%C4%90%E1%BB%91i%20t%C6%B0%E1%BB%A3ng/`.
    permalink: String,
    /// YYYY-MM-DD, the page's `updated` or else its `date`.
    updated: Option<String>,
}

/// Every section, page, taxonomy and term, in path order.
fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let mut urls: Vec<(&str, Option<&str>)> = Vec::new();
    urls.extend(site.sections.values().map(|s| (s.path.as_str(), None)));
    urls.extend(site.pages.iter().map(|p| (p.path.as_str(), p.updated.as_deref().or(p.date.as_deref()))));
    for t in &site.taxonomies {
        urls.push((&t.path, None));
        urls.extend(t.terms.iter().map(|term| (term.path.as_str(), None)));
    }
    urls.sort();
    urls.into_iter()
        .map(|(path, day)| SitemapEntry {
            permalink: crate::write::urls::encode_url(&site.config.permalink(path)),
            updated: day.map(|d| d.get(..10).unwrap_or(d).to_string()),
        })
        .collect()
}

/// A page that sends browsers (and search engines, via canonical) to where the content moved:
/// alias.html with `permalink` (the target's full URL) and `url` (the target relative to the
/// alias, so it works from any folder).
pub fn redirect_page(t: &Templates, permalink: &str, target_path: &str, alias_path: &str) -> std::result::Result<String, crate::diag::Diagnostic> {
    t.render("alias.html", context! { permalink, url => target_path, current_path => alias_path })
}
