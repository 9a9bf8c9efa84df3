//! Small sites in temporary folders, built with the real `nhipcau` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

pub const CONFIG: &str = r#"title = "Thử nghiệm"
base_url = "https://example.gov.vn/ctxh/"
theme = "mini"
taxonomies = [{ name = "tinh-thanh", feed = true }, { name = "doi-tuong" }]
"#;

impl TestSite {
    /// A site with config.toml and the minimal test theme.
    pub fn new() -> TestSite {
        let site = TestSite::empty();
        site.write("config.toml", CONFIG);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-theme"), &site.path("themes/mini"));
        site.write("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n");
        site
    }

    pub fn empty() -> TestSite {
        TestSite { dir: tempfile::tempdir().unwrap() }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Writes `rel` whole in one step (a file beside the watched folders, renamed over it), as
    /// editors that save atomically do: a watcher never sees it empty or half written.
    pub fn replace(&self, rel: &str, text: &str) -> &Self {
        let staged = self.path(".replacing");
        std::fs::write(&staged, text).unwrap();
        std::fs::rename(staged, self.path(rel)).unwrap();
        self
    }

    pub fn page(&self, rel: &str, front_matter: &str, body: &str) -> &Self {
        self.write(&format!("content/{rel}"), &format!("+++\n{front_matter}\n+++\n{body}"))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// `run` with more environment variables (the English default among them can be replaced).
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_nhipcau"))
            .args(args)
            .current_dir(self.root())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            // The tests read the English messages, whatever the machine's language.
            .env("NHIPCAU_LANG", "en")
            .envs(env.iter().copied())
            .output()
            .expect("run nhipcau");
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn build_ok(&self) -> &Self {
        let r = self.build();
        assert!(r.ok, "build failed:\n{}", r.stderr);
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, for byte-identical comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// All href/src/action values in an HTML document.
pub fn urls_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}
