//! Embeds the browser search engine that `cargo xtask engine` built into crates/search-web/dist/
//! (kept in the repository, as Pagefind vendors its web bundle): `cargo build` compiles only the
//! generator, and every machine ships the same engine bytes.
//!
//! Beside the raw .wasm (which hosts that compress serve compressed, and which the browser then
//! compiles while it downloads), the output carries precompressed siblings: `.br` for servers that
//! serve them in place of the .wasm (nginx brotli_static, Caddy precompressed, Netlify…), and `.gz`,
//! which such servers (gzip_static) serve too and which the worker itself fetches and inflates
//! (DecompressionStream) from a host that sends the .wasm uncompressed.

use std::io::Write;
use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let engine = manifest_dir.join("crates/search-web/dist/nhipcau_search_web.wasm");
    // themes/nhipcau is compiled into the binary (include_dir!), which cargo does not track.
    for path in [&engine, &manifest_dir.join("themes/nhipcau")] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let bytes = std::fs::read(&engine).unwrap_or_else(|e| panic!("{}: {e}; build it with `cargo xtask engine`", engine.display()));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    // The script also reruns for every theme change; the engine rarely changes with it.
    let done = out.join("nhipcau_search.wasm");
    if std::fs::read(&done).is_ok_and(|d| d == bytes) && out.join("nhipcau_search.wasm.br").exists() && out.join("nhipcau_search.wasm.gz").exists() {
        return;
    }

    // Brotli at its best (quality 11, 16 MB window): compressed once per engine, read by every visitor.
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, size_hint: bytes.len(), ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("brotli-compress the engine");
    std::fs::write(out.join("nhipcau_search.wasm.br"), &br).expect("write the brotli engine");

    // gzip with no file name or time in its header, so the bytes depend on the engine only.
    // (miniz's level 10 saves 300 of 469,381 bytes over flate2's best: not worth a hand-made header.)
    let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).expect("gzip the engine");
    std::fs::write(out.join("nhipcau_search.wasm.gz"), gz.finish().expect("gzip the engine")).expect("write the gzip engine");
    std::fs::write(&done, &bytes).expect("keep the engine compressed");
}
