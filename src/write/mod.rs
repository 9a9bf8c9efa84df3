//! Stage 4, write: everything goes into a fresh folder beside the output, which replaces the
//! output in one step only when the whole build succeeded. A failed build leaves the previous
//! public/ exactly as it was.

pub mod urls;

use crate::diag::{Diagnostic, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

pub struct Output {
    pub final_dir: PathBuf,
    /// Markup added before `</body>` of every page (serve's live reload), if any.
    inject: Option<String>,
    /// Where files go: a fresh folder beside the output, or (serve's partial rebuilds) the
    /// served folder itself.
    dir: PathBuf,
    staging: Option<tempfile::TempDir>,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Output {
    pub fn new(final_dir: &Path) -> Result<Output> {
        let parent = match final_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let name = final_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        // Same parent folder, so the final rename never crosses a file system.
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::io(&parent, &e).help("nhipcau builds next to the output folder: it must be writable"))?;
        Ok(Output { final_dir: final_dir.to_path_buf(), inject: None, dir: staging.path().to_path_buf(), staging: Some(staging), files: AtomicUsize::new(0), bytes: AtomicU64::new(0) })
    }

    /// Writes straight into an existing folder, with no staging and nothing to commit.
    pub fn in_place(dir: &Path) -> Output {
        Output { final_dir: dir.to_path_buf(), inject: None, dir: dir.to_path_buf(), staging: None, files: AtomicUsize::new(0), bytes: AtomicU64::new(0) }
    }

    pub fn inject_before_body_end(&mut self, markup: &str) {
        self.inject = Some(markup.to_string());
    }

    pub fn staging_dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` ("a/b/index.html") below the output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Diagnostic::io(&path, &e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Writes an HTML page at its site path ("/a/b/" → a/b/index.html), with root paths made
    /// relative to it.
    pub fn write_page(&self, site_path: &str, html: &str) -> Result<()> {
        self.write(&output_file(site_path), finish_page(site_path, html, self.inject.as_deref()).as_bytes())
    }

    pub fn copy(&self, src: &Path, rel: &str) -> Result<()> {
        let bytes = std::fs::read(src).map_err(|e| Diagnostic::io(src, &e))?;
        self.write(rel, &bytes)
    }

    pub fn counts(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Puts the finished site in place of the old one. On Linux the two folders are exchanged
    /// atomically (renameat2 RENAME_EXCHANGE): a reader sees the old site or the new one, never
    /// neither. Elsewhere the old folder is moved aside first.
    pub fn commit(self) -> Result<()> {
        let Some(staging) = self.staging else { return Ok(()) };
        let staging = staging.keep();
        let final_dir = &self.final_dir;
        let fail = |e: std::io::Error| Diagnostic::io(final_dir, &e).help("the new site is complete but could not replace the old one; check permissions");
        if final_dir.exists() {
            if !final_dir.is_dir() {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(Diagnostic::new("the output path exists and is not a folder").in_file(final_dir).help("choose another --output or remove that file").into());
            }
            if exchange(&staging, final_dir).is_err() {
                let aside = staging.with_extension("old");
                std::fs::rename(final_dir, &aside).map_err(fail)?;
                std::fs::rename(&staging, final_dir).map_err(fail)?;
                let _ = std::fs::remove_dir_all(&aside);
                return Ok(());
            }
            // `staging` now holds the old site.
            let _ = std::fs::remove_dir_all(&staging);
        } else {
            std::fs::rename(&staging, final_dir).map_err(fail)?;
        }
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    rustix::fs::renameat_with(rustix::fs::CWD, a, rustix::fs::CWD, b, rustix::fs::RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange"))
}

/// A rendered page as it is written: root paths made relative, `inject` added before `</body>`.
pub fn finish_page(site_path: &str, html: &str, inject: Option<&str>) -> String {
    let mut html = urls::rewrite_root_paths(html, &urls::root_prefix(site_path));
    if let (Some(markup), Some(at)) = (inject, html.rfind("</body>")) {
        html.insert_str(at, markup);
    }
    html
}

/// "/" → "index.html", "/a/b/" → "a/b/index.html", "/x.xml" → "x.xml".
pub fn output_file(site_path: &str) -> String {
    let rel = site_path.trim_start_matches('/');
    if rel.is_empty() {
        "index.html".into()
    } else if rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}
