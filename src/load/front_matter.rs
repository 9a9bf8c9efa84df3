//! TOML front matter between `+++` lines.

use crate::diag::Diagnostic;
use crate::site::SortBy;
use crate::toml_util;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const PAGE_KEYS: &[&str] = &[
    "title", "description", "date", "updated", "expires", "draft", "weight", "slug", "path", "template",
    "aliases", "in_search_index", "taxonomies", "extra",
];
pub const SECTION_KEYS: &[&str] = &[
    "title", "description", "sort_by", "paginate_by", "template", "page_template", "weight", "draft",
    "generate_feed", "in_search_index", "aliases", "extra",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<toml::value::Datetime>,
    pub updated: Option<toml::value::Datetime>,
    pub expires: Option<toml::value::Datetime>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub in_search_index: Option<bool>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub generate_feed: bool,
    pub in_search_index: Option<bool>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// A file split into its front matter and body, with the line each starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub front_matter_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `+++\n…\n+++\n body`. Tolerates a UTF-8 BOM and CRLF line endings (word processors
/// produce both); anything else malformed is an error that says how the file must start.
pub fn split<'a>(src: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let first_line_end = src.find('\n').unwrap_or(src.len());
    if src[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::new(crate::t!("front-matter-missing")).in_file(file).at(1, 1).help(crate::t!("front-matter-missing-help")));
    }
    let fm_start = (first_line_end + 1).min(src.len());
    let mut offset = fm_start;
    let mut line = 2;
    for raw_line in src[fm_start..].split_inclusive('\n') {
        if raw_line.trim_end() == "+++" {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                front_matter: &src[fm_start..offset],
                front_matter_line: 2,
                body: &src[body_start.min(src.len())..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
        line += 1;
    }
    Err(Diagnostic::new(crate::t!("front-matter-unclosed")).in_file(file).at(1, 1).help(crate::t!("front-matter-unclosed-help")))
}

pub fn parse_page(split: &Split<'_>, file: &Path) -> Result<PageFrontMatter, Diagnostic> {
    toml_util::parse(&normalise_newlines(split.front_matter), file, split.front_matter_line, PAGE_KEYS)
}

pub fn parse_section(split: &Split<'_>, file: &Path) -> Result<SectionFrontMatter, Diagnostic> {
    toml_util::parse(&normalise_newlines(split.front_matter), file, split.front_matter_line, SECTION_KEYS)
}

fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// ISO text of a TOML date; a time without a date is not a publication date.
pub fn iso_date(d: &toml::value::Datetime, key: &str, file: &Path, src_line: usize) -> Result<String, Diagnostic> {
    if d.date.is_none() {
        return Err(Diagnostic::new(crate::t!("date-without-day", key = key)).in_file(file).at_line(src_line).help(crate::t!("date-without-day-help", key = key)));
    }
    Ok(d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = "\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n";
        let sp = split(s, Path::new("x.md")).unwrap();
        assert_eq!(sp.front_matter.trim(), "title = \"a\"");
        assert_eq!(sp.body, "body\r\n");
        assert_eq!(sp.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("+++\ntitle = 1\n", Path::new("x.md")).unwrap_err();
        assert!(err.message.contains("not closed"));
    }

    #[test]
    fn errors_point_at_the_files_line() {
        let s = "+++\ntitle = \"a\"\ndate = 2023-13-45\n+++\n";
        let sp = split(s, Path::new("x.md")).unwrap();
        let err = parse_page(&sp, Path::new("x.md")).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let s = "+++\ntitle = \"a\"\ntilte = 2\n+++\n";
        let sp = split(s, Path::new("x.md")).unwrap();
        let err = parse_page(&sp, Path::new("x.md")).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
    }
}
