//! `cargo xtask engine [--check]`: builds the browser search engine (crates/search-web) for
//! wasm32-unknown-unknown and keeps it in crates/search-web/dist/, where the generator's build.rs
//! embeds it. So a newcomer's `cargo build` compiles only the generator (the engine's nested
//! release build was about 7 of the first build's 11–28 minutes on two cores), and everybody
//! ships the same engine bytes.
//!
//! The build is reproducible: the toolchain is pinned (rust-toolchain.toml), dependencies are
//! locked, and the checkout and cargo home are remapped, so no builder's path ends up in a
//! published site and two machines produce the same file. `--check` rebuilds and fails when the
//! committed file is not what its sources build (CI runs it).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const DIST: &str = "crates/search-web/dist";
const ENGINE: &str = "nhipcau_search_web.wasm";
/// The hash of the sources the committed engine was built from; a test compares it with the
/// sources as they are, so a change to the engine's code without a rebuild cannot land.
const SOURCES: &str = "sources.blake3";
/// What the browser engine is built from. The workspace's Cargo.toml and Cargo.lock are left
/// out (most of their changes are the generator's); `--check` in CI rebuilds from them anyway.
const SOURCE_DIRS: &[&str] = &["crates/search-web", "crates/search", "crates/analyzer"];
const SOURCE_FILES: &[&str] = &["rust-toolchain.toml"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["engine"] => engine(false),
        ["engine", "--check"] => engine(true),
        _ => Err("usage: cargo xtask engine [--check]\n  engine          build the browser search engine into crates/search-web/dist/\n  engine --check  rebuild it and fail if the committed engine differs".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository root").to_path_buf()
}

fn engine(check: bool) -> Result<(), String> {
    let root = root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target")).join("engine");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut flags = vec!["--cfg".to_string(), "getrandom_backend=\"custom\"".to_string()];
    // Panic locations and debug paths name the files they come from: remapped, they read
    // /nhipcau/… and /cargo/… on every machine.
    flags.extend(["--remap-path-prefix".to_string(), format!("{}=/nhipcau", root.display())]);
    if let Some(home) = cargo_home() {
        flags.extend(["--remap-path-prefix".to_string(), format!("{}=/cargo", home.display())]);
    }
    eprintln!("xtask: building the browser search engine (wasm32-unknown-unknown, profile wasm) in {}", target_dir.display());
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--locked", "--package", "nhipcau-search-web", "--target", "wasm32-unknown-unknown", "--profile", "wasm"])
        .arg("--target-dir")
        .arg(&target_dir)
        // tantivy pulls getrandom through uuid; the browser has no OS entropy source, so the
        // engine supplies `__getrandom_v03_custom` (index ids need no secure randomness there).
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\u{1f}"))
        .env_remove("RUSTFLAGS")
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !status.success() {
        return Err("the engine build failed (see above); it needs the wasm32-unknown-unknown target, which rust-toolchain.toml lists (`rustup target add wasm32-unknown-unknown`)".into());
    }
    let built = std::fs::read(target_dir.join("wasm32-unknown-unknown/wasm").join(ENGINE)).map_err(|e| format!("cannot read the built engine: {e}"))?;
    let sources = sources_hash(&root)?;
    let dist = root.join(DIST);
    let committed = std::fs::read(dist.join(ENGINE)).unwrap_or_default();
    let committed_sources = std::fs::read_to_string(dist.join(SOURCES)).unwrap_or_default();
    eprintln!("xtask: engine {} bytes, blake3 {}", built.len(), &blake3::hash(&built).to_hex()[..16]);
    if check {
        if built != committed {
            return Err(format!(
                "{DIST}/{ENGINE} ({} bytes) is not what its sources build ({} bytes): run `cargo xtask engine` and commit the result",
                committed.len(),
                built.len()
            ));
        }
        if committed_sources.trim() != sources {
            return Err(format!("{DIST}/{SOURCES} does not match the sources: run `cargo xtask engine` and commit the result"));
        }
        eprintln!("xtask: the committed engine is exactly what its sources build");
        return Ok(());
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    std::fs::write(dist.join(ENGINE), &built).map_err(|e| format!("{DIST}/{ENGINE}: {e}"))?;
    std::fs::write(dist.join(SOURCES), format!("{sources}\n")).map_err(|e| format!("{DIST}/{SOURCES}: {e}"))?;
    eprintln!("xtask: wrote {DIST}/{ENGINE} and {DIST}/{SOURCES}; commit both");
    Ok(())
}

fn cargo_home() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home));
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    Some(PathBuf::from(home).join(".cargo"))
}

/// One hash over every source file of the engine (path and text, line endings as LF so a
/// Windows checkout agrees), skipping build output and the built engine itself.
fn sources_hash(root: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    for dir in SOURCE_DIRS {
        collect(&root.join(dir), &mut files).map_err(|e| format!("{dir}: {e}"))?;
    }
    files.extend(SOURCE_FILES.iter().map(|f| root.join(f)));
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|f| (f.strip_prefix(root).unwrap_or(&f).components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"), f))
        .collect();
    named.sort();
    let mut hasher = blake3::Hasher::new();
    for (name, file) in named {
        let bytes = std::fs::read(&file).map_err(|e| format!("{name}: {e}"))?;
        let text: Vec<u8> = bytes.iter().enumerate().filter(|&(i, b)| !(*b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))).map(|(_, b)| *b).collect();
        hasher.update(name.as_bytes()).update(&[0]).update(&(text.len() as u64).to_le_bytes()).update(&text);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // assets/ is the worker and UI the generator embeds as they are, not part of the wasm.
        if name.starts_with('.') || name == "target" || name == "dist" || name == "assets" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_engine_is_built_from_the_sources_as_they_are() {
        let root = super::root();
        let recorded = std::fs::read_to_string(root.join(super::DIST).join(super::SOURCES)).unwrap_or_default();
        assert_eq!(
            recorded.trim(),
            super::sources_hash(&root).unwrap(),
            "the browser engine's sources changed since crates/search-web/dist/ was built: run `cargo xtask engine` and commit the result"
        );
    }
}
