//! `[[data_pages]]`: one page per row of a data file, like Hugo's content adapters. The portal
//! keeps its centre directory as data (one reviewed file) and still gets a page per centre.

use crate::config::DataPagesConfig;
use crate::diag::Diagnostic;
use crate::site::{Page, Rendered};
use crate::slug::slugify;
use std::path::Path;

/// The pages of one `[[data_pages]]` entry that are published today, and the days of rows
/// waiting for their `date`. A row's `draft`, `date` and `expires` decide as a page's front
/// matter does ([`super::Publish::decide`]).
pub fn load(root: &Path, cfg: &DataPagesConfig, publish: &super::Publish) -> Result<(Vec<Page>, Vec<String>), Diagnostic> {
    let config_file = root.join("config.toml");
    // Read once: the values, and the rows' lines for errors.
    let (file, source) = crate::data::read(root, &cfg.data).map_err(|d| if d.file.is_none() { d.in_file(&config_file) } else { d })?;
    let data = crate::data::parse(&file, &source)?;
    let places = RowPlaces::of(&source, &file, cfg.key.as_deref());
    let mut scheduled = Vec::new();
    let rows = match &cfg.key {
        Some(key) => data.get(key).cloned().ok_or_else(|| {
            Diagnostic::new(crate::t!("data-no-list", key = key.as_str())).in_file(&file).help(crate::t!("data-no-list-help", key = key.as_str()))
        })?,
        None => data,
    };
    let serde_json::Value::Array(rows) = rows else {
        return Err(Diagnostic::new(crate::t!("data-not-rows")).in_file(&file).help(crate::t!("data-not-rows-help")));
    };
    let section_dir = cfg.section.trim_matches('/');
    let mut pages = Vec::with_capacity(rows.len());
    for (n, row) in rows.into_iter().enumerate() {
        let row_no = n + 1;
        let serde_json::Value::Object(mut fields) = row else {
            return Err(Diagnostic::new(crate::t!("data-row-not-table", row = row_no)).in_file(&file));
        };
        let title = fields.get(&cfg.title).and_then(|v| v.as_str()).map(str::to_string).filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            Diagnostic::new(crate::t!("data-row-no-title", row = row_no, field = cfg.title.as_str())).in_file(&file).help(crate::t!("data-row-no-title-help"))
        })?;
        let slug = match cfg.slug.as_ref().and_then(|f| fields.get(f)).and_then(|v| v.as_str()) {
            Some(s) => slugify(s),
            None => slugify(&title),
        };
        if let Some(kind) = &cfg.kind {
            fields.entry("kind").or_insert_with(|| serde_json::Value::String(kind.clone()));
        }
        let day = |key: &str| row_date(&fields, key, &file, &places, n);
        let (date, updated, expires) = (day("date")?, day("updated")?, day("expires")?);
        let draft = match fields.get("draft") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            // A CSV row leaves the cell empty when it is not a draft.
            Some(serde_json::Value::String(s)) if ["true", "false", ""].contains(&s.trim()) => s.trim() == "true",
            Some(other) => {
                let mut d = Diagnostic::new(crate::t!("data-row-bad-draft", row = row_no, value = other.to_string())).in_file(&file).help(crate::t!("data-row-bad-draft-help"));
                d.line = places.field_line(n, "draft");
                return Err(d);
            }
        };
        match publish.decide(draft, date.as_deref(), expires.as_deref()) {
            super::Decision::Publish => {}
            super::Decision::Scheduled(day) => {
                scheduled.push(day);
                continue;
            }
            super::Decision::Skip => continue,
        }
        let description = fields.get("description").and_then(|v| v.as_str()).map(str::to_string);
        let dir_path = super::content::dir_path(section_dir);
        pages.push(Page {
            file: file.clone(),
            relative_path: if section_dir.is_empty() { format!("{slug}.md") } else { format!("{section_dir}/{slug}.md") },
            title: super::content::nfc(&title),
            description,
            date,
            updated,
            expires,
            draft,
            weight: fields.get("weight").and_then(|v| v.as_i64()),
            path: format!("{dir_path}{slug}/"),
            slug,
            template: cfg.template.clone(),
            aliases: Vec::new(),
            in_search_index: true,
            taxonomies: Default::default(),
            extra: serde_json::Value::Object(fields),
            body: String::new(),
            body_line: 1,
            assets: Vec::new(),
            section: String::new(),
            rendered: Rendered::default(),
        });
    }
    Ok((pages, scheduled))
}

/// A row's date field as ISO text, or an error at its line when it is not a real date (a CSV or
/// JSON cell "2026-13-45", or a quoted TOML string: TOML's own dates are checked by TOML).
fn row_date(fields: &serde_json::Map<String, serde_json::Value>, key: &str, file: &Path, places: &RowPlaces, n: usize) -> Result<Option<String>, Diagnostic> {
    let Some(value) = fields.get(key) else { return Ok(None) };
    let text = match value {
        serde_json::Value::String(s) if s.trim().is_empty() => return Ok(None),
        serde_json::Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    if super::parse_day(&text).is_some() {
        return Ok(Some(text));
    }
    let mut d = Diagnostic::new(crate::t!("data-row-bad-date", row = n + 1, key = key, value = format!("{text:?}")))
        .in_file(file)
        .help(crate::t!("data-row-bad-date-help", key = key));
    d.line = places.field_line(n, key).or(places.row_line(n));
    Err(d)
}

/// Where each row of a data file starts (TOML `[[key]]` headers, CSV records), so errors about
/// a row can name its line. JSON rows have no line here: errors name the row's number.
struct RowPlaces {
    starts: Vec<usize>,
    lines: Vec<String>,
    toml: bool,
}

impl RowPlaces {
    fn of(source: &str, file: &Path, key: Option<&str>) -> RowPlaces {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let lines: Vec<String> = source.lines().map(str::to_string).collect();
        let starts = match (ext.as_str(), key) {
            ("toml", Some(key)) => lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.trim().strip_prefix("[[").and_then(|r| r.split_once("]]")).is_some_and(|(name, _)| name.trim() == key))
                .map(|(i, _)| i + 1)
                .collect(),
            ("csv", _) => {
                let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source.as_bytes());
                reader.records().filter_map(|r| r.ok()?.position().map(|p| p.line() as usize)).collect()
            }
            _ => Vec::new(),
        };
        RowPlaces { starts, lines, toml: ext == "toml" }
    }

    fn row_line(&self, n: usize) -> Option<usize> {
        self.starts.get(n).copied()
    }

    /// The line of `key = …` inside TOML row `n`, else the row's first line.
    fn field_line(&self, n: usize, key: &str) -> Option<usize> {
        let start = self.row_line(n)?;
        if !self.toml {
            return Some(start);
        }
        let end = self.starts.get(n + 1).copied().unwrap_or(self.lines.len() + 1);
        (start..end)
            .find(|&line| self.lines.get(line - 1).and_then(|l| l.trim_start().strip_prefix(key)).is_some_and(|rest| rest.trim_start().starts_with('=')))
            .or(Some(start))
    }
}
