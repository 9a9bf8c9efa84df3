//! TOML parsing with errors that point into the author's file.

use crate::diag::{line_col, suggest, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `src` (which starts at line `first_line` of `file`) into `T`, turning toml's error into
/// a diagnostic with the file's own line and column and, for an unknown key, a suggestion.
pub fn parse<T: DeserializeOwned>(src: &str, file: &Path, first_line: usize, known_keys: &[&str]) -> Result<T, Diagnostic> {
    toml::from_str(src).map_err(|err| {
        let message = err.message().trim().to_string();
        let mut d = Diagnostic::new(message.clone()).in_file(file);
        if let Some(span) = err.span() {
            let (line, col) = line_col(src, span.start);
            d = d.at(line + first_line - 1, col);
        }
        if let Some(key) = unknown_field(&message) {
            d.message = format!("unknown key `{key}`");
            d.help = Some(suggest(key, known_keys));
        } else {
            d.help = Some("fix the TOML syntax or value type at this position".into());
        }
        d
    })
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// TOML values as JSON values, dates as ISO strings, for templates and data files.
pub fn to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

pub fn table_to_json(table: toml::Table) -> serde_json::Value {
    to_json(toml::Value::Table(table))
}
