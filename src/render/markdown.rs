//! Markdown → HTML with pulldown-cmark: heading ids folded to ASCII, a nested TOC, `@/` internal
//! links, `<!-- more -->` summaries, and the plain text of each h2/h3 part for the search index.

use crate::diag::Diagnostic;
use crate::site::{Rendered, TextSection, TocEntry};
use crate::slug::{slugify, UniqueIds};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::Path;


/// Where the summary ends: `<!-- more -->` (Zola) or `<!--more-->` (Hugo), alone on its line.
fn summary_end(body: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if is_summary_marker(line) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn is_summary_marker(text: &str) -> bool {
    text.trim().strip_prefix("<!--").and_then(|t| t.strip_suffix("-->")).is_some_and(|t| t.trim() == "more")
}

/// What a link in content may lead to: site paths of every page and section by their path below
/// content/ ("a/b.md" → "/a/b/"), for `@/` links, and every file the build writes, for links
/// written as addresses (`/ho-tro/`, `../anh.png`).
pub struct LinkTargets {
    pub paths: HashMap<String, String>,
    pub files: HashSet<String>,
    /// Folders whose files the build makes later (the search index): any name below is taken.
    pub generated_dirs: Vec<String>,
}

impl LinkTargets {
    pub fn of(site: &crate::site::Site) -> LinkTargets {
        let pages = site.pages.iter().map(|p| (p.relative_path.clone(), p.path.clone()));
        let mut files: HashSet<String> = site.files.iter().cloned().collect();
        if crate::theme::is_builtin(site) {
            files.extend(crate::theme::builtin_static_files().into_iter().map(|(rel, _)| rel));
        }
        let generated_dirs = if site.config.build_search_index { vec![format!("{}/", crate::site::SEARCH_DIR)] } else { Vec::new() };
        LinkTargets { paths: pages.chain(site.sections.iter().map(|(k, s)| (k.clone(), s.path.clone()))).collect(), files, generated_dirs }
    }

    /// Whether a link written as an address in the page at `page_path` leads to a file of the
    /// site. Links with a scheme (https:, mailto:, tel:) or to the page itself (#muc) are not the
    /// site's to check.
    fn reaches(&self, page_path: &str, dest: &str) -> bool {
        let Some(file) = linked_file(page_path, dest) else { return true };
        let Some(file) = file else { return false };
        self.files.contains(&file)
            || (!file.ends_with("index.html") && self.files.contains(&format!("{file}/index.html")))
            || self.generated_dirs.iter().any(|d| file.starts_with(d.as_str()))
    }
}

/// The output file (`a/b/index.html`) a link written in the page at `page_path` leads to:
/// `None` when the link is not the site's (a scheme, `//host`, `#anchor` alone), `Some(None)`
/// when it climbs above the site's root.
fn linked_file(page_path: &str, dest: &str) -> Option<Option<String>> {
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    let scheme = dest.split(['/', '?', '#']).next().is_some_and(|first| first.contains(':'));
    if dest.is_empty() || scheme || dest.starts_with("//") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
    let mut segments: Vec<&str> = Vec::new();
    if !decoded.starts_with('/') {
        // Relative to the page's folder: "/a/b/" for a page, "/cu/" for "/cu/trang.html".
        let folder = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        segments.extend(folder.split('/').filter(|s| !s.is_empty()));
    }
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Some(None);
                }
            }
            s => segments.push(s),
        }
    }
    let folder = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..") || segments.is_empty();
    let joined = segments.join("/");
    Some(Some(if folder && joined.is_empty() { "index.html".into() } else if folder { format!("{joined}/index.html") } else { joined }))
}

/// An `@/file.md#anchor` link whose anchor can only be checked once the target is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target: String,
    pub anchor: String,
    pub line: usize,
}

pub struct Source<'a> {
    pub file: &'a Path,
    /// The page's or section's site path (`/ho-tro/`): relative links start there.
    pub site_path: &'a str,
    pub body: &'a str,
    pub body_line: usize,
}

