//! The browser side of search: the engine (wasm, built by `cargo xtask engine`), its worker and UI, and the
//! pointer file that ties them to this build's index (a version handshake).

use super::SEARCH_DIR;
use crate::diag::Result;
use crate::write::Output;

pub const ENGINE_WASM: &[u8] = include_bytes!("../../crates/search-web/dist/nhipcau_search_web.wasm");
/// The same engine, zlib-compressed by build.rs; the worker prefers it where it can inflate.
pub const ENGINE_WASM_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/nhipcau_search.wasm.z"));
const UI_JS: &str = include_str!("../../crates/search-web/assets/nhipcau-search.js");
const WORKER_JS: &str = include_str!("../../crates/search-web/assets/nhipcau-search-worker.js");
const UI_CSS: &str = include_str!("../../crates/search-web/assets/nhipcau-search.css");

/// Writes the engine, the scripts and search/index.json; returns how many files it wrote.
pub fn write(output: &Output, manifest_name: &str) -> Result<usize> {
    let version = nhipcau_search::FORMAT_VERSION.to_string();
    // The wasm changes only with nhipcau itself: a content-hashed name lets hosts cache it forever.
    let engine = format!("engine-{}.wasm", &blake3::hash(ENGINE_WASM).to_hex()[..16]);
    let engine_z = format!("{engine}.z");
    let pointer = nhipcau_search::Pointer { format_version: nhipcau_search::FORMAT_VERSION, manifest: manifest_name.to_string(), engine: engine.clone(), engine_deflate: engine_z.clone() };
    let files: [(&str, Vec<u8>); 6] = [
        ("nhipcau-search.js", UI_JS.replace("__FORMAT_VERSION__", &version).into_bytes()),
        ("nhipcau-search-worker.js", WORKER_JS.replace("__FORMAT_VERSION__", &version).into_bytes()),
        ("nhipcau-search.css", UI_CSS.as_bytes().to_vec()),
        (&engine, ENGINE_WASM.to_vec()),
        (&engine_z, ENGINE_WASM_Z.to_vec()),
        ("index.json", serde_json::to_vec(&pointer).unwrap_or_default()),
    ];
    for (name, bytes) in &files {
        output.write(&format!("{SEARCH_DIR}/{name}"), bytes)?;
    }
    Ok(files.len())
}
