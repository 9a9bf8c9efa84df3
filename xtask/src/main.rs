//! `cargo xtask engine [--check]`: builds the browser search engine (crates/search-web) for
//! wasm32-unknown-unknown, splits it in two with binaryen's wasm-split and keeps both parts in
//! crates/search-web/dist/, where the generator's build.rs embeds them. So a newcomer's
//! `cargo build` compiles only the generator (the engine's nested release build was about 7 of
//! the first build's 11–28 minutes on two cores), and everybody ships the same engine bytes.
//!
//! The split: the engine is run, instrumented, on what citizens search for over two built sites
//! (crates/search-web/split/profile.mjs, in Node.js); the functions a search reached form the
//! part every first search downloads, and the rest (error paths, code tantivy links that no
//! search reaches) a second file, which the worker loads only if a call ever needs it.
//!
//! The build is reproducible: the toolchain is pinned (rust-toolchain.toml), dependencies are
//! locked, and the checkout and cargo home are remapped, so no builder's path ends up in a
//! published site and two machines produce the same wasm. `--check` rebuilds it and fails when
//! it is not the one the committed parts were split from (CI runs it; it needs neither Node.js
//! nor binaryen).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const DIST: &str = "crates/search-web/dist";
/// What cargo builds, in target/engine/: split, never shipped whole.
const BUILT: &str = "nhipcau_search_web.wasm";
/// The parts in dist/: what a search needs, and the rest.
const ENGINE: &str = "engine.wasm";
const ENGINE_REST: &str = "engine-rest.wasm";
/// The blake3 of the wasm the parts were split from, which `--check` compares with a rebuild.
const SPLIT_FROM: &str = "split-from.blake3";
/// The wasm32 target's features as rustc 1.95 enables them, which binaryen must accept.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
    "--enable-reference-types",
];
/// The hash of the sources the committed engine was built from; a test compares it with the
/// sources as they are, so a change to the engine's code without a rebuild cannot land.
const SOURCES: &str = "sources.blake3";
/// What the browser engine is built and split from (this file makes the sample sites). The
/// workspace's Cargo.toml and Cargo.lock are left out (most of their changes are the
/// generator's); `--check` in CI rebuilds from them anyway.
const SOURCE_DIRS: &[&str] = &["crates/search-web", "crates/search", "crates/analyzer"];
const SOURCE_FILES: &[&str] = &["rust-toolchain.toml", "xtask/src/main.rs"];

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
    let built_path = target_dir.join("wasm32-unknown-unknown/wasm").join(BUILT);
    let built = std::fs::read(&built_path).map_err(|e| format!("cannot read the built engine: {e}"))?;
    let built_hash = blake3::hash(&built).to_hex().to_string();
    let sources = sources_hash(&root)?;
    let dist = root.join(DIST);
    let committed_from = std::fs::read_to_string(dist.join(SPLIT_FROM)).unwrap_or_default();
    let committed_sources = std::fs::read_to_string(dist.join(SOURCES)).unwrap_or_default();
    eprintln!("xtask: engine {} bytes, blake3 {}", built.len(), &built_hash[..16]);
    if check {
        if committed_from.trim() != built_hash {
            return Err(format!(
                "{DIST}/{ENGINE} and {ENGINE_REST} were not split from what the sources build (blake3 {}): run `cargo xtask engine` and commit the result",
                &built_hash[..16]
            ));
        }
        if committed_sources.trim() != sources {
            return Err(format!("{DIST}/{SOURCES} does not match the sources: run `cargo xtask engine` and commit the result"));
        }
        for part in [ENGINE, ENGINE_REST] {
            if !dist.join(part).is_file() {
                return Err(format!("{DIST}/{part} is missing: run `cargo xtask engine` and commit the result"));
            }
        }
        eprintln!("xtask: the committed engine was split from exactly what its sources build");
        return Ok(());
    }
    let (engine, rest) = split(&root, &cargo, &target_dir, &built_path)?;
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    std::fs::write(dist.join(ENGINE), &engine).map_err(|e| format!("{DIST}/{ENGINE}: {e}"))?;
    std::fs::write(dist.join(ENGINE_REST), &rest).map_err(|e| format!("{DIST}/{ENGINE_REST}: {e}"))?;
    std::fs::write(dist.join(SPLIT_FROM), format!("{built_hash}\n")).map_err(|e| format!("{DIST}/{SPLIT_FROM}: {e}"))?;
    std::fs::write(dist.join(SOURCES), format!("{sources}\n")).map_err(|e| format!("{DIST}/{SOURCES}: {e}"))?;
    eprintln!("xtask: wrote {DIST}/{ENGINE} ({} bytes) and {ENGINE_REST} ({} bytes); commit dist/", engine.len(), rest.len());
    Ok(())
}

