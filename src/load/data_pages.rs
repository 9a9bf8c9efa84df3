//! `[[data_pages]]`: one page per row of a data file, like Hugo's content adapters. The portal
//! keeps its centre directory as data (one reviewed file) and still gets a page per centre.

use crate::config::DataPagesConfig;
use crate::diag::Diagnostic;
use crate::site::{Page, Rendered};
use crate::slug::slugify;
use std::path::Path;

pub fn load(root: &Path, cfg: &DataPagesConfig) -> Result<Vec<Page>, Diagnostic> {
    let config_file = root.join("config.toml");
    let data = super::data::load(root, &cfg.data).map_err(|d| if d.file.is_none() { d.in_file(&config_file) } else { d })?;
    let file = root.join(&cfg.data);
    let rows = match &cfg.key {
        Some(key) => data.get(key).cloned().ok_or_else(|| {
            Diagnostic::new(format!("data file has no `{key}` list")).in_file(&file).help(format!("add [[{key}]] entries, or fix `key` in config.toml's [[data_pages]]"))
        })?,
        None => data,
    };
    let serde_json::Value::Array(rows) = rows else {
        return Err(Diagnostic::new("data pages need a list of rows").in_file(&file).help("use [[name]] tables in TOML, an array in JSON, or a CSV file"));
    };
    let section_dir = cfg.section.trim_matches('/');
    let mut pages = Vec::with_capacity(rows.len());
    for (n, row) in rows.into_iter().enumerate() {
        let row_no = n + 1;
        let serde_json::Value::Object(mut fields) = row else {
            return Err(Diagnostic::new(format!("row {row_no} is not a table")).in_file(&file));
        };
        let title = fields.get(&cfg.title).and_then(|v| v.as_str()).map(str::to_string).filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            Diagnostic::new(format!("row {row_no} has no `{}` (the field that gives each page its title)", cfg.title))
                .in_file(&file)
                .help("add the field to the row, or change `title` in config.toml's [[data_pages]]")
        })?;
        let slug = match cfg.slug.as_ref().and_then(|f| fields.get(f)).and_then(|v| v.as_str()) {
            Some(s) => slugify(s),
            None => slugify(&title),
        };
        if let Some(kind) = &cfg.kind {
            fields.entry("kind").or_insert_with(|| serde_json::Value::String(kind.clone()));
        }
        let date = fields.get("date").and_then(|v| v.as_str()).map(str::to_string);
        let description = fields.get("description").and_then(|v| v.as_str()).map(str::to_string);
        let dir_path = super::content::dir_path(section_dir);
        pages.push(Page {
            file: file.clone(),
            relative_path: if section_dir.is_empty() { format!("{slug}.md") } else { format!("{section_dir}/{slug}.md") },
            title: super::content::nfc(&title),
            description,
            date,
            updated: None,
            expires: None,
            draft: false,
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
    Ok(pages)
}
