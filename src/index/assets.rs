//! The browser side of search: the engine (wasm, built by `cargo xtask engine`) with its
//! precompressed siblings, its worker and UI, the pointer file that ties them to this build's
//! index (a version handshake), and the offline service worker.

use super::SEARCH_DIR;
use crate::diag::Result;
use crate::site::Site;
use crate::write::Output;

/// The engine's two parts (see xtask): what every search needs, and the rest, which the worker
/// loads only if a call reaches it. Raw, and compressed by build.rs for servers that serve
/// precompressed files; the page itself inflates the .gz when the host sends the .wasm
/// uncompressed.
pub const ENGINE_WASM: &[u8] = include_bytes!("../../crates/search-web/dist/engine.wasm");
pub const ENGINE_WASM_BR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.wasm.br"));
pub const ENGINE_WASM_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.wasm.gz"));
pub const ENGINE_REST: &[u8] = include_bytes!("../../crates/search-web/dist/engine-rest.wasm");
pub const ENGINE_REST_BR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine-rest.wasm.br"));
pub const ENGINE_REST_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine-rest.wasm.gz"));
const UI_JS: &str = include_str!("../../crates/search-web/assets/nhipcau-search.js");
const WORKER_JS: &str = include_str!("../../crates/search-web/assets/nhipcau-search-worker.js");
const UI_CSS: &str = include_str!("../../crates/search-web/assets/nhipcau-search.css");
const SW_JS: &str = include_str!("../../crates/search-web/assets/nhipcau-sw.js");
/// At the site root, so its scope is the site's folder wherever the site is served from.
pub const SERVICE_WORKER: &str = "nhipcau-sw.js";

/// Writes the engine, the scripts, search/index.json and (unless `[search] offline = false`) the
/// service worker; returns how many files it wrote.
pub fn write(output: &Output, manifest_name: &str, site: &Site) -> Result<usize> {
    let version = nhipcau_search::FORMAT_VERSION.to_string();
    let offline = site.config.search.offline;
    // The wasm changes only with nhipcau itself: content-hashed names let hosts cache it forever.
    let engine = format!("engine-{}.wasm", &blake3::hash(ENGINE_WASM).to_hex()[..16]);
    let rest = format!("engine-{}.rest.wasm", &blake3::hash(ENGINE_REST).to_hex()[..16]);
    let pointer = nhipcau_search::Pointer {
        format_version: nhipcau_search::FORMAT_VERSION,
        manifest: manifest_name.to_string(),
        engine: engine.clone(),
        engine_gzip: format!("{engine}.gz"),
        engine_rest: rest.clone(),
    };
    let ui = UI_JS
        .replace("__FORMAT_VERSION__", &version)
        .replace("__OFFLINE__", if offline { "true" } else { "false" })
        .replace("__ENGINE__", &serde_json::to_string(&engine).unwrap_or_default());
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("nhipcau-search.js".into(), ui.into_bytes()),
        ("nhipcau-search-worker.js".into(), WORKER_JS.replace("__FORMAT_VERSION__", &version).into_bytes()),
        ("nhipcau-search.css".into(), UI_CSS.as_bytes().to_vec()),
        (engine.clone(), ENGINE_WASM.to_vec()),
        (format!("{engine}.br"), ENGINE_WASM_BR.to_vec()),
        (format!("{engine}.gz"), ENGINE_WASM_GZ.to_vec()),
        (rest.clone(), ENGINE_REST.to_vec()),
        (format!("{rest}.br"), ENGINE_REST_BR.to_vec()),
        (format!("{rest}.gz"), ENGINE_REST_GZ.to_vec()),
        (nhipcau_search::POINTER_FILE.into(), serde_json::to_vec(&pointer).unwrap_or_default()),
    ];
    for (name, bytes) in &mut files {
        output.write(&format!("{SEARCH_DIR}/{name}"), bytes)?;
    }
    if offline {
        output.write(SERVICE_WORKER, service_worker(site, manifest_name, &engine, &rest).as_bytes())?;
    }
    Ok(files.len() + usize::from(offline))
}

/// The service worker, keyed to this build: a new index (or engine) is a new script, which the
/// browser installs beside the old one and swaps in whole. What it stores ahead of any visit is
/// small (the help pages, the search and offline pages, styles and scripts); the engine and the
/// chunks are kept only once a search has downloaded them.
fn service_worker(site: &Site, manifest_name: &str, engine: &str, rest: &str) -> String {
    let mut precache: Vec<String> = vec!["".into(), "offline.html".into(), "tim-kiem/".into()];
    precache.extend(site.sections.values().filter(|s| super::is_help(&s.extra)).map(|s| s.path.clone()));
    precache.extend(site.pages.iter().filter(|p| !p.draft && super::is_help(&p.extra)).map(|p| p.path.clone()));
    precache.extend(site.static_files.iter().map(|(_, out)| out.clone()).filter(|out| out.ends_with(".css") || out.ends_with(".js") || out.ends_with(".svg")));
    precache.extend(["nhipcau-search.js", "nhipcau-search-worker.js", "nhipcau-search.css", nhipcau_search::POINTER_FILE].map(|f| format!("{SEARCH_DIR}/{f}")));
    // Relative to the worker's own folder (the site root), as every URL in the output is.
    let mut precache: Vec<String> = precache.into_iter().map(|p| p.trim_start_matches('/').to_string()).collect();
    precache.sort();
    precache.dedup();
    let build = blake3::hash(format!("{manifest_name}\n{engine}\n{rest}\n{}", precache.join("\n")).as_bytes()).to_hex();
    SW_JS
        .replace("__BUILD__", &serde_json::to_string(&build[..16]).unwrap_or_default())
        .replace("__ENGINE__", &serde_json::to_string(&format!("{SEARCH_DIR}/{engine}")).unwrap_or_default())
        .replace("__ENGINE_REST__", &serde_json::to_string(&format!("{SEARCH_DIR}/{rest}")).unwrap_or_default())
        .replace("__PRECACHE__", &serde_json::to_string(&precache).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn the_precompressed_engines_are_the_engine() {
        for (raw, br, gz) in [(super::ENGINE_WASM, super::ENGINE_WASM_BR, super::ENGINE_WASM_GZ), (super::ENGINE_REST, super::ENGINE_REST_BR, super::ENGINE_REST_GZ)] {
            let mut from_br = Vec::new();
            brotli_decompressor::Decompressor::new(br, 4096).read_to_end(&mut from_br).unwrap();
            let mut from_gz = Vec::new();
            flate2::read::GzDecoder::new(gz).read_to_end(&mut from_gz).unwrap();
            assert!(from_br == raw && from_gz == raw, "a server may send either in place of the .wasm");
            assert!(br.len() < gz.len() && gz.len() < raw.len() / 2);
        }
    }
}
