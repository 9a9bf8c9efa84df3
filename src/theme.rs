//! The built-in theme, compiled into the binary: what load (theme resolution), render (templates,
//! share-image fonts) and the build (static files) all read, so none of them reaches into another.

use crate::site::Site;

/// The theme name that needs no themes/ folder.
pub const BUILTIN_THEME: &str = "nhipcau";

pub static BUILTIN: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/nhipcau");

/// The site uses the compiled-in theme: it names it and has no themes/nhipcau/ of its own
/// (which would win, as any theme folder does).
pub fn is_builtin(site: &Site) -> bool {
    site.theme_dir.is_none() && site.config.theme.as_deref() == Some(BUILTIN_THEME)
}

/// The built-in theme's static files by output path (`css/site.css`), with their bytes.
pub fn builtin_static_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            let rel = f.path().strip_prefix("static").unwrap_or(f.path());
            out.push((rel.to_string_lossy().replace('\\', "/"), f.contents()));
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = BUILTIN.get_dir("static") {
        walk(dir, &mut out);
    }
    out
}
