//! The browser side of search: the pointer file that ties the JS, the wasm engine and the index
//! together (a version handshake), and the engine itself.

use super::SEARCH_DIR;
use crate::diag::Result;
use crate::write::Output;

/// Writes search/index.json and the engine files; returns how many files it wrote.
pub fn write(output: &Output, manifest_name: &str) -> Result<usize> {
    let pointer = serde_json::json!({
        "format_version": nhipcau_search::FORMAT_VERSION,
        "manifest": manifest_name,
    });
    output.write(&format!("{SEARCH_DIR}/index.json"), serde_json::to_string(&pointer).unwrap_or_default().as_bytes())?;
    Ok(1)
}
