//! Data files (`data/*.toml|json|csv`) as JSON values, for templates and data pages.

use crate::diag::Diagnostic;
use crate::toml_util;
use std::path::Path;

pub fn load(root: &Path, rel: &str) -> Result<serde_json::Value, Diagnostic> {
    let (file, src) = read(root, rel)?;
    parse(&file, &src)
}

/// The data file `rel` below `root` (through the sandbox) and its text.
pub fn read(root: &Path, rel: &str) -> Result<(std::path::PathBuf, String), Diagnostic> {
    let file = crate::sandbox::read_inside(root, rel)?;
    let src = std::fs::read_to_string(&file).map_err(|e| Diagnostic::io(&file, &e))?;
    Ok((file, src))
}

/// A data file's text as a JSON value, by the file's extension.
pub fn parse(file: &Path, src: &str) -> Result<serde_json::Value, Diagnostic> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "toml" => {
            let table: toml::Table = toml_util::parse(src, file, 1, &[])?;
            Ok(toml_util::table_to_json(table))
        }
        "json" => serde_json::from_str(src).map_err(|e| {
            // serde_json's own words are English; the officer's language frames them.
            Diagnostic::new(crate::t!("data-bad-json", detail = e.to_string())).in_file(file).at(e.line(), e.column()).help(crate::t!("data-bad-json-help"))
        }),
        "csv" => parse_csv(src, file),
        _ => Err(Diagnostic::new(crate::t!("data-unsupported-type", ext = ext.as_str())).in_file(file).help(crate::t!("data-unsupported-type-help"))),
    }
}

/// CSV rows as objects keyed by the header row; every value stays a string.
fn parse_csv(src: &str, file: &Path) -> Result<serde_json::Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(src.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Diagnostic::new(crate::t!("data-bad-csv-header", detail = csv_reason(&e))).in_file(file).at_line(1))?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            let mut d = Diagnostic::new(crate::t!("data-bad-csv-row", detail = csv_reason(&e)))
                .in_file(file)
                .help(crate::t!("data-bad-csv-row-help", count = headers.len()));
            d.line = line;
            d
        })?;
        let row: serde_json::Map<String, serde_json::Value> =
            headers.iter().zip(record.iter()).map(|(h, v)| (h.to_string(), serde_json::Value::String(v.to_string()))).collect();
        rows.push(serde_json::Value::Object(row));
    }
    Ok(serde_json::Value::Array(rows))
}

/// Why a CSV row or header is bad: the common case (a row with more or fewer fields than the
/// one before) in the officer's language (in English, word for word what the csv crate says),
/// the csv crate's own English otherwise.
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos: Some(pos), expected_len, len } => crate::t!(
            "data-csv-unequal-fields",
            record = pos.record(),
            line = pos.line(),
            byte = pos.byte(),
            expected = *expected_len,
            found = *len
        ),
        _ => e.to_string(),
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_bad_row_names_the_line() {
        let err = parse_csv("a,b\n1,2\n3\n", Path::new("d.csv")).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
    }
}
