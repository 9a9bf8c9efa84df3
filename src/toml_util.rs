//! TOML parsing with errors that point into the author's file.

use crate::diag::{line_col, suggest, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `src` (which starts at line `first_line` of `file`) into `T`, turning toml's error into
/// a diagnostic with the file's own line and column and, for an unknown key, a suggestion.
pub fn parse<T: DeserializeOwned>(src: &str, file: &Path, first_line: usize, known_keys: &[&str]) -> Result<T, Diagnostic> {
    toml::from_str(src).map_err(|err| {
        let message = err.message().trim().to_string();
        // toml's own words are English; the officer's language frames them.
        let mut d = Diagnostic::new(crate::t!("toml-syntax", detail = message.as_str())).in_file(file);
        let mut line_text = "";
        if let Some(span) = err.span() {
            let (line, col) = line_col(src, span.start);
            d = d.at(line + first_line - 1, col);
            line_text = src.lines().nth(line - 1).unwrap_or("");
        }
        if let Some(key) = unknown_field(&message) {
            d.message = crate::t!("unknown-key", key = key);
            d.help = Some(suggest(key, known_keys));
        } else {
            d.help = Some(likely_fix(line_text).unwrap_or_else(|| crate::t!("toml-syntax-help")));
        }
        d
    })
}

/// The fix for the two mistakes officers make most, read off the line itself: quotes that a
/// word processor curled (“…” looks quoted but is not TOML), and dates written as people write
/// them (25/3/2027).
fn likely_fix(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    if value.contains(['“', '”', '‘', '’', '„', '«', '»']) {
        let straight: String = value.chars().map(|c| if matches!(c, '“' | '”' | '„' | '«' | '»') { '"' } else if matches!(c, '‘' | '’') { '\'' } else { c }).collect();
        return Some(crate::t!("toml-curly-quotes", fixed = format!("{key} = {straight}")));
    }
    let parts: Vec<&str> = value.trim_matches('"').split(['/', '.', '-']).collect();
    if let [d, m, y] = parts.as_slice() {
        let num = |s: &str, max: u32| s.len() <= 2 && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
        if num(d, 31) && num(m, 12) && y.len() == 4 && y.parse::<u32>().is_ok() {
            return Some(crate::t!("toml-date-order", fixed = format!("{key} = {y}-{m:0>2}-{d:0>2}")));
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_and_dates_as_people_write_them_get_the_exact_fix() {
        let err = parse::<toml::Table>("title = “Ngày Công tác xã hội”\n", Path::new("a.md"), 2, &[]).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.help.as_deref(), Some("the quotes here are curly (“ ”), as Word and some editors type them; TOML needs straight quotes: title = \"Ngày Công tác xã hội\""));
        let err = parse::<toml::Table>("x = 1\ndate = 25/3/2027\n", Path::new("a.md"), 1, &[]).unwrap_err();
        assert_eq!(err.help.as_deref(), Some("write dates as year-month-day, without quotes: date = 2027-03-25"));
        let err = parse::<toml::Table>("date = \"1/12/2026\"x\n", Path::new("a.md"), 1, &[]).unwrap_err();
        assert!(err.help.unwrap().starts_with("fix the TOML syntax"), "no guess where the line is something else");
    }
}
