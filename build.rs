//! Builds the browser search engine (crates/search-web) for wasm32-unknown-unknown and hands it
//! to the generator, which embeds it: `cargo build` alone gives a binary that can write a site
//! with working search. The nested build uses its own target folder (so it never waits on the
//! outer build's lock) and the small-and-slow `wasm` profile.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("nhipcau_search.wasm");
    println!("cargo:rerun-if-env-changed=NHIPCAU_WASM");
    // themes/nhipcau is compiled into the binary (include_dir!), which cargo does not track.
    for path in ["crates/search-web", "crates/search", "crates/analyzer", ".cargo/config.toml", "themes/nhipcau"] {
        println!("cargo:rerun-if-changed={}", manifest_dir.join(path).display());
    }

    if let Ok(prebuilt) = std::env::var("NHIPCAU_WASM") {
        std::fs::copy(&prebuilt, &out).unwrap_or_else(|e| panic!("NHIPCAU_WASM={prebuilt}: {e}"));
        compress(&out);
        return;
    }

    ensure_wasm_target();
    let target_dir = manifest_dir.join("target").join("wasm-build");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&manifest_dir)
        .args(["build", "--manifest-path", "crates/search-web/Cargo.toml", "--target", "wasm32-unknown-unknown", "--profile", "wasm"])
        .arg("--target-dir")
        .arg(&target_dir);
    if std::env::var("CARGO_NET_OFFLINE").is_ok() {
        cmd.arg("--offline");
    }
    // The outer build's flags are for the host; the wasm build reads .cargo/config.toml.
    for var in ["CARGO_ENCODED_RUSTFLAGS", "RUSTFLAGS", "CARGO_BUILD_RUSTFLAGS", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET", "RUSTC_WORKSPACE_WRAPPER", "CARGO_PRIMARY_PACKAGE"] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("run cargo for the wasm search engine");
    if !status.success() {
        panic!(
            "building the browser search engine failed (see above). It needs the wasm32-unknown-unknown target: \
             `rustup target add wasm32-unknown-unknown` (rust-toolchain.toml lists it). \
             Or set NHIPCAU_WASM to a prebuilt nhipcau_search_web.wasm."
        );
    }
    let built = target_dir.join("wasm32-unknown-unknown/wasm/nhipcau_search_web.wasm");
    copy_engine(&built, &out);
    compress(&out);
}

/// A zlib copy of the engine, which the worker inflates with DecompressionStream: many static
/// hosts send .wasm uncompressed, and the engine is most of what a first search downloads.
fn compress(wasm: &Path) {
    let packed = wasm.with_extension("wasm.z");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(done), Some(source)) = (modified(&packed), modified(wasm)) {
        if done >= source {
            return;
        }
    }
    let bytes = std::fs::read(wasm).expect("read the wasm search engine");
    std::fs::write(&packed, miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 10)).expect("write the compressed engine");
}

/// rust-toolchain.toml lists the target, but rustup only installs it on its own when toolchain
/// auto-install is on; ask for it once rather than fail a fresh clone's first build.
fn ensure_wasm_target() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let installed = sysroot.is_some_and(|root| Path::new(&root).join("lib/rustlib/wasm32-unknown-unknown").is_dir());
    if !installed {
        let _ = Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]).status();
    }
}

/// The module as cargo built it. Not run through Binaryen's wasm-opt: its -Oz output is a sixth
/// smaller raw but compresses no smaller (gzip the same, brotli 5% larger), and without it the
/// engine is the same bytes on every machine, binaryen installed or not.
fn copy_engine(built: &Path, out: &Path) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(done), Some(source)) = (modified(out), modified(built)) {
        if done >= source {
            return; // this script reran for another reason (a theme edit): the engine is current
        }
    }
    std::fs::copy(built, out).expect("copy the wasm search engine");
}
