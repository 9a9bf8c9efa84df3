//! `nhipcau check` reports every problem as file:line without writing anything; `nhipcau new`
//! scaffolds content that builds.

mod support;
use support::TestSite;

#[test]
fn check_reports_each_class_with_file_and_line() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"Có mô tả\"", "## Mục tiêu\n\n![](anh.png)\n\n<img src=\"x.png\">\n")
        .page("b.md", "title = \"B\"\ndescription = \"d\"", "\n[x](@/a.md#khong-co)")
        .page("e.md", "title = \"E\"\ndescription = \"d\"", "[y](@/khong-co.md)")
        .page("c.md", "title = \"C\"\ndescription = \"d\"\ntemplate = \"rieng.html\"", "")
        .page("d.md", "title = \"D\"", "Không có mô tả.");
    let r = site.run(&["check"]);
    assert!(!r.ok);
    let e = &r.stderr;
    for expected in [
        "a.md:7: image anh.png has no alt text",
        "a.md:9: an <img> tag has no alt text",
        "b.md:6: broken anchor",
        "e.md:5: broken internal link",
        "c.md: template `rieng.html` does not exist",
        "warning: ",
        "d.md:1: page has no description",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in:\n{e}");
    }
    assert!(!site.exists("public"), "check writes nothing");
}

#[test]
fn check_passes_a_clean_site_and_strict_fails_on_warnings() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"d\"", "![Ảnh trung tâm](anh.png)");
    let r = site.run(&["check"]);
    assert!(r.ok, "{}", r.stderr);
    site.page("b.md", "title = \"B\"", "Chưa có mô tả.");
    assert!(site.run(&["check"]).ok, "a warning alone passes");
    assert!(!site.run(&["check", "--strict"]).ok);
}

#[test]
fn check_reports_config_errors() {
    let site = TestSite::new();
    site.write("config.toml", "base_url = \"https://x/\"\ntitel = \"x\"\n");
    let r = site.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("config.toml:2:1: unknown key `titel`"), "{}", r.stderr);
}

#[test]
fn new_scaffolds_content_that_builds_and_never_overwrites() {
    let site = TestSite::new();
    site.write("content/chien-dich/_index.md", "+++\ntitle = \"Chiến dịch\"\n+++\n");
    site.write("data/centres.toml", "");
    for args in [
        vec!["new", "page", "ho-tro/moi", "--title", "Trang mới"],
        vec!["new", "section", "tin-tuc", "--title", "Tin tức"],
        vec!["new", "campaign", "ngay-ctxh-2027"],
        vec!["new", "centre", "Trung tâm Mẫu"],
    ] {
        let r = site.run(&args);
        assert!(r.ok, "{args:?}: {}", r.stderr);
    }
    let r = site.run(&["new", "page", "ho-tro/moi"]);
    assert!(!r.ok && r.stderr.contains("already exists"));
    let campaign = site.read("content/chien-dich/ngay-ctxh-2027.md");
    assert!(campaign.contains("kind = \"campaign\"") && campaign.contains("date = 20"));
    let centres: toml::Table = toml::from_str(&site.read("data/centres.toml")).unwrap();
    assert_eq!(centres["centres"].as_array().unwrap()[0]["slug"].as_str(), Some("trung-tam-mau"));
    let r = site.run(&["build", "--drafts"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(site.exists("public/ho-tro/moi/index.html") && site.exists("public/tin-tuc/index.html"));
}
