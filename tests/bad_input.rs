//! Whatever an author feeds nhipcau, it says what is wrong (file, line, what to do), exits
//! non-zero, never panics, and leaves the previous public/ byte-identical. Merely unusual input
//! (BOM, CRLF, NFD) builds correctly.

mod support;
use support::{snapshot, TestSite};

/// A site that has built once, so there is a public/ to protect.
fn built_site() -> TestSite {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "## Mục tiêu\n\nNội dung.").build_ok();
    site
}

/// Breaks the site with `breakage`, builds, and checks the failure contract.
fn assert_fails(breakage: impl FnOnce(&TestSite), expected: &[&str]) {
    let site = built_site();
    let before = snapshot(&site.path("public"));
    breakage(&site);
    let r = site.build();
    assert!(!r.ok, "the build should fail; stderr:\n{}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "expected {e:?} in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"), "{}", r.stderr);
    assert!(r.stderr.contains("help:") || r.stderr.contains("build failed"), "{}", r.stderr);
    assert_eq!(snapshot(&site.path("public")), before, "public/ must be untouched");
}

#[test]
fn malformed_front_matter_toml() {
    assert_fails(|s| { s.page("b.md", "title = \"B", ""); }, &["b.md:2:", "help:"]);
}

#[test]
fn missing_opening_fence() {
    assert_fails(|s| { s.write("content/b.md", "title = \"B\"\n+++\n"); }, &["b.md:1:1: missing front matter"]);
}

#[test]
fn missing_closing_fence() {
    assert_fails(|s| { s.write("content/b.md", "+++\ntitle = \"B\"\n\nbody\n"); }, &["b.md:1:1: front matter is not closed"]);
}

#[test]
fn doubled_fence_leaves_toml_outside() {
    assert_fails(|s| { s.write("content/b.md", "+++\n+++\ntitle = \"B\"\n+++\n"); }, &["b.md", "no title"]);
}

#[test]
fn unknown_key_with_suggestion() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\ndraf = true", ""); }, &["b.md:3:1: unknown key `draf`", "did you mean `draft`?"]);
}

#[test]
fn wrong_types() {
    assert_fails(|s| { s.page("b.md", "title = 3", ""); }, &["b.md:2:"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"\nweight = \"x\"", ""); }, &["b.md:3:"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"\naliases = \"x\"", ""); }, &["b.md:3:"]);
}

#[test]
fn invalid_dates() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\ndate = 2025-02-30", ""); }, &["b.md:3:"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"\ndate = \"25/3/2025\"", ""); }, &["b.md:3:"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"\ndate = 10:00:00", ""); }, &["b.md:3", "has a time but no date"]);
}

#[test]
fn missing_template() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\ntemplate = \"khong-co.html\"", ""); }, &["khong-co.html", "does not exist", "b.md"]);
}

#[test]
fn broken_template_syntax() {
    assert_fails(|s| { s.write("templates/page.html", "ok\n{% if page.title %}\n"); }, &["templates/page.html", "syntax"]);
}

#[test]
fn template_calls_an_unknown_function() {
    assert_fails(|s| { s.write("templates/page.html", "\n\n{{ khong_co() }}"); }, &["templates/page.html:3", "unknown function", "available functions"]);
}

#[test]
fn template_includes_a_missing_partial() {
    assert_fails(|s| { s.write("templates/page.html", "{% include \"partials/khong-co.html\" %}"); }, &["templates/page.html", "khong-co.html"]);
}

#[test]
fn invalid_utf8() {
    assert_fails(
        |s| {
            std::fs::write(s.path("content/b.md"), b"+++\ntitle = \"B\"\n+++\nx\n\xff\xfe\n").unwrap();
        },
        &["b.md:5", "not valid UTF-8", "Save As"],
    );
}

#[test]
fn two_pages_claiming_one_url() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\npath = \"a\"", ""); }, &["b.md: this page would be written to a/index.html, which the page", "a.md already claims"]);
}

#[test]
fn alias_colliding_with_a_page() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\naliases = [\"a\"]", ""); }, &["b.md: this page's alias would be written to a/index.html"]);
}

#[test]
fn broken_internal_link_and_anchor() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"", "[x](@/khong.md)"); }, &["b.md:4", "broken internal link"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"", "\n[x](@/a.md#khong)"); }, &["b.md:5", "broken anchor", "muc-tieu"]);
}

