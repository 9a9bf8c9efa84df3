//! Embeds the browser search engine that `cargo xtask engine` built into crates/search-web/dist/
//! (kept in the repository, as Pagefind vendors its web bundle): `cargo build` compiles only the
//! generator, and every machine ships the same engine bytes. The engine comes in two parts (see
//! xtask): `engine.wasm`, which every first search downloads, and `engine-rest.wasm`, which the
//! worker loads only if a call needs it.
//!
//! Beside each raw .wasm (which hosts that compress serve compressed, and which the browser then
//! compiles while it downloads), the output carries precompressed siblings: `.br` for servers that
//! serve them in place of the .wasm (nginx brotli_static, Caddy precompressed, Netlify…), and `.gz`,
//! which such servers (gzip_static) serve too and which the page itself fetches and inflates
//! (DecompressionStream) from a host that sends the engine uncompressed.

use std::io::Write;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let dist = manifest_dir.join("crates/search-web/dist");
    // themes/nhipcau is compiled into the binary (include_dir!), which cargo does not track.
    println!("cargo:rerun-if-changed={}", manifest_dir.join("themes/nhipcau").display());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for part in ["engine.wasm", "engine-rest.wasm"] {
        let source = dist.join(part);
        println!("cargo:rerun-if-changed={}", source.display());
        let bytes = std::fs::read(&source).unwrap_or_else(|e| panic!("{}: {e}; build it with `cargo xtask engine`", source.display()));
        compress(&bytes, &out.join(part));
    }
}

/// Writes `bytes` to `out` with its `.br` and `.gz` siblings, unless they are there already
/// (the script also reruns for every theme change; the engine rarely changes with it).
fn compress(bytes: &[u8], out: &Path) {
    let sibling = |suffix: &str| PathBuf::from(format!("{}.{suffix}", out.display()));
    if std::fs::read(out).is_ok_and(|d| d == bytes) && sibling("br").exists() && sibling("gz").exists() {
        return;
    }
    // Brotli at its best (quality 11, 16 MB window): compressed once per engine, read by every visitor.
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, size_hint: bytes.len(), ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("brotli-compress the engine");
    std::fs::write(sibling("br"), &br).expect("write the brotli engine");

    // gzip with no file name or time in its header, so the bytes depend on the engine only.
    // (miniz's level 10 saves 300 of 469,381 bytes over flate2's best: not worth a hand-made header.)
    let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip the engine");
    std::fs::write(sibling("gz"), gz.finish().expect("gzip the engine")).expect("write the gzip engine");
    std::fs::write(out, bytes).expect("keep the engine compressed");
}