pub struct Output {
    pub rendered: Rendered,
    pub anchors: Vec<String>,
    pub anchor_links: Vec<AnchorLink>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(src: &Source<'_>, targets: &LinkTargets) -> Result<Output, Vec<Diagnostic>> {
    let mut state = State::new(src, targets);
    let body = src.body;
    let html = state.render_events(body);
    let summary = summary_end(body).map(|end| {
        // The summary is rendered on its own so unclosed blocks before the marker close properly.
        let mut summary_state = State::new(src, targets);
        summary_state.render_events(&body[..end])
    });
    if !state.errors.is_empty() {
        return Err(state.errors);
    }
    state.finish_text_section();
    let word_count = state.text_sections.iter().map(|s| s.text.split_whitespace().count()).sum();
    Ok(Output {
        rendered: Rendered {
            html,
            summary,
            toc: nest_toc(state.headings),
            word_count,
            text_sections: state.text_sections.into_iter().filter(|s| !s.text.trim().is_empty() || s.heading.is_some()).collect(),
        },
        anchors: state.ids_claimed,
        anchor_links: state.anchor_links,
    })
}

/// Markdown for template filters (`markdown`): no internal links, no TOC.
pub fn render_plain(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

struct State<'a> {
    src: &'a Source<'a>,
    targets: &'a LinkTargets,
    ids: UniqueIds,
    ids_claimed: Vec<String>,
    headings: Vec<(u8, String, String)>,
    text_sections: Vec<TextSection>,
    current_text: TextSection,
    anchor_links: Vec<AnchorLink>,
    errors: Vec<Diagnostic>,
    line_starts: std::cell::OnceCell<Vec<usize>>,
    /// Footnote labels in the order first met (their numbers), the ones cited so far (a
    /// definition links back to its first citation), and the definition being written.
    footnotes: Vec<String>,
    cited: HashSet<String>,
    open_footnote: Option<String>,
}

impl<'a> State<'a> {
    fn new(src: &'a Source<'a>, targets: &'a LinkTargets) -> Self {
        State {
            src,
            targets,
            ids: UniqueIds::default(),
            ids_claimed: Vec::new(),
            headings: Vec::new(),
            text_sections: Vec::new(),
            current_text: TextSection::default(),
            anchor_links: Vec::new(),
            errors: Vec::new(),
            line_starts: std::cell::OnceCell::new(),
            footnotes: Vec::new(),
            cited: HashSet::new(),
            open_footnote: None,
        }
    }

    /// The file's line of a byte of the body. Every `@/page.md#anchor` link records its line, so
    /// this is a binary search over the body's line starts, found once: counting newlines from
    /// the top for each link made 100,000 such links take 206 s.
    fn line_of(&self, byte: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| std::iter::once(0).chain(self.src.body.match_indices('\n').map(|(i, _)| i + 1)).collect());
        starts.partition_point(|&start| start <= byte) + self.src.body_line - 1
    }

    fn finish_text_section(&mut self) {
        let done = std::mem::take(&mut self.current_text);
        if done.heading.is_some() || !done.text.trim().is_empty() {
            self.text_sections.push(done);
        }
    }

    fn push_text(&mut self, text: &str) {
        self.current_text.text.push_str(text);
    }

