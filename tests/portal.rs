//! The default portal, built from this repository: honest data, light pages, help on every page.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod support;

/// The portal is built once per test run into a temporary folder (never the repo's public/).
fn portal() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en")
            .args(["build", "--quiet", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(result.status.success(), "the portal must build:\n{}", String::from_utf8_lossy(&result.stderr));
        (dir, out)
    });
    out
}

fn html_files() -> Vec<PathBuf> {
    walkdir::WalkDir::new(portal())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

fn is_redirect(html: &str) -> bool {
    html.contains("http-equiv=\"refresh\"")
}

#[test]
fn every_page_has_the_help_block_with_tel_links() {
    let files = html_files();
    assert!(files.len() > 20, "the portal has {} pages", files.len());
    for f in files {
        let html = std::fs::read_to_string(&f).unwrap();
        if is_redirect(&html) {
            continue;
        }
        for number in ["111", "113", "115"] {
            assert!(html.contains(&format!("href=\"tel:{number}\"")), "{} lacks a tel:{number} link", f.display());
        }
        assert!(html.contains("<html lang=\"vi\""), "{} must declare lang=\"vi\"", f.display());
    }
}

/// Budget for what a citizen downloads to read a content page: the HTML plus the stylesheets it
/// links (fonts are system fonts; scripts are not needed to read and the search loads on intent).
const PAGE_BUDGET: usize = 150 * 1024;

#[test]
fn content_pages_stay_within_the_weight_budget() {
    let root = portal();
    let mut heaviest = (0, PathBuf::new());
    for f in html_files() {
        let html = std::fs::read_to_string(&f).unwrap();
        let mut total = html.len();
        for href in support::urls_in(&html).iter().filter(|u| u.ends_with(".css")) {
            // 404.html links absolutely below the base path (it is served at any depth).
            let css = match href.strip_prefix("/ctxh/") {
                Some(rest) => root.join(rest),
                None => f.parent().unwrap().join(href),
            };
            total += std::fs::metadata(&css).map(|m| m.len() as usize).unwrap_or_else(|_| panic!("{}: missing stylesheet {href}", f.display()));
        }
        let fonts = walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "woff2" || x == "woff" || x == "ttf")).count();
        assert_eq!(fonts, 0, "the theme uses system fonts: no web fonts to download");
        assert!(total <= PAGE_BUDGET, "{} weighs {} KB with its CSS (budget {} KB)", f.display(), total / 1024, PAGE_BUDGET / 1024);
        if total > heaviest.0 {
            heaviest = (total, f);
        }
    }
    eprintln!("heaviest page: {} KB ({})", heaviest.0 / 1024, heaviest.1.display());
}

fn centres() -> Vec<toml::Table> {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/centres.toml")).unwrap();
    let data: toml::Table = toml::from_str(&src).unwrap();
    data["centres"].as_array().unwrap().iter().map(|c| c.as_table().unwrap().clone()).collect()
}

#[test]
fn centre_pages_show_only_what_the_data_file_says() {
    let centres = centres();
    assert!(!centres.is_empty());
    for c in &centres {
        let slug = c["slug"].as_str().unwrap();
        let path = portal().join("co-so").join(slug).join("index.html");
        let html = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no page for centre {slug}"));
        let name = c["name"].as_str().unwrap();
        assert!(html.contains(&escape(name)), "{slug}: name missing");
        // Every tel: link on a centre page is a known hotline or this centre's own phone.
        let own_phone = c.get("phone").and_then(|p| p.as_str()).map(|p| p.replace([' ', '.'], ""));
        for url in support::urls_in(&html).iter().filter(|u| u.starts_with("tel:")) {
            let number = &url[4..];
            let known = ["111", "113", "115"].contains(&number) || own_phone.as_deref() == Some(number);
            assert!(known, "{slug}: tel:{number} does not come from data/centres.toml");
        }
        if let Some(capacity) = c.get("capacity").and_then(|v| v.as_integer()) {
            assert!(html.contains(&capacity.to_string()), "{slug}: capacity {capacity} not shown");
        }
        if c.get("address").is_none() {
            assert!(html.contains("111"), "{slug}: a centre without an address still says how to get help");
        }
    }
}

#[test]
fn no_placeholder_contact_details_anywhere() {
    let placeholders = ["0123456789", "0123 456 789", "xxx-xxx", "000-000", "lorem ipsum", "example@", "123 Đường", "Số nhà xx"];
    for f in html_files() {
        let html = std::fs::read_to_string(&f).unwrap().to_lowercase();
        for p in placeholders {
            assert!(!html.contains(&p.to_lowercase()), "{} contains placeholder text {p:?}", f.display());
        }
        // tel: links are only the national hotlines or phones present in the data files.
        for url in support::urls_in(&html).iter().filter(|u| u.starts_with("tel:")) {
            let number = &url[4..];
            let in_data = centres().iter().any(|c| c.get("phone").and_then(|p| p.as_str()).is_some_and(|p| p.replace([' ', '.'], "") == number));
            assert!(["111", "113", "115"].contains(&number) || in_data, "{}: tel:{number} is not a known number", f.display());
        }
    }
}

