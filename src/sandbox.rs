//! What a build may touch. It reads only inside its site, writes only below its output folder,
//! and replaces only an output folder it wrote itself. Each rule is one function here, and every
//! read, every output path and every replaced folder goes through it, so a new feature cannot go
//! around it:
//!
//! - [`output_path`]: a path below the output (pages, aliases, feeds, assets, search files);
//! - [`output_folder`]: the folder a build replaces;
//! - [`read_inside`] and [`files_below`]: a file or a folder's files read from the site.

use crate::diag::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// The file every output folder carries, so a later build knows it may replace that folder.
pub const OUTPUT_MARKER: &str = ".nhipcau-output";
pub const OUTPUT_MARKER_TEXT: &str = "This folder was written by `nhipcau build`, which replaces it as a whole on every build.\n";

/// The folders a site is made from: never an output, never inside one.
pub const SOURCE_FOLDERS: &[&str] = &["content", "data", "static", "templates", "themes", "sources"];

/// Checks a path below the output folder ("a/b/index.html"), as it will be written. Refuses
/// anything that could leave the folder or that hosts and browsers read differently: `..` and
/// `.`, absolute paths, empty segments, backslashes, control characters, `:` (URL schemes such as
/// `javascript:` and Windows drive letters), and the characters that end a URL path or that
/// Windows forbids in file names. Returns why, for the caller to say where the path came from.
pub fn output_path(rel: &str) -> Result<(), String> {
    if rel.is_empty() {
        return Err(crate::t!("path-empty"));
    }
    if rel.starts_with('/') {
        return Err(crate::t!("path-absolute"));
    }
    if let Some(c) = rel.chars().find(|c| c.is_control()) {
        return Err(crate::t!("path-control-character", code = format!("U+{:04X}", c as u32)));
    }
    if let Some(c) = rel.chars().find(|c| matches!(c, '\\' | ':' | '?' | '#' | '<' | '>' | '"' | '|' | '*')) {
        return Err(crate::t!("path-bad-character", character = c.to_string()));
    }
    for segment in rel.split('/') {
        match segment {
            "" => return Err(crate::t!("path-empty-segment")),
            "." | ".." => return Err(crate::t!("path-dot-segment", segment = segment)),
            _ if segment.ends_with('.') || segment.ends_with(' ') => {
                return Err(crate::t!("path-trailing-dot-or-space", segment = segment))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks a site path given by an author ("/a/b/", "cu/trang.html"): the output file it becomes
/// must pass [`output_path`].
pub fn site_path(path: &str) -> Result<(), String> {
    let inner = path.trim_start_matches('/');
    if inner.is_empty() {
        return Ok(()); // the home page
    }
    output_path(inner.strip_suffix('/').unwrap_or(inner))
}

/// The folder a build may replace, resolved (a symbolic link is followed: the folder it points at
/// is the one replaced, and the link stays). Refused: the site itself or any folder it is made
/// from (or one inside them), a folder the site is inside, the home folder, a file-system root,
/// and any existing folder that is neither empty nor marked as written by nhipcau.
pub fn output_folder(site_root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String, help: String| Err(Diagnostic::new(crate::t!("output-refused", output = output.display().to_string(), why = why)).help(help));
    let real = match std::fs::canonicalize(output) {
        Ok(real) => real,
        // Not there yet: its nearest existing ancestor, resolved, and the rest as given.
        Err(_) => {
            let resolved = resolve_lexically(output);
            let mut existing = resolved.as_path();
            let mut rest = Vec::new();
            while !existing.exists() {
                let Some(parent) = existing.parent() else { break };
                rest.push(existing.file_name().map(|n| n.to_os_string()).unwrap_or_default());
                existing = parent;
            }
            let mut real = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
            real.extend(rest.iter().rev());
            real
        }
    };
    let site = std::fs::canonicalize(site_root).unwrap_or_else(|_| resolve_lexically(site_root));
    let choose = || crate::t!("output-choose-help");
    if real.parent().is_none() {
        return refuse(crate::t!("output-is-root"), choose());
    }
    if real == site {
        return refuse(crate::t!("output-is-site"), choose());
    }
    if site.starts_with(&real) {
        return refuse(crate::t!("output-contains-site", site = site.display().to_string()), choose());
    }
    for name in SOURCE_FOLDERS {
        let source = site.join(name);
        if real.starts_with(&source) {
            return refuse(crate::t!("output-in-source-folder", folder = *name), choose());
        }
    }
    if let Some(home) = home_folder() {
        if real == home {
            return refuse(crate::t!("output-is-home"), choose());
        }
    }
    if real.exists() {
        if !real.is_dir() {
            return refuse(crate::t!("output-is-file"), crate::t!("output-is-file-help"));
        }
        let mut entries = std::fs::read_dir(&real).map_err(|e| Diagnostic::io(&real, &e))?;
        let empty = entries.next().is_none();
        if !empty && !real.join(OUTPUT_MARKER).is_file() {
            return refuse(
                crate::t!("output-holds-other-files", marker = OUTPUT_MARKER),
                crate::t!("output-holds-other-files-help"),
            );
        }
    }
    Ok(real)
}

/// `a/./b/../c` → `a/c` without touching the disk (the output may not exist yet), made absolute.
fn resolve_lexically(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    std::fs::canonicalize(home).ok()
}

/// A regular file `rel` below `base` (a path with no `..`, not absolute), which must still be
/// below `base` once symbolic links are followed. `base` is the site root, or a templates folder.
pub fn read_inside(base: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    relative_name(rel, base)?;
    let full = base.join(rel);
    regular_file_inside(base, &full)?;
    Ok(full)
}

/// `rel` names something below a folder: relative, with no `..`. (Where the name leads once
/// links are followed is [`read_inside`]'s to check.)
pub fn relative_name(rel: &str, base: &Path) -> Result<(), Diagnostic> {
    let escapes = Path::new(rel).components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || rel.is_empty() {
        return Err(Diagnostic::new(crate::t!("read-not-inside", path = rel, base = base.display().to_string())).help(crate::t!("read-not-inside-help")));
    }
    Ok(())
}

/// `file` (already below `base` by name) is a regular file that stays below `base` when links
/// are followed. A missing file is the caller's to report (it knows what was looked for).
fn regular_file_inside(base: &Path, file: &Path) -> Result<(), Diagnostic> {
    let Ok(real) = std::fs::canonicalize(file) else { return Ok(()) };
    let real_base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
    if !real.starts_with(&real_base) {
        return Err(Diagnostic::new(crate::t!("read-link-outside", target = real.display().to_string(), base = real_base.display().to_string()))
            .in_file(file)
            .help(crate::t!("read-link-outside-help")));
    }
    let kind = std::fs::metadata(&real).map_err(|e| Diagnostic::io(file, &e))?.file_type();
    if !kind.is_file() && !kind.is_dir() {
        return Err(Diagnostic::new(crate::t!("read-not-regular")).in_file(file).help(crate::t!("read-not-regular-help")));
    }
    Ok(())
}

/// Every regular file below `dir` (links followed while they stay inside `site_root`), sorted,
/// with its path relative to `dir` in `/` form. Hidden files and folders are skipped when
/// `skip_hidden` (editor swap files in content/), kept otherwise (static/.well-known/).
/// What cannot be read or leads outside the site is a diagnostic naming it.
pub fn files_below(site_root: &Path, dir: &Path, skip_hidden: bool) -> (Vec<(PathBuf, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    let mut walk = walk.filter_entry(|e| !(skip_hidden && e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.')));
    while let Some(entry) = walk.next() {
        match entry {
            Ok(e) => {
                if e.path_is_symlink() || e.depth() == 0 {
                    if let Err(d) = regular_file_inside(site_root, e.path()) {
                        problems.push(d);
                        if e.file_type().is_dir() {
                            walk.skip_current_dir();
                        }
                        continue;
                    }
                }
                if e.file_type().is_file() {
                    let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                    let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                    files.push((e.path().to_path_buf(), rel));
                } else if !e.file_type().is_dir() {
                    problems.push(Diagnostic::new(crate::t!("read-not-regular")).in_file(e.path()).help(crate::t!("read-not-regular-help")));
                }
            }
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::new(crate::t!("read-link-loop")).help(crate::t!("read-link-loop-help"))
                } else if err.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied) {
                    Diagnostic::new(crate::t!("read-permission-denied")).help(crate::t!("read-permission-denied-help"))
                } else if err.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
                    Diagnostic::new(crate::t!("read-link-dangling")).help(crate::t!("read-link-dangling-help"))
                } else {
                    Diagnostic::new(crate::t!("read-failed", error = err.to_string())).help(crate::t!("read-failed-help"))
                };
                problems.push(d.in_file(path));
            }
        }
    }
    (files, problems)
}

/// The invariant the fuzz target (fuzz/fuzz_targets/output_path.rs) and a generated-input test
/// check: whatever an author writes as a `path`, slug or alias, if the build accepts it, the
/// file it becomes is a plain path of named segments below the output on every OS.
#[doc(hidden)]
pub fn accepted_paths_stay_inside(author_path: &str) -> Result<(), String> {
    let site = crate::site::normalise_path(author_path);
    if site_path(&site).is_err() {
        return Ok(()); // refused: nothing is written
    }
    let rel = crate::site::output_file(&site);
    output_path(&rel).map_err(|why| format!("{author_path:?} was accepted as {site:?} but {rel:?} is refused: {why}"))?;
    for segment in rel.split('/') {
        let leaves = matches!(segment, "" | "." | "..") || segment.contains(['\\', ':', '\0']) || Path::new(segment).components().count() != 1;
        if leaves || !matches!(Path::new(segment).components().next(), Some(Component::Normal(_))) {
            return Err(format!("{author_path:?} became {rel:?}, whose segment {segment:?} is not a plain name"));
        }
    }
    let slug = crate::slug::slugify(author_path);
    if !slug.is_empty() {
        output_path(&slug).map_err(|why| format!("slug {slug:?} of {author_path:?} is refused: {why}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_author_paths_that_are_accepted_stay_inside() {
        // The fuzz target's invariant over a deterministic spread of hostile pieces.
        let pieces = ["..", ".", "/", "//", "\\", "a", "đồng", "C:", "javascript:", "%2e%2e", "\u{0}", "\n", " ", "x.", "index.html", "?", "#", "~", "\u{202e}", "…"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut path = String::new();
            for _ in 0..(state % 7) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                path.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            accepted_paths_stay_inside(&path).unwrap();
        }
    }

    #[test]
    fn output_paths_stay_below_the_output() {
        for good in ["index.html", "a/b/index.html", "ke-hoach/dong-thap/index.html", "search/c-ab-1.bin", "đồng/tháp.html", ".well-known/security.txt"] {
            assert_eq!(output_path(good), Ok(()), "{good}");
        }
        for bad in ["", "/etc/x", "../x", "a/../../x", "a//b", "./a", "a\\b", "javascript:alert(1)/index.html", "C:/x", "a\u{7}b", "a\nb", "a/b?x", "a/b#c", "con./x", "a /b"] {
            assert!(output_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(site_path("/"), Ok(()));
        assert_eq!(site_path("/a/b/"), Ok(()));
        assert!(site_path("/../../../x/evil/").is_err());
        assert!(site_path("javascript:alert(1)").is_err());
    }

    #[test]
    fn the_site_and_its_folders_are_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        for bad in [site.clone(), site.join("content"), site.join("content/x"), site.join("public/.."), dir.path().to_path_buf(), PathBuf::from("/")] {
            assert!(output_folder(&site, &bad).is_err(), "{}", bad.display());
        }
        assert!(output_folder(&site, &site.join("public")).is_ok());
        let theirs = dir.path().join("theirs");
        std::fs::create_dir_all(&theirs).unwrap();
        assert!(output_folder(&site, &theirs).is_ok(), "an empty folder may be used");
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        assert!(output_folder(&site, &theirs).is_err(), "a folder of someone's files is refused");
        std::fs::write(theirs.join(OUTPUT_MARKER), OUTPUT_MARKER_TEXT).unwrap();
        assert!(output_folder(&site, &theirs).is_ok(), "a folder nhipcau wrote may be replaced");
    }

    #[test]
    fn reads_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_inside(dir.path(), "../etc/passwd").is_err());
        assert!(read_inside(dir.path(), "/etc/passwd").is_err());
        assert!(read_inside(dir.path(), "data/x.toml").is_ok());
    }
}
