//! Embeds the browser search engine that `cargo xtask engine` built into crates/search-web/dist/
//! (kept in the repository, as Pagefind vendors its web bundle): `cargo build` compiles only the
//! generator, and every machine ships the same engine bytes.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let engine = manifest_dir.join("crates/search-web/dist/nhipcau_search_web.wasm");
    // themes/nhipcau is compiled into the binary (include_dir!), which cargo does not track.
    for path in [&engine, &manifest_dir.join("themes/nhipcau")] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let bytes = std::fs::read(&engine).unwrap_or_else(|e| panic!("{}: {e}; build it with `cargo xtask engine`", engine.display()));
    // A zlib copy, which the worker inflates with DecompressionStream: many static hosts send
    // .wasm uncompressed, and the engine is most of what a first search downloads.
    let packed = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("nhipcau_search.wasm.z");
    std::fs::write(&packed, miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 10)).expect("write the compressed engine");
}
