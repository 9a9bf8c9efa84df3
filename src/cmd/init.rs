//! `nhipcau init DIR`: a new site that builds with the built-in theme, explains itself (a README
//! for the officer, pages that say what to replace) and is presentable from the first build: a
//! menu, the national hotlines, a help section and a target-group listing with a real title.

use nhipcau::diag::{Diagnostic, Diagnostics};
use nhipcau::t;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
}

/// The settings, commented in the officer's language. Only the national hotlines (111, 113, 115)
/// are filled in: a site's own contacts are for its officers to add.
fn config() -> String {
    format!(
        r#"# {header}
title = "Cổng thông tin công tác xã hội"
description = "Thông tin về công tác xã hội và cách nhận hỗ trợ."
# {base_url}
base_url = "https://example.gov.vn/"
default_language = "vi"
theme = "nhipcau"
taxonomies = [{{ name = "doi-tuong" }}]

[extra]
# {hotlines}
hotlines = [
  {{ number = "111", label = "Tổng đài quốc gia bảo vệ trẻ em", note = "miễn phí, 24/7" }},
  {{ number = "113", label = "Công an" }},
  {{ number = "115", label = "Cấp cứu y tế" }},
]
# {menu}
menu = [
  {{ name = "Cách nhận hỗ trợ", path = "/ho-tro/" }},
  {{ name = "Đối tượng", path = "/doi-tuong/" }},
  {{ name = "Giới thiệu", path = "/gioi-thieu/" }},
]
footer_menu = [
  {{ name = "Sơ đồ trang", path = "/so-do-trang/" }},
  {{ name = "Giới thiệu", path = "/gioi-thieu/" }},
]
taxonomy_titles = {{ "doi-tuong" = "Đối tượng" }}
# {feedback}
# feedback = {{ email = "…", phone = "…" }}
"#,
        header = t!("init-config-header"),
        base_url = t!("init-config-base-url"),
        hotlines = t!("init-config-hotlines"),
        menu = t!("init-config-menu"),
        feedback = t!("init-config-feedback"),
    )
}

const HOME: &str = r#"+++
title = "Trang chủ"
description = "Thông tin về công tác xã hội và cách nhận hỗ trợ."
sort_by = "date"
+++

Cổng thông tin này giúp người dân biết công tác xã hội là gì và tìm được sự hỗ trợ khi cần.
Nếu bạn hoặc người thân đang gặp nguy hiểm, hãy gọi ngay các số ở đầu trang.
"#;

const ABOUT: &str = r#"+++
title = "Giới thiệu"
description = "Cổng thông tin này là gì và do ai biên soạn."
date = 2026-01-01

[extra]
kind = "explainer"
+++

## Về cổng thông tin

Đây là trang mẫu do `nhipcau init` tạo. Hãy thay bằng lời giới thiệu của đơn vị bạn: đơn vị nào
biên soạn, thông tin được cập nhật khi nào, và liên hệ ở đâu khi thấy thông tin sai.
"#;

const HELP_SECTION: &str = r#"+++
title = "Cách nhận hỗ trợ"
description = "Những việc cần làm khi bạn hoặc người thân cần được trợ giúp."
sort_by = "weight"
+++

Mỗi trang trong mục này dành cho một hoàn cảnh. Khi khẩn cấp, hãy gọi ngay các số ở đầu trang.
"#;

const HELP_PAGE: &str = r#"+++
title = "Khi trẻ em bị bạo lực hoặc bị xâm hại"
description = "Gọi 111 (miễn phí, 24/7) để được tư vấn và hỗ trợ bảo vệ trẻ em."
weight = 1

[taxonomies]
doi-tuong = ["Trẻ em"]

[extra]
kind = "help"
keywords = ["tre bi danh", "bao hanh tre em"]
# Someone reading about violence may be watched: a "Thoát nhanh" button (and Shift pressed three
# times) leaves the page at once.
quick_exit = true
+++

## Gọi ngay

- **111**: Tổng đài quốc gia bảo vệ trẻ em, miễn phí, 24/7.
- **113**: Công an, khi trẻ đang gặp nguy hiểm.
- **115**: Cấp cứu y tế, khi trẻ bị thương.

Đây là trang mẫu do `nhipcau init` tạo. Hãy bổ sung địa chỉ và số điện thoại của các cơ sở tại
địa phương bạn, chỉ theo những gì văn bản nguồn ghi rõ.
"#;

const SITEMAP: &str = r#"+++
title = "Sơ đồ trang"
description = "Mọi chuyên mục và trang của cổng thông tin trên một trang."
template = "sitemap.html"
weight = 99
in_search_index = false
+++
"#;

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let dir = &args.dir;
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Diagnostic::new(t!("init-not-empty")).in_file(dir).help(t!("init-not-empty-help")).into());
    }
    let write = |rel: &str, text: &str| -> Result<(), Diagnostics> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, &e).into())
    };
    write("config.toml", &config())?;
    write("README.md", &t!("init-readme"))?;
    write("content/_index.md", HOME)?;
    write("content/gioi-thieu.md", ABOUT)?;
    write("content/ho-tro/_index.md", HELP_SECTION)?;
    write("content/ho-tro/tre-em-bi-bao-luc.md", HELP_PAGE)?;
    write("content/so-do-trang/_index.md", SITEMAP)?;
    write("static/.gitkeep", "")?;
    let shown = dir.display().to_string();
    super::print(&(t!("init-created", dir = shown.as_str(), readme = dir.join("README.md").display().to_string()) + "\n"))
}
