//! `nhipcau check`: everything a build validates, plus what a careful editor would catch before
//! publishing (images without alt text, pages without a description, missing templates), reported
//! all at once as file:line findings.

pub mod external;

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::load::LoadOptions;
use crate::render::templates::Templates;
use crate::site::Site;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::PathBuf;
use std::sync::Arc;

/// What `nhipcau new` writes where the author has not written yet; `check` flags it.
pub const PLACEHOLDER_TITLE: &str = "Tiêu đề trang (cần sửa)";
pub const PLACEHOLDER_BODY: &str = "Nội dung trang (cần viết).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug)]
pub struct Finding {
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

/// Checks the site at `root` (and, with `external`, every http(s) link in it); the findings come
/// sorted by file and line.
pub fn check(root: PathBuf, external: bool) -> Vec<Finding> {
    let errors = |d: Diagnostics| d.0.into_iter().map(|diagnostic| Finding { severity: Severity::Error, diagnostic }).collect::<Vec<_>>();
    let mut site = match crate::load::load(&LoadOptions { root, base_url: None, drafts: true }) {
        Ok(site) => site,
        Err(d) => return errors(d),
    };
    let mut findings = Vec::new();
    if let Err(d) = crate::render::render_markdown(&mut site) {
        findings.extend(errors(d));
    }
    findings.extend(missing_templates(&site));
    findings.extend(editorial(&site));
    findings.extend(empty_fields(&site));
    if external {
        let links = external::external_links(&site);
        eprintln!("{}", crate::t!("check-external-start", links = links.len(), at_once = external::CONCURRENCY, timeout = external::TIMEOUT.as_secs()));
        let (checked, broken) = external::check_links(&links);
        let broken_links = broken.iter().map(|d| d.message.clone()).collect::<std::collections::HashSet<_>>().len();
        eprintln!("{}", crate::t!("check-external-done", checked = checked, broken = broken_links));
        findings.extend(broken.into_iter().map(|diagnostic| Finding { severity: Severity::Error, diagnostic }));
    }
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.diagnostic.file.clone(), f.diagnostic.line, f.diagnostic.message.clone());
        key(a).cmp(&key(b))
    });
    findings
}

fn missing_templates(site: &Site) -> Vec<Finding> {
    let (lookup, _) = crate::render::context::build_lookup(site);
    let templates = Templates::new(site, Arc::new(lookup));
    let mut out = Vec::new();
    let mut need = |name: String, file: &std::path::Path| match templates.env.get_template(&name) {
        Ok(_) => {}
        Err(e) if e.kind() == minijinja::ErrorKind::TemplateNotFound => out.push(Finding {
            severity: Severity::Error,
            diagnostic: Diagnostic::new(crate::t!("check-template-missing", name = name.as_str())).in_file(file).help(crate::t!("check-template-missing-help")),
        }),
        // It exists but does not compile (or may not be read): say that, where it is.
        Err(e) => out.push(Finding { severity: Severity::Error, diagnostic: templates.diagnostic(e, &name) }),
    };
    for page in &site.pages {
        need(crate::render::page_template(site, page), &page.file);
    }
    for s in site.sections.values() {
        need(crate::render::section_template(s), &s.file);
    }
    for name in crate::render::fixed_templates(site) {
        need(name.into(), &site.root.join("config.toml"));
    }
    out
}

/// Images need alt text (WCAG 1.1.1); pages need a description (search results, link previews).
fn editorial(site: &Site) -> Vec<Finding> {
    let mut out = Vec::new();
    let bodies = site.pages.iter().map(|p| (&p.file, &p.body, p.body_line, p.description.is_none() && !p.body.is_empty(), &p.title));
    let sections = site.sections.values().map(|s| (&s.file, &s.body, s.body_line, false, &s.title));
    for (file, body, body_line, lacks_description, title) in bodies.chain(sections) {
        let placeholder = |message: String, line: usize| Finding {
            severity: Severity::Warning,
            diagnostic: Diagnostic::new(message).in_file(file).at_line(line).help(crate::t!("check-placeholder-help")),
        };
        if title.contains(PLACEHOLDER_TITLE) {
            out.push(placeholder(crate::t!("check-placeholder-title"), 1));
        }
        if let Some(i) = body.lines().position(|l| l.contains(PLACEHOLDER_BODY)) {
            out.push(placeholder(crate::t!("check-placeholder-text"), i + body_line));
        }
        for (line, what) in images_without_alt(body) {
            out.push(Finding {
                severity: Severity::Error,
                diagnostic: Diagnostic::new(what).in_file(file).at_line(line + body_line - 1).help(crate::t!("check-no-alt-help")),
            });
        }
        for (line, what) in script_in_content(body) {
            out.push(Finding {
                severity: Severity::Warning,
                diagnostic: Diagnostic::new(crate::t!("check-script", what = what))
                    .in_file(file)
                    .at_line(line + body_line - 1)
                    .help(crate::t!("check-script-help")),
            });
        }
        if lacks_description {
            out.push(Finding {
                severity: Severity::Warning,
                diagnostic: Diagnostic::new(crate::t!("check-no-description")).in_file(file).at_line(1).help(crate::t!("check-no-description-help")),
            });
        }
    }
    out
}