    fn render_events(&mut self, markdown: &str) -> String {
        let parser = Parser::new_ext(markdown, options()).into_offset_iter();
        let mut events: Vec<Event<'_>> = Vec::new();
        // Heading being collected: (level, explicit id, classes, inner events, plain text)
        let mut heading: Option<(HeadingLevel, Option<String>, Vec<String>, Vec<Event<'_>>, String)> = None;
        for (event, range) in parser {
            if let Some((_, _, _, inner, text)) = heading.as_mut() {
                match event {
                    Event::End(TagEnd::Heading(_)) => {
                        let (level, explicit_id, classes, inner, text) = heading.take().unwrap();
                        let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        let id = self.ids.claim(&explicit_id.unwrap_or_else(|| slugify(&title)));
                        self.ids_claimed.push(id.clone());
                        let n = level as u8;
                        if n == 2 || n == 3 {
                            self.finish_text_section();
                            self.current_text.heading = Some((id.clone(), title.clone()));
                        } else {
                            self.push_text(&title);
                            self.push_text("\n");
                        }
                        self.headings.push((n, id.clone(), title));
                        let class_attr = if classes.is_empty() {
                            String::new()
                        } else {
                            format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                        };
                        events.push(Event::Html(format!("<h{n} id=\"{}\"{class_attr}>", escape_attr(&id)).into()));
                        events.extend(inner);
                        events.push(Event::Html(format!("</h{n}>\n").into()));
                    }
                    Event::Text(ref t) | Event::Code(ref t) => {
                        text.push_str(t);
                        inner.push(event);
                    }
                    other => {
                        let other = self.map_event(other, range.start);
                        inner.push(other);
                    }
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, id, classes, .. }) => {
                    heading = Some((level, id.map(|i| i.to_string()), classes.iter().map(|c| c.to_string()).collect(), Vec::new(), String::new()));
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    let t = t.to_string();
                    self.push_text(&t);
                    events.push(event);
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.push_text(" ");
                    events.push(event);
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    self.push_text("\n");
                    let label = self.open_footnote.take().unwrap_or_default();
                    let back = if self.cited.contains(&label) {
                        let n = self.footnote_number(&label);
                        format!(" <a class=\"footnote-back\" href=\"#fnref-{}\" aria-label=\"Quay lại chỗ dẫn chú thích {n}\">↩</a>", escape_attr(&label))
                    } else {
                        String::new()
                    };
                    events.push(Event::Html(format!("{back}</div>\n").into()));
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::TableRow | TagEnd::CodeBlock) => {
                    self.push_text("\n");
                    events.push(event);
                }
                Event::Html(ref h) | Event::InlineHtml(ref h) if is_summary_marker(h) => {
                    events.push(Event::Html("<span id=\"tiep\"></span>".into()));
                }
                other => {
                    let mapped = self.map_event(other, range.start);
                    events.push(mapped);
                }
            }
        }
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, events.into_iter());
        out
    }

    /// Links become explicit HTML so internal links resolve and external ones get rel="noopener".
    fn map_event<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, .. }) => {
                self.check_address(&dest_url, offset, false);
                let href = self.resolve_link(link_type, &dest_url, offset);
                let external = href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//");
                let mut tag = format!("<a href=\"{}\"", escape_attr(&href));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                }
                if external {
                    tag.push_str(" rel=\"noopener\"");
                }
                tag.push('>');
                Event::InlineHtml(CowStr::from(tag))
            }
            Event::End(TagEnd::Link) => Event::InlineHtml("</a>".into()),
            // Footnotes link both ways: the citation to its note, the note back to the citation.
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                let label = escape_attr(&label);
                let id = if self.cited.insert(label.clone()) { format!(" id=\"fnref-{label}\"") } else { String::new() };
                Event::InlineHtml(format!("<sup class=\"footnote-reference\"{id}><a href=\"#fn-{label}\">{n}</a></sup>").into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = self.footnote_number(&label);
                let escaped = escape_attr(&label);
                self.open_footnote = Some(escaped.clone());
                Event::Html(format!("\n<div class=\"footnote-definition\" id=\"fn-{escaped}\"><sup class=\"footnote-definition-label\">{n}</sup>").into())
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let resolved = self.resolve_link(link_type, &dest_url, offset);
                self.check_address(&dest_url, offset, true);
                Event::Start(Tag::Image { link_type, dest_url: resolved.into(), title, id })
            }
            other => other,
        }
    }

    /// A link or image written as an address (not `@/`) must lead to a file of the site, as an
    /// `@/` link must lead to a page: a typo is an error at its line, not a 404 for citizens.
    fn check_address(&mut self, dest: &str, offset: usize, image: bool) {
        if dest.starts_with("@/") || self.targets.reaches(self.src.site_path, dest) {
            return;
        }
        let d = if image {
            Diagnostic::new(crate::t!("check-missing-image", target = dest)).help(crate::t!("check-missing-image-help"))
        } else {
            Diagnostic::new(crate::t!("check-broken-link", target = dest)).help(crate::t!("check-broken-link-help"))
        };
        let line = self.line_of(offset);
        self.errors.push(d.in_file(self.src.file).at_line(line));
    }

    /// Footnotes are numbered in the order their labels first appear, as pulldown-cmark does.
    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(label.to_string());
                self.footnotes.len()
            }
        }
    }

    fn resolve_link(&mut self, link_type: LinkType, dest: &str, offset: usize) -> String {
        let Some(internal) = dest.strip_prefix("@/") else {
            let _ = link_type;
            return dest.to_string();
        };
        let (file, anchor) = match internal.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (internal, None),
        };
        let file = file.trim_start_matches('/');
        match self.targets.paths.get(file) {
            Some(path) => {
                if let Some(anchor) = anchor {
                    self.anchor_links.push(AnchorLink { target: file.to_string(), anchor: anchor.to_string(), line: self.line_of(offset) });
                    format!("{path}#{anchor}")
                } else {
                    path.clone()
                }
            }
            None => {
                let line = self.line_of(offset);
                let known: Vec<&str> = self.targets.paths.keys().map(String::as_str).collect();
                let near = crate::diag::closest(file, &known);
                self.errors.push(
                    Diagnostic::new(crate::t!("broken-internal-link", file = file))
                        .in_file(self.src.file)
                        .at_line(line)
                        .help(match near {
                            Some(n) => crate::t!("did-you-mean-key", key = format!("@/{n}")),
                            None => crate::t!("broken-internal-link-help"),
                        }),
                );
                dest.to_string()
            }
        }
    }
}

fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut root = Vec::new();
    for (level, id, title) in flat {
        insert(&mut root, TocEntry { level, id, title, children: Vec::new() });
    }
    root
}

/// HTML-escaped text for an attribute or an element: the one escaper, shared with search snippets.
pub use nhipcau_search::escape_html as escape_attr;

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        LinkTargets {
            paths: [("a/b.md".to_string(), "/a/b/".to_string())].into_iter().collect(),
            files: ["a/b/index.html", "a/b/so-do.png", "css/site.css", "tai-lieu.pdf"].into_iter().map(String::from).collect(),
            generated_dirs: vec!["search/".into()],
        }
    }

    fn render_str(md: &str) -> Result<Output, Vec<Diagnostic>> {
        render(&Source { file: Path::new("x.md"), site_path: "/x/", body: md, body_line: 5 }, &targets())
    }

    #[test]
    fn heading_ids_are_folded_and_unique() {
        let out = render_str("## Công tác xã hội\n\n## Công tác xã hội\n\n### Đồng Tháp {#dt}\n").unwrap();
        assert!(out.rendered.html.contains("<h2 id=\"cong-tac-xa-hoi\">Công tác xã hội</h2>"), "{}", out.rendered.html);
        assert!(out.rendered.html.contains("<h2 id=\"cong-tac-xa-hoi-1\">"));
        assert!(out.rendered.html.contains("<h3 id=\"dt\">Đồng Tháp</h3>"));
        assert_eq!(out.rendered.toc.len(), 2);
        assert_eq!(out.rendered.toc[1].children[0].id, "dt");
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_name_the_line() {
        let out = render_str("x [b](@/a/b.md#muc) y").unwrap();
        assert!(out.rendered.html.contains("<a href=\"/a/b/#muc\">b</a>"));
        assert_eq!(out.anchor_links[0].anchor, "muc");
        let errs = render_str("line one\n\n[x](@/a/c.md)").err().unwrap();
        assert_eq!(errs[0].line, Some(7));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `@/a/b.md`?"));
    }

    #[test]
    fn links_written_as_addresses_must_lead_to_a_file_of_the_site() {
        // The page is /x/; every form an author writes: root, relative, with ./ and ../, an
        // anchor or a query, percent-encoded, without the trailing slash.
        for ok in ["/a/b/", "../a/b/", "./../a/b/#muc", "/a/b", "/a/b/?q=1", "../a/b/so-do.png", "/css/site.css", "../tai-lieu.pdf", "/search/index.json", "#muc", "https://x.vn/", "mailto:a@b.vn", "tel:111", "//cdn.vn/x", "/a/%62/"] {
            assert!(render_str(&format!("[x]({ok})")).is_ok(), "{ok} is reachable");
        }
        let errs = render_str("a\n\n[x](/ho-tro/khong-co/) [y](../x.md)\n\n![anh](anh-khong-co.png)\n\n[z](../../../../etc/passwd)").err().unwrap();
        let got: Vec<(Option<usize>, String)> = errs.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(
            got,
            vec![
                (Some(7), "broken link: /ho-tro/khong-co/ is not a page, section or file of this site".to_string()),
                (Some(7), "broken link: ../x.md is not a page, section or file of this site".to_string()),
                (Some(9), "image anh-khong-co.png is not a file of this site".to_string()),
                (Some(11), "broken link: ../../../../etc/passwd is not a page, section or file of this site".to_string()),
            ]
        );
        assert!(errs[2].help.as_deref().unwrap().contains("static/"));
    }

    #[test]
    fn a_link_leads_to_the_file_a_browser_would_open() {
        assert_eq!(linked_file("/a/b/", "../c/"), Some(Some("a/c/index.html".into())));
        assert_eq!(linked_file("/a/b/", "anh.png"), Some(Some("a/b/anh.png".into())));
        assert_eq!(linked_file("/cu/trang.html", "khac.html"), Some(Some("cu/khac.html".into())));
        assert_eq!(linked_file("/a/", "/"), Some(Some("index.html".into())));
        assert_eq!(linked_file("/a/", ".."), Some(Some("index.html".into())));
        assert_eq!(linked_file("/a/", "/%C4%91%E1%BB%8Ba-ch%E1%BB%89/"), Some(Some("địa-chỉ/index.html".into())));
        assert_eq!(linked_file("/", "../x"), Some(None), "above the root");
        assert_eq!(linked_file("/", "javascript:alert(1)"), None);
    }

    #[test]
    fn external_links_get_noopener() {
        let out = render_str("[x](https://example.org \"t\")").unwrap();
        assert!(out.rendered.html.contains("<a href=\"https://example.org\" title=\"t\" rel=\"noopener\">x</a>"));
    }

    #[test]
    fn summary_and_text_sections() {
        let hugo_style = render_str("Intro.\n\n<!--more-->\n\nRest.").unwrap();
        assert_eq!(hugo_style.rendered.summary.as_deref().map(str::trim), Some("<p>Intro.</p>"));
        let out = render_str("Intro text.\n\n<!-- more -->\n\n## Mục tiêu\n\nMột hai.\n\n## Khác\n\nBa.").unwrap();
        assert_eq!(out.rendered.summary.as_deref().map(str::trim), Some("<p>Intro text.</p>"));
        let s = &out.rendered.text_sections;
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].heading.as_ref().unwrap().0, "muc-tieu");
        assert!(s[1].text.contains("Một hai."));
        assert_eq!(out.rendered.word_count, 5);
    }

    #[test]
    fn footnotes_tables_and_tasks() {
        let out = render_str("a[^1]\n\n[^1]: note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~").unwrap();
        let h = &out.rendered.html;
        assert!(h.contains("footnote-reference"), "{h}");
        assert!(h.contains("<table>"));
        assert!(h.contains("checkbox"));
        assert!(h.contains("<del>old</del>"));
    }

    #[test]
    fn footnotes_link_to_their_note_and_back() {
        let out = render_str("a[^x] b[^y] c[^x]\n\n[^y]: second\n\n[^x]: first\n").unwrap();
        let h = &out.rendered.html;
        // Numbered by first citation; only the first citation of a note carries the id.
        assert!(h.contains("<sup class=\"footnote-reference\" id=\"fnref-x\"><a href=\"#fn-x\">1</a></sup>"), "{h}");
        assert!(h.contains("<sup class=\"footnote-reference\" id=\"fnref-y\"><a href=\"#fn-y\">2</a></sup>"), "{h}");
        assert_eq!(h.matches("id=\"fnref-x\"").count(), 1, "{h}");
        assert!(h.contains("<div class=\"footnote-definition\" id=\"fn-x\"><sup class=\"footnote-definition-label\">1</sup>"), "{h}");
        assert!(h.contains("href=\"#fnref-x\" aria-label=\"Quay lại chỗ dẫn chú thích 1\">↩</a></div>"), "{h}");
        assert!(h.contains("href=\"#fnref-y\" aria-label=\"Quay lại chỗ dẫn chú thích 2\">↩</a></div>"), "{h}");
    }
}