#[test]
fn links_and_images_written_as_addresses_that_lead_nowhere() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"", "[x](/ho-tro/khong-co/)"); }, &["b.md:4: broken link: /ho-tro/khong-co/"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"", "\n[x](../x.md)"); }, &["b.md:5: broken link: ../x.md", "@/"]);
    assert_fails(|s| { s.page("b.md", "title = \"B\"", "![Sơ đồ](/anh/so-do.png)"); }, &["b.md:4: image /anh/so-do.png is not a file of this site", "static/"]);
    // What does exist is linked without complaint: a page by its address (with or without the
    // final slash, relative or from the root), a static file, a file beside the page.
    let site = built_site();
    site.write("static/tai-lieu.pdf", "%PDF").write("content/c/index.md", "+++\ntitle = \"C\"\n+++\n![Ảnh](anh.png) [a](../a/)").write("content/c/anh.png", "png");
    site.page("b.md", "title = \"B\"", "[a](/a/) [a](/a) [a](../a/#muc-tieu) [pdf](/tai-lieu.pdf) [c](/c/anh.png) [ngoài](https://example.vn/) [gọi](tel:111) [css](/css/site.css)");
    site.build_ok();
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    assert_fails(|s| { std::os::unix::fs::symlink(s.path("content"), s.path("content/vong")).unwrap(); }, &["symbolic link loop"]);
}

#[test]
fn data_file_with_a_bad_row() {
    assert_fails(
        |s| {
            s.write("data/so-lieu.csv", "a,b\n1,2\n3\n").write("templates/index.html", "{{ load_data(path='data/so-lieu.csv') }}");
        },
        &["so-lieu.csv:3", "every row needs 2 fields"],
    );
    assert_fails(
        |s| {
            s.write("data/x.toml", "a = [\n").write("templates/index.html", "{{ load_data(path='data/x.toml') }}");
        },
        &["x.toml"],
    );
}

#[test]
fn data_page_row_without_title() {
    assert_fails(
        |s| {
            s.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/c.toml\"\nkey = \"c\"\nsection = \"\"\ntitle = \"name\"\n", support::CONFIG))
                .write("data/c.toml", "[[c]]\nname = \"X\"\n[[c]]\nphone = \"1\"\n");
        },
        &["c.toml", "row 2 has no `name`"],
    );
}

#[test]
fn paths_that_escape_the_site_root() {
    assert_fails(|s| { s.write("templates/index.html", "{{ load_data(path='../bi-mat.toml') }}"); }, &["is not a path inside the site"]);
    assert_fails(
        |s| {
            s.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"../x.toml\"\nsection = \"\"\n", support::CONFIG));
        },
        &["config.toml", "not a path inside the site"],
    );
}

#[test]
fn unknown_taxonomy() {
    assert_fails(|s| { s.page("b.md", "title = \"B\"\n[taxonomies]\ntinh = [\"Huế\"]", ""); }, &["b.md", "taxonomy `tinh` is not declared", "did you mean `tinh-thanh`?"]);
}

#[test]
fn config_missing_or_bad() {
    assert_fails(|s| { std::fs::remove_file(s.path("config.toml")).unwrap(); }, &["config.toml", "nhipcau init"]);
    assert_fails(|s| { s.write("config.toml", "title = \"x\"\nbase_url = \"example.gov.vn\"\n"); }, &["config.toml", "not an absolute URL"]);
    assert_fails(|s| { s.write("config.toml", "base_url = \"https://x/\"\ntheme = \"khong-co\"\n"); }, &["theme `khong-co` not found"]);
}

#[test]
fn empty_file_and_empty_slug() {
    assert_fails(|s| { s.write("content/b.md", ""); }, &["b.md:1:1: missing front matter"]);
    assert_fails(|s| { s.page("!!!.md", "title = \"B\"", ""); }, &["!!!.md", "empty slug"]);
}

#[test]
fn output_path_that_is_a_file() {
    let site = built_site();
    site.write("ra", "a file");
    let r = site.run(&["build", "--output", "ra"]);
    assert!(!r.ok && r.stderr.contains("not a folder"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(site.path("ra")).unwrap(), "a file");
}

#[test]
fn bom_crlf_and_nfd_build_correctly() {
    let site = built_site();
    site.write("content/bom.md", "\u{feff}+++\r\ntitle = \"Có BOM\"\r\n+++\r\n## Đồng Tháp\r\n\r\nNội dung.\r\n");
    let nfd_title: String = unicode_normalization::UnicodeNormalization::nfd("Công tác xã hội").collect();
    site.write("content/nfd.md", &format!("+++\ntitle = \"{nfd_title}\"\n+++\n## {nfd_title}\n"));
    site.build_ok();
    let bom = site.read("public/bom/index.html");
    assert!(bom.contains("id=\"dong-thap\""), "{bom}");
    let nfd = site.read("public/nfd/index.html");
    assert!(nfd.contains("<h2 id=\"cong-tac-xa-hoi\">Công tác xã hội</h2>"), "NFD text is published as NFC: {nfd}");
}

#[test]
fn a_large_page_builds() {
    let site = built_site();
    let paragraph = "Công tác xã hội hỗ trợ người cao tuổi, người khuyết tật và trẻ em có hoàn cảnh đặc biệt. ";
    let body: String = (0..2_000).map(|i| format!("## Phần {i}\n\n{}\n\n", paragraph.repeat(12))).collect();
    assert!(body.len() > 2_000_000);
    site.page("lon.md", "title = \"Lớn\"", &body).build_ok();
    assert!(site.read("public/lon/index.html").contains("id=\"phan-1999\""));
}
