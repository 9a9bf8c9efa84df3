//! Staging folders. A build writes into `.<name>.nhipcau-staging-<id>` beside its output and swaps
//! it in at the end. Each has a lock file beside it, held for as long as its build runs, so the
//! next build can tell a killed build's leftovers (tens of MB each) from a running build's, and
//! removes only the former. A failed build removes its own on the way out.

use crate::diag::{Diagnostic, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

const TAG: &str = ".nhipcau-staging-";

/// Staging folders (and their lock files) of builds under way in this process, for
/// [`remove_unfinished`].
static UNFINISHED: std::sync::Mutex<Vec<(PathBuf, PathBuf)>> = std::sync::Mutex::new(Vec::new());

/// Removes the staging folders of this process's unfinished builds: for a process about to exit
/// without unwinding (render::memory stops a runaway template that way).
pub fn remove_unfinished() {
    let unfinished = std::mem::take(&mut *UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()));
    for (dir, lock_file) in unfinished {
        let _ = std::fs::remove_dir_all(dir);
        let _ = std::fs::remove_file(lock_file);
    }
}

pub struct Staging {
    dir: PathBuf,
    lock_file: PathBuf,
    lock: Option<File>,
    committed: bool,
}

impl Staging {
    /// A fresh staging folder beside `final_dir`, after removing stale ones of earlier builds.
    pub fn create(final_dir: &Path) -> Result<Staging> {
        let parent = final_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let name = final_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let prefix = format!(".{name}{TAG}");
        remove_stale(&parent, &prefix);
        let unwritable = |e: std::io::Error| Diagnostic::io(&parent, &e).help(crate::t!("staging-unwritable-help"));
        // The lock file comes first: a staging folder without a held lock is always stale.
        for n in 0u32.. {
            let id = format!("{}-{n}", std::process::id());
            let lock_file = parent.join(format!("{prefix}{id}.lock"));
            let lock = match File::options().write(true).create_new(true).open(&lock_file) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(unwritable(e).into()),
            };
            lock.lock().map_err(unwritable)?;
            let dir = parent.join(format!("{prefix}{id}"));
            let staging = Staging { dir, lock_file, lock: Some(lock), committed: false };
            std::fs::create_dir(&staging.dir).map_err(unwritable)?;
            UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()).push((staging.dir.clone(), staging.lock_file.clone()));
            return Ok(staging);
        }
        unreachable!("u32 staging ids ran out")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the finished site in place of the old one. On Linux the two folders are exchanged
    /// atomically (renameat2 RENAME_EXCHANGE): a reader sees the old site or the new one, never
    /// neither. Elsewhere the old folder is moved aside first, and back if the new one cannot
    /// take its place.
    pub fn commit(mut self, final_dir: &Path) -> Result<()> {
        let fail = |e: std::io::Error| Diagnostic::io(final_dir, &e).help(crate::t!("staging-commit-failed-help"));
        if final_dir.exists() {
            if !final_dir.is_dir() {
                return Err(Diagnostic::new(crate::t!("staging-output-not-folder")).in_file(final_dir).help(crate::t!("staging-output-not-folder-help")).into());
            }
            if exchange(&self.dir, final_dir).is_ok() {
                // The staging name now holds the old site.
                self.committed = true;
                remove_replaced(&self.dir);
                return Ok(());
            }
            let aside = self.dir.with_extension("old");
            std::fs::rename(final_dir, &aside).map_err(fail)?;
            if let Err(e) = std::fs::rename(&self.dir, final_dir) {
                let _ = std::fs::rename(&aside, final_dir);
                return Err(fail(e).into());
            }
            self.committed = true;
            remove_replaced(&aside);
        } else {
            std::fs::rename(&self.dir, final_dir).map_err(fail)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()).retain(|(dir, _)| *dir != self.dir);
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        drop(self.lock.take());
        let _ = std::fs::remove_file(&self.lock_file);
    }
}

/// Removes the site a build replaced, its top-level entries on every core (a site's pages and its
/// search chunks are in different folders), each by std's `remove_dir_all`, which removes a link
/// rather than what it points to. Removing the old site was most of the write stage: at 10,000
/// generated pages the write stage took 267 ms on one core, 144 ms now (medians of 5).
fn remove_replaced(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir).map(|e| e.flatten().collect()).unwrap_or_default();
    entries.par_iter().for_each(|entry| {
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(entry.path()),
            _ => std::fs::remove_file(entry.path()),
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes staging folders (and folders moved aside) of builds that no longer run: their lock
/// file is gone or no longer held. Only names this module makes are touched.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        let id = rest.strip_suffix(".lock").or_else(|| rest.strip_suffix(".old")).unwrap_or(rest);
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            continue;
        }
        let lock_file = parent.join(format!("{prefix}{id}.lock"));
        let running = File::options().write(true).open(&lock_file).is_ok_and(|f| f.try_lock().is_err());
        if running {
            continue;
        }
        let path = entry.path();
        if rest.ends_with(".lock") {
            let _ = std::fs::remove_dir_all(parent.join(format!("{prefix}{id}")));
            let _ = std::fs::remove_file(&path);
        } else if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(&path);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_builds_staging_is_removed_and_a_running_ones_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A killed build: its folder and an unheld lock file.
        std::fs::create_dir_all(dir.path().join(".public.nhipcau-staging-1-0/x")).unwrap();
        std::fs::write(dir.path().join(".public.nhipcau-staging-1-0.lock"), "").unwrap();
        // One killed before it made its lock file would have no folder; one with no lock: stale too.
        std::fs::create_dir_all(dir.path().join(".public.nhipcau-staging-2-0")).unwrap();
        // Someone's own folder with a similar name is not ours.
        std::fs::create_dir_all(dir.path().join(".public.nhipcau-staging-notes")).unwrap();
        let running = Staging::create(&out).unwrap();
        let second = Staging::create(&out).unwrap();
        assert!(running.dir().is_dir(), "a running build's staging survives another build's start");
        let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!names.iter().any(|n| n.starts_with(".public.nhipcau-staging-1-") || n.starts_with(".public.nhipcau-staging-2-")), "{names:?}");
        assert!(names.contains(&".public.nhipcau-staging-notes".to_string()));
        let (a, b) = (running.dir().to_path_buf(), second.dir().to_path_buf());
        drop(running);
        assert!(!a.exists(), "a failed build removes its own staging folder");
        second.commit(&out).unwrap();
        assert!(out.is_dir() && !b.exists());
        let left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(left.len(), 2, "only public/ and the unrelated folder remain: {left:?}");
    }
}
