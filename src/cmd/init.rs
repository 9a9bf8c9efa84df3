//! `nhipcau init DIR`: a new site that builds with the built-in theme.

use nhipcau::diag::{Diagnostic, Diagnostics};
use std::path::PathBuf;

/// Create a new site: config.toml, a home page and one page.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to create (must be empty or not exist).
    dir: PathBuf,
}

const CONFIG: &str = r#"# nhipcau site settings. See README.md for every key.
title = "Cổng thông tin công tác xã hội"
description = "Thông tin về công tác xã hội và cách nhận hỗ trợ."
# The address the site will be published at (a sub-folder works too).
base_url = "https://example.gov.vn/"
default_language = "vi"
theme = "nhipcau"
taxonomies = [{ name = "doi-tuong" }]

[extra]
hotlines = [
  { number = "111", label = "Tổng đài quốc gia bảo vệ trẻ em", note = "Miễn phí, 24/7" },
  { number = "113", label = "Công an" },
  { number = "115", label = "Cấp cứu y tế" },
]
"#;

const HOME: &str = r#"+++
title = "Trang chủ"
sort_by = "date"
+++

Chào mừng bạn đến với cổng thông tin.
"#;

const PAGE: &str = r#"+++
title = "Giới thiệu"
description = "Cổng thông tin này là gì."
date = 2026-01-01

[extra]
kind = "explainer"
+++

## Về cổng thông tin

Viết nội dung ở đây bằng Markdown.
"#;

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let dir = &args.dir;
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Diagnostic::new("this folder exists and is not empty").in_file(dir).help("choose a new folder name").into());
    }
    let write = |rel: &str, text: &str| -> Result<(), Diagnostics> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, &e).into())
    };
    write("config.toml", CONFIG)?;
    write("content/_index.md", HOME)?;
    write("content/gioi-thieu.md", PAGE)?;
    write("static/.gitkeep", "")?;
    println!("Created a new site in {}. Build it with:\n  nhipcau build --root {}", dir.display(), dir.display());
    Ok(())
}
