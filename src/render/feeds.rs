//! Machine-readable outputs: Atom feeds, sitemap.xml, robots.txt, alias redirect pages.

use crate::diag::Result;
use crate::render::markdown::escape_attr as escape;
use crate::site::{Page, Site};
use crate::write::Output;
use std::fmt::Write;

pub fn write_extras(site: &Site, out: &Output) -> Result<()> {
    for s in site.sections.values().filter(|s| s.generate_feed) {
        let pages: Vec<&Page> = s.pages.iter().map(|i| &site.pages[*i]).collect();
        let title = if s.title.is_empty() { site.config.title.clone() } else { format!("{} – {}", s.title, site.config.title) };
        out.write(&format!("{}atom.xml", s.path.trim_start_matches('/')), atom(site, &title, &s.path, &pages).as_bytes())?;
    }
    for tax in &site.taxonomies {
        if !site.config.taxonomy(&tax.name).is_some_and(|t| t.feed) {
            continue;
        }
        for term in &tax.terms {
            let pages: Vec<&Page> = term.pages.iter().map(|i| &site.pages[*i]).collect();
            let title = format!("{} – {}", term.name, site.config.title);
            out.write(&format!("{}atom.xml", term.path.trim_start_matches('/')), atom(site, &title, &term.path, &pages).as_bytes())?;
        }
    }
    out.write("sitemap.xml", sitemap(site).as_bytes())?;
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}\n", site.config.permalink("/sitemap.xml"));
    out.write("robots.txt", robots.as_bytes())
}

/// Atom needs RFC 3339 times; front matter often has plain dates.
fn rfc3339(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00+07:00")
    } else if date.len() == 19 {
        format!("{date}+07:00")
    } else {
        date.to_string()
    }
}

fn atom(site: &Site, title: &str, path: &str, pages: &[&Page]) -> String {
    let self_url = site.config.permalink(&format!("{path}atom.xml"));
    let updated = pages.iter().filter_map(|p| p.updated.as_ref().or(p.date.as_ref())).max().map(|d| rfc3339(d)).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{title}</title>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{alt}\"/>\n<id>{self_url}</id>\n<updated>{updated}</updated>\n",
        lang = escape(&site.config.default_language),
        title = escape(title),
        self_url = escape(&self_url),
        alt = escape(&site.config.permalink(path)),
    );
    for p in pages {
        let url = site.config.permalink(&p.path);
        let date = p.updated.as_ref().or(p.date.as_ref()).map(|d| rfc3339(d)).unwrap_or_else(|| updated.clone());
        let _ = write!(x, "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n", escape(&p.title), escape(&url), escape(&url), date);
        if let Some(d) = &p.date {
            let _ = writeln!(x, "<published>{}</published>", rfc3339(d));
        }
        if let Some(d) = &p.description {
            let _ = writeln!(x, "<summary>{}</summary>", escape(d));
        }
        // Feed readers resolve links against xml:base; our HTML uses site paths.
        let html = p.rendered.summary.as_deref().unwrap_or(&p.rendered.html);
        let html = crate::write::urls::rewrite_root_paths(html, &site.config.base_url);
        let _ = write!(x, "<content type=\"html\">{}</content>\n</entry>\n", escape(&html));
    }
    x.push_str("</feed>\n");
    x
}

fn sitemap(site: &Site) -> String {
    let mut urls: Vec<(String, Option<&str>)> = Vec::new();
    for s in site.sections.values() {
        urls.push((s.path.clone(), None));
    }
    for p in &site.pages {
        urls.push((p.path.clone(), p.updated.as_deref().or(p.date.as_deref())));
    }
    for t in &site.taxonomies {
        urls.push((t.path.clone(), None));
        urls.extend(t.terms.iter().map(|term| (term.path.clone(), None)));
    }
    urls.sort();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in urls {
        let _ = write!(x, "<url><loc>{}</loc>", escape(&site.config.permalink(&path)));
        if let Some(d) = lastmod {
            let _ = write!(x, "<lastmod>{}</lastmod>", escape(d.get(..10).unwrap_or(d)));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// A page that sends browsers (and search engines, via canonical) to where the content moved.
pub fn redirect_page(permalink: &str, target_path: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Trang đã chuyển</title>\n<link rel=\"canonical\" href=\"{p}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>Trang này đã chuyển tới <a href=\"{t}\">{t}</a>.</p>\n</body>\n</html>\n",
        p = escape(permalink),
        t = escape(target_path)
    )
}
