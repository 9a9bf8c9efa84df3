//! Stage 4, write: everything goes into a fresh folder beside the output, which replaces the
//! output in one step only when the whole build succeeded. A failed build leaves the previous
//! public/ exactly as it was.

pub mod staging;
pub mod urls;

use crate::diag::{Diagnostic, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

pub struct Output {
    pub final_dir: PathBuf,
    /// Markup added before `</body>` of every page (serve's live reload), if any.
    inject: Option<String>,
    /// Where files go: a fresh staging folder beside the output, or (serve's partial rebuilds)
    /// the served folder itself.
    dir: PathBuf,
    staging: Option<staging::Staging>,
    /// Every path written: a second write to one path is two sources claiming one URL.
    written: Mutex<HashSet<String>>,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Output {
    /// An output for the site at `site_root`, written to a staging folder and swapped in on
    /// [`Output::commit`]. `final_dir` must be a folder the build may replace
    /// ([`crate::sandbox::output_folder`]); a symbolic link is followed, and the link kept.
    pub fn new(final_dir: &Path, site_root: &Path) -> Result<Output> {
        let final_dir = crate::sandbox::output_folder(site_root, final_dir)?;
        let staging = staging::Staging::create(&final_dir)?;
        let dir = staging.dir().to_path_buf();
        Ok(Output { final_dir, inject: None, dir, staging: Some(staging), written: Mutex::default(), files: AtomicUsize::new(0), bytes: AtomicU64::new(0) })
    }

    /// Writes straight into an existing folder, with no staging and nothing to commit.
    pub fn in_place(dir: &Path) -> Output {
        Output { final_dir: dir.to_path_buf(), inject: None, dir: dir.to_path_buf(), staging: None, written: Mutex::default(), files: AtomicUsize::new(0), bytes: AtomicU64::new(0) }
    }

    pub fn inject_before_body_end(&mut self, markup: &str) {
        self.inject = Some(markup.to_string());
    }

    /// Writes `bytes` at `rel` ("a/b/index.html") below the output: the one door every output
    /// file goes through, so none can land outside it ([`crate::sandbox::output_path`]) and no
    /// two sources can silently replace each other's file.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if let Err(why) = crate::sandbox::output_path(rel) {
            return Err(Diagnostic::new(crate::t!("write-refused", path = rel, why = why)).help(crate::t!("write-refused-help")).into());
        }
        if !self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string()) {
            return Err(Diagnostic::new(crate::t!("write-twice", path = rel)).help(crate::t!("write-twice-help")).into());
        }
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
        self.write(&crate::site::output_file(site_path), finish_page(site_path, html, self.inject.as_deref()).as_bytes())
    }

    pub fn copy(&self, src: &Path, rel: &str) -> Result<()> {
        let bytes = std::fs::read(src).map_err(|e| Diagnostic::io(src, &e))?;
        self.write(rel, &bytes)
    }

    pub fn counts(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Marks the finished site as nhipcau's (so the next build may replace it) and puts it in
    /// place of the old one; see [`staging::Staging::commit`].
    pub fn commit(self) -> Result<()> {
        let Some(staging) = self.staging else { return Ok(()) };
        let marker = staging.dir().join(crate::sandbox::OUTPUT_MARKER);
        std::fs::write(&marker, crate::sandbox::OUTPUT_MARKER_TEXT).map_err(|e| Diagnostic::io(&marker, &e))?;
        staging.commit(&self.final_dir)
    }
}

/// A rendered page as it is written: root paths made relative, `inject` added before `</body>`.
fn finish_page(site_path: &str, html: &str, inject: Option<&str>) -> String {
    let mut html = urls::rewrite_root_paths(html, &urls::root_prefix(site_path));
    if let (Some(markup), Some(at)) = (inject, html.rfind("</body>")) {
        html.insert_str(at, markup);
    }
    html
}