#[test]
fn every_plan_is_published_with_its_province() {
    let plans = portal().join("ke-hoach");
    let pages: Vec<_> = std::fs::read_dir(&plans).unwrap().filter_map(Result::ok).filter(|e| e.path().join("index.html").exists()).collect();
    assert!(pages.len() >= 5, "five plans, found {}", pages.len());
    let all: String = pages.iter().map(|e| std::fs::read_to_string(e.path().join("index.html")).unwrap()).collect();
    for province in ["Lâm Đồng", "Đồng Tháp", "Ninh Bình", "Huế", "Hải Phòng"] {
        assert!(all.contains(province), "a plan page names {province}");
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A strict Content-Security-Policy (README) allows no inline scripts, inline event handlers or
/// style attributes; JSON-LD is data and allowed.
#[test]
fn pages_work_under_a_strict_content_security_policy() {
    for f in html_files() {
        let html = std::fs::read_to_string(&f).unwrap();
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<script") {
            let tag_end = rest[i..].find('>').map(|e| i + e).unwrap();
            let tag = &rest[i..=tag_end];
            assert!(tag.contains(" src=") || tag.contains("application/ld+json"), "{}: inline script {tag}", f.display());
            rest = &rest[tag_end..];
        }
        let lower = html.to_lowercase();
        for handler in [" onclick=", " onload=", " onerror=", " onchange=", " onsubmit=", " oninput=", " style="] {
            assert!(!lower.contains(handler), "{}: inline {handler}", f.display());
        }
        assert!(!lower.contains("javascript:"), "{}: javascript: URL", f.display());
    }
}

#[test]
fn the_search_hint_is_not_a_search_result() {
    // The home page shows example queries next to its search box; searching for one must find
    // the help and plan sections, not the hint.
    let found = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en")
        .args(["search", "--json", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(portal())
        .arg("tre em bi bao luc")
        .output()
        .unwrap();
    assert!(found.status.success(), "{}", String::from_utf8_lossy(&found.stderr));
    let results: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let urls: Vec<&str> = results["hits"].as_array().unwrap().iter().map(|h| h["url"].as_str().unwrap()).collect();
    assert!(!urls.iter().any(|u| *u == "/" || u.starts_with("/#")), "{urls:?}");
    assert!(urls.iter().take(3).any(|u| u.starts_with("/ho-tro/tre-em-bi-xam-hai/")), "the help page is near the top: {urls:?}");
}

#[test]
fn no_published_file_names_the_machine_it_was_built_on() {
    // The engine's panic locations once named the checkout and the cargo registry under the home
    // folder: every published site told where and by whom it was built.
    let home = std::env::var("HOME").or_else(|_| std::env::var("USERPROFILE")).unwrap_or_default();
    let cargo_home = std::env::var("CARGO_HOME").unwrap_or_else(|_| format!("{home}/.cargo"));
    let mut private: Vec<String> = vec![env!("CARGO_MANIFEST_DIR").to_string(), cargo_home];
    private.extend([format!("{home}/")].into_iter().filter(|h| h.len() > 2));
    let mut files = 0;
    for entry in walkdir::WalkDir::new(portal()).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        files += 1;
        for path in &private {
            let found = bytes.windows(path.len()).any(|w| w == path.as_bytes());
            assert!(!found, "{} contains the build machine's path {path}", entry.path().display());
        }
    }
    assert!(files > 50, "the portal has its files ({files})");
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn og_image(html: &str) -> Option<String> {
    let at = html.find("<meta property=\"og:image\" content=\"")? + "<meta property=\"og:image\" content=\"".len();
    Some(html[at..at + html[at..].find('"')?].to_string())
}

#[test]
fn every_page_has_its_own_share_image_with_the_same_bytes_on_every_build() {
    let first = portal();
    let again = tempfile::tempdir().unwrap();
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en")
        .args(["build", "--quiet", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(again.path())
        .status()
        .unwrap();
    assert!(built.success());
    let mut images = std::collections::HashMap::new();
    for f in html_files() {
        let html = std::fs::read_to_string(&f).unwrap();
        // The service worker's offline.html stands in for pages that are not there, as 404.html does.
        if is_redirect(&html) || f.ends_with("offline.html") {
            continue;
        }
        if f.ends_with("404.html") {
            assert_eq!(og_image(&html).as_deref(), Some("https://example.gov.vn/ctxh/og.png"), "the not-found page shares the home page's picture, not a blank one");
            continue;
        }
        let rel = f.parent().unwrap().strip_prefix(first).unwrap();
        let url = og_image(&html).unwrap_or_else(|| panic!("{}: no og:image", f.display()));
        let expected = format!("https://example.gov.vn/ctxh/{}og.png", rel.to_str().unwrap().to_string() + if rel.as_os_str().is_empty() { "" } else { "/" });
        assert_eq!(url, expected, "{}", f.display());
        let png = std::fs::read(f.parent().unwrap().join("og.png")).unwrap_or_else(|_| panic!("{}: og.png missing", f.display()));
        assert_eq!(png_size(&png), (1200, 630));
        assert_eq!(png, std::fs::read(again.path().join(rel).join("og.png")).unwrap(), "{}: og.png differs between two builds", f.display());
        if let Some(other) = images.insert(png, f.clone()) {
            panic!("{} and {} share one image", f.display(), other.display());
        }
    }
    assert!(images.len() > 20, "{} share images", images.len());
}

#[test]
fn plan_pages_offer_the_text_as_received_for_download() {
    for (seed, page) in [("000_85cd45b37e99c3e6.txt", "binh-thuan-2023"), ("001_3e794d220b4caca0.txt", "dong-thap-2021-2030"), ("004_38dea337a5e22435.txt", "hai-duong-2025")] {
        let dir = portal().join("ke-hoach").join(page);
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        // Saved under a name a citizen recognises, not the seed's hash.
        assert!(html.contains(&format!("href=\"../../ke-hoach/{page}/{seed}\" download=\"ke-hoach-{page}.txt\"")), "{page}: no download link");
        let seed_bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("sources/seeds").join(seed)).unwrap();
        assert_eq!(std::fs::read(dir.join(seed)).unwrap(), seed_bytes, "{page}: the download is the seed itself");
    }
}

#[test]
fn citizens_never_see_internal_source_paths() {
    for f in html_files() {
        let html = std::fs::read_to_string(&f).unwrap();
        let text = html.split("<main").nth(1).unwrap_or("");
        assert!(!text.contains(">sources/seeds") && !text.contains("Nguồn: sources/"), "{} shows an internal path", f.display());
    }
}

/// A feedback contact appears only where a site sets one in config [extra].
#[test]
fn feedback_contact_only_when_the_site_sets_one() {
    let site = support::TestSite::empty();
    site.write("config.toml", "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n");
    site.page("_index.md", "title = \"Thử\"", "");
    site.page("a.md", "title = \"Trang A\"\n[extra]\nkind = \"help\"", "Nội dung.\n");
    site.build_ok();
    assert!(!site.read("public/a/index.html").contains("class=\"feedback\""));
    site.write("config.toml", "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n[extra]\nfeedback = { email = \"gopy@example.gov.vn\" }\n");
    site.build_ok();
    let html = site.read("public/a/index.html");
    assert!(html.contains("class=\"feedback\""), "{html}");
    assert!(html.contains("href=\"mailto:gopy@example.gov.vn?subject="), "the page's own message names the page");
    assert!(html.contains("chưa ghi ngày rà soát"), "a help page without `reviewed` says so");
}

#[test]
fn share_images_can_be_turned_off() {
    let site = support::TestSite::empty();
    site.write("config.toml", "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n");
    site.page("_index.md", "title = \"Thử\"", "");
    site.page("a.md", "title = \"Trang A\"", "Nội dung.\n");
    site.build_ok();
    assert!(site.exists("public/a/og.png"), "the built-in theme draws share images");
    assert_eq!(og_image(&site.read("public/a/index.html")).as_deref(), Some("https://example.gov.vn/a/og.png"));
    site.write("config.toml", "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n[extra]\nshare_images = false\n");
    site.build_ok();
    assert!(!site.exists("public/a/og.png"));
    let html = site.read("public/a/index.html");
    assert_eq!(og_image(&html), None, "no picture rather than a blank rectangle");
    assert!(html.contains("name=\"twitter:card\" content=\"summary\""), "{html}");
}

/// A rebuild reuses the previous build's share image when it would be drawn from the same SVG
/// (the key is in the PNG), and draws it anew when the page changed.
#[test]
fn rebuilds_redraw_only_the_share_images_that_changed() {
    let site = support::TestSite::empty();
    site.write("config.toml", "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\n");
    site.page("_index.md", "title = \"Thử\"", "");
    site.page("a.md", "title = \"Trang A\"", "Nội dung.\n");
    site.build_ok();
    let drawn = std::fs::read(site.path("public/a/og.png")).unwrap();
    // Mark the file: only a reused file keeps the mark.
    let mut marked = drawn.clone();
    marked.extend_from_slice(b"reused");
    std::fs::write(site.path("public/a/og.png"), &marked).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read(site.path("public/a/og.png")).unwrap(), marked, "same page, same image: reused");
    site.page("a.md", "title = \"Trang A đã đổi tên\"", "Nội dung.\n");
    site.build_ok();
    let redrawn = std::fs::read(site.path("public/a/og.png")).unwrap();
    assert!(!redrawn.ends_with(b"reused") && redrawn != drawn, "a new title draws a new image");
    assert_eq!(png_size(&redrawn), (1200, 630));
}