/// Fields written but left empty (`description = ""`, `province = ""`, `source = ""`): what
/// `nhipcau new` leaves for the author to fill in, and a page would show as a blank.
fn empty_fields(site: &Site) -> Vec<Finding> {
    const FIELDS: [&str; 3] = ["description", "province", "source"];
    let mut texts: std::collections::HashMap<&std::path::Path, String> = std::collections::HashMap::new();
    let mut out = Vec::new();
    let pages = site.pages.iter().map(|p| (&p.file, p.description.as_deref(), &p.extra, p.extra.get("slug").and_then(|s| s.as_str())));
    let sections = site.sections.values().map(|s| (&s.file, s.description.as_deref(), &s.extra, None));
    for (file, description, extra, row_slug) in pages.chain(sections) {
        for field in FIELDS {
            let value = if field == "description" { description } else { extra.get(field).and_then(|v| v.as_str()) };
            if value.is_none_or(|v| !v.trim().is_empty()) {
                continue;
            }
            // The file was read at load through the sandbox; read again the same way, for lines.
            let text = texts.entry(file.as_path()).or_insert_with(|| {
                let rel = file.strip_prefix(&site.root).unwrap_or(file).to_string_lossy().replace('\\', "/");
                crate::sandbox::read_inside(&site.root, &rel).ok().and_then(|f| std::fs::read_to_string(f).ok()).unwrap_or_default()
            });
            let help = match field {
                "description" => crate::t!("check-empty-description-help"),
                "province" => crate::t!("check-empty-province-help"),
                _ => crate::t!("check-empty-source-help"),
            };
            out.push(Finding {
                severity: Severity::Warning,
                diagnostic: Diagnostic::new(crate::t!("check-empty-field", field = field)).in_file(file).at_line(empty_field_line(text, field, row_slug)).help(help),
            });
        }
    }
    out
}

/// The line of `field = ""` in a file; for a row of a data file, the first after its `slug`.
fn empty_field_line(text: &str, field: &str, row_slug: Option<&str>) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let key_is = |line: &str, key: &str| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
    let start = row_slug
        .and_then(|slug| lines.iter().position(|l| key_is(l, "slug") && l.contains(&format!("\"{slug}\""))))
        .unwrap_or(0);
    lines.iter().skip(start).position(|l| key_is(l, field)).map_or(1, |i| start + i + 1)
}

/// Raw HTML that carries script: `<script>`, inline event handlers (`onclick=`) and
/// `javascript:` URLs, in HTML or in Markdown links.
fn script_in_content(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new(body).into_offset_iter() {
        let line = || line_col(body, range.start).0;
        match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if is_javascript_url(dest_url) => out.push((line(), crate::t!("check-script-link"))),
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_lowercase();
                if lower.contains("<script") {
                    out.push((line(), crate::t!("check-script-element")));
                }
                let handler = lower.match_indices(" on").any(|(i, _)| {
                    let name: String = lower[i + 3..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                    !name.is_empty() && lower[i + 3 + name.len()..].trim_start().starts_with('=')
                });
                if handler {
                    out.push((line(), crate::t!("check-script-handler")));
                }
                if lower.split(['"', '\'', '=']).any(|v| is_javascript_url(v.trim())) {
                    out.push((line(), crate::t!("check-script-url")));
                }
            }
            _ => {}
        }
    }
    out
}

fn is_javascript_url(url: &str) -> bool {
    let compact: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    compact.to_ascii_lowercase().starts_with("javascript:")
}

fn images_without_alt(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_image: Option<(usize, String, String)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => in_image = Some((range.start, dest_url.to_string(), String::new())),
            Event::Text(t) | Event::Code(t) if in_image.is_some() => in_image.as_mut().unwrap().2.push_str(&t),
            Event::End(TagEnd::Image) => {
                if let Some((start, url, alt)) = in_image.take() {
                    if alt.trim().is_empty() {
                        out.push((line_col(body, start).0, crate::t!("check-image-no-alt", url = url)));
                    }
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_lowercase();
                let mut rest = lower.as_str();
                while let Some(i) = rest.find("<img") {
                    let tag = &rest[i..rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len())];
                    if !tag.contains(" alt=") {
                        out.push((line_col(body, range.start).0, crate::t!("check-img-tag-no-alt")));
                    }
                    rest = &rest[i + 4..];
                }
            }
            _ => {}
        }
    }
    out
}