/// Splits the built engine where a search stops reaching: instruments it, runs it on the
/// portal in this repository and on larger sites made from the portal's text (see `SAMPLES`),
/// and gives wasm-split the profile.
fn split(root: &Path, cargo: &str, target_dir: &Path, built: &Path) -> Result<(Vec<u8>, Vec<u8>), String> {
    let work = target_dir.join("split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let instrumented = work.join("instrumented.wasm");
    run(Command::new("wasm-split").args(WASM_FEATURES).arg("--instrument").arg(built).arg("-o").arg(&instrumented), "wasm-split (binaryen) is needed to split the engine: `apt-get install binaryen`, `brew install binaryen`, or a release from github.com/WebAssembly/binaryen")?;
    let mut roots = vec![("portal".to_string(), root.to_path_buf())];
    for (name, shape) in &SAMPLES {
        let sample = work.join(format!("{name}-src"));
        sample_site(root, &sample, shape)?;
        roots.push((name.to_string(), sample));
    }
    let mut sites = Vec::new();
    for (name, site_root) in roots {
        let out = work.join(&name);
        eprintln!("xtask: building the {name} site to run the engine on");
        run(
            Command::new(cargo).current_dir(root).args(["run", "--quiet", "--release", "--locked", "-p", "nhipcau", "--", "build", "--quiet", "--root"]).arg(&site_root).arg("--output").arg(&out),
            "the generator could not build a site to run the engine on (see above)",
        )?;
        sites.push(out);
    }
    let profile = work.join("profile.bin");
    let fixtures = root.join("tests/fixtures/search");
    let mut node = Command::new("node");
    node.arg(root.join("crates/search-web/split/profile.mjs")).arg(&instrumented).arg(&profile);
    for set in ["citizen-queries.tsv", "citizen-queries-heldout.tsv", "citizen-queries-blind.tsv", "known-items.tsv"] {
        node.arg(fixtures.join(set));
    }
    node.arg("--").args(&sites);
    run(&mut node, "Node.js (20 or later) is needed to run the engine on sample searches")?;
    let (engine, rest) = (work.join(ENGINE), work.join(ENGINE_REST));
    run(
        Command::new("wasm-split").args(WASM_FEATURES).arg("--split").arg(built).arg("--profile").arg(&profile).arg("-o1").arg(&engine).arg("-o2").arg(&rest),
        "wasm-split failed (see above)",
    )?;
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    Ok((read(&engine)?, read(&rest)?))
}

fn run(command: &mut Command, hint: &str) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(_) => Err(hint.to_string()),
        Err(e) => Err(format!("{hint} ({e})")),
    }
}

/// The shape of a sample site (see [`sample_site`]): how many pages, and the ranges of sections
/// per page and of paragraphs per section.
struct Shape {
    pages: usize,
    sections: (usize, usize),
    paragraphs: (usize, usize),
}

/// Sites as large as real ones get, made from the portal's own paragraphs (content/; those with
/// links or shortcodes left out, as they name pages of the portal), the same on every machine:
/// the size of the index and the length of its texts decide which code a search reaches (with
/// 2,400 sections, opening the 10,000-page bench site's 50,000 still loaded the second part, and
/// a search on the 20 MB plan site did). Many short sections, as a portal of many pages has;
/// long plans of many sections; and on each, a first page of 200 sections, whose outline runs
/// past its first page of the sections file.
const SAMPLES: [(&str, Shape); 2] = [
    ("many", Shape { pages: 5000, sections: (2, 11), paragraphs: (1, 3) }),
    ("long", Shape { pages: 150, sections: (10, 40), paragraphs: (4, 20) }),
];

fn sample_site(root: &Path, out: &Path, shape: &Shape) -> Result<(), String> {
    let mut files = Vec::new();
    collect(&root.join("content"), &mut files).map_err(|e| format!("content/: {e}"))?;
    files.retain(|f| f.extension().is_some_and(|e| e == "md"));
    files.sort();
    let mut paragraphs: Vec<String> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        paragraphs.extend(body.split("\n\n").map(str::trim).filter(|p| p.len() > 80 && !p.starts_with(['#', '|', '<', '{', '!', '[']) && !p.contains("](") && !p.contains("{{") && !p.contains("{%")).map(String::from));
    }
    if paragraphs.is_empty() {
        return Err("content/ has no paragraphs to make the sample site from".into());
    }
    let content = out.join("content");
    std::fs::create_dir_all(&content).map_err(|e| format!("{}: {e}", content.display()))?;
    let write = |path: PathBuf, text: String| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(out.join("config.toml"), "title = \"Mẫu\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n".into())?;
    write(content.join("_index.md"), "+++\ntitle = \"Mẫu\"\n+++\n".into())?;
    // With the portal's synonyms, as the bench's sites have them: reading them makes hash maps,
    // and in wasm each of std's hash maps (tantivy's too) is keyed by how many came before it, so
    // which hashing code runs depends on them (without, opening the 10,000-page bench site's
    // index ran a probe the sample sites never had, in the engine's second part).
    let synonyms = root.join("data/search/synonyms.toml");
    if synonyms.is_file() {
        std::fs::create_dir_all(out.join("data/search")).map_err(|e| format!("{}: {e}", out.display()))?;
        std::fs::copy(&synonyms, out.join("data/search/synonyms.toml")).map_err(|e| format!("{}: {e}", synonyms.display()))?;
    }
    let mut seed: u64 = 0x006e_6869_7063_6175; // "nhipcau"
    let mut next = |(low, high): (usize, usize)| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        low + (seed >> 33) as usize % (high - low + 1)
    };
    let any = (0, paragraphs.len() - 1);
    let words = |p: &str, n: usize| p.split_whitespace().take(n).collect::<Vec<_>>().join(" ");
    for page in 0..shape.pages {
        let sections = if page == 0 { 200 } else { next(shape.sections) };
        let mut text = format!("+++\ntitle = {:?}\n+++\n\n{}\n", words(&paragraphs[next(any)], 8), paragraphs[next(any)]);
        for section in 0..sections {
            text.push_str(&format!("\n## {} {}\n", section + 1, words(&paragraphs[next(any)], 10)));
            for _ in 0..next(shape.paragraphs) {
                text.push_str(&format!("\n{}\n", paragraphs[next(any)]));
            }
        }
        write(content.join(format!("trang-{page}.md")), text)?;
    }
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
