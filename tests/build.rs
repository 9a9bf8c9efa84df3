//! `nhipcau build` on small sites: what a provincial author writes, what lands in public/.

mod support;
use support::{snapshot, urls_in, TestSite};

#[test]
fn sections_pages_and_vietnamese_slugs() {
    let site = TestSite::new();
    site.page("ke-hoach/_index.md", "title = \"Kế hoạch\"\nsort_by = \"date\"", "")
        .page("ke-hoach/Đồng Tháp 2021.md", "title = \"Đồng Tháp\"\ndate = 2021-03-01", "## Công tác xã hội\n\ntext\n\n## Công tác xã hội\n")
        .page("ke-hoach/bundle/index.md", "title = \"Gói\"\ndate = 2020-01-01", "![ảnh](anh.png)")
        .write("content/ke-hoach/bundle/anh.png", "png");
    site.build_ok();
    let page = site.read("public/ke-hoach/dong-thap-2021/index.html");
    assert!(page.contains("<h2 id=\"cong-tac-xa-hoi\">Công tác xã hội</h2>"), "{page}");
    assert!(page.contains("<h2 id=\"cong-tac-xa-hoi-1\">"));
    assert!(site.exists("public/ke-hoach/bundle/anh.png"), "bundle assets are copied beside the page");
    let section = site.read("public/ke-hoach/index.html");
    let first = section.find("Đồng Tháp").unwrap();
    let second = section.find("Gói").unwrap();
    assert!(first < second, "newest first");
}

#[test]
fn sorting_by_weight_and_title() {
    let site = TestSite::new();
    site.page("a/_index.md", "title = \"A\"\nsort_by = \"weight\"", "")
        .page("a/x.md", "title = \"X\"\nweight = 2", "")
        .page("a/y.md", "title = \"Y\"\nweight = 1", "")
        .page("b/_index.md", "title = \"B\"\nsort_by = \"title\"", "")
        .page("b/1.md", "title = \"Đồng Tháp\"", "")
        .page("b/2.md", "title = \"Cà Mau\"", "")
        .page("b/3.md", "title = \"Ea Súp\"", "");
    site.build_ok();
    let a = site.read("public/a/index.html");
    assert!(a.find(">Y<").unwrap() < a.find(">X<").unwrap());
    let b = site.read("public/b/index.html");
    let (ca, dt, ea) = (b.find("Cà Mau").unwrap(), b.find("Đồng Tháp").unwrap(), b.find("Ea Súp").unwrap());
    assert!(ca < dt && dt < ea, "Đ sorts with D, before E: {b}");
}

#[test]
fn pagination() {
    let site = TestSite::new();
    site.page("tin/_index.md", "title = \"Tin\"\nsort_by = \"weight\"\npaginate_by = 2", "");
    for i in 1..=5 {
        site.page(&format!("tin/bai-{i}.md"), &format!("title = \"Bài {i}\"\nweight = {i}"), "");
    }
    site.build_ok();
    let p1 = site.read("public/tin/index.html");
    assert!(p1.contains("Bài 1") && p1.contains("Bài 2") && !p1.contains("Bài 3"));
    assert!(p1.contains("1/3"));
    assert!(p1.contains("href=\"../tin/trang/2/\""), "{p1}");
    let p3 = site.read("public/tin/trang/3/index.html");
    assert!(p3.contains("Bài 5") && p3.contains("3/3"));
}

#[test]
fn taxonomy_terms_paginate_when_configured() {
    let site = TestSite::new();
    site.write("config.toml", &support::CONFIG.replace("{ name = \"doi-tuong\" }", "{ name = \"doi-tuong\", paginate_by = 2 }"));
    for i in 1..=5 {
        site.page(&format!("p{i}.md"), &format!("title = \"P{i}\"\ndate = 2025-01-0{i}\n[taxonomies]\ndoi-tuong = [\"Trẻ em\"]"), "");
    }
    site.build_ok();
    let first = site.read("public/doi-tuong/tre-em/index.html");
    assert!(first.contains(">P5<") && first.contains(">P4<") && !first.contains(">P3<"), "{first}");
    let third = site.read("public/doi-tuong/tre-em/trang/3/index.html");
    assert!(third.contains(">P1<"));
}

#[test]
fn taxonomies_feeds_and_sitemap() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndate = 2025-01-02\n[taxonomies]\ntinh-thanh = [\"Đồng Tháp\"]", "Nội dung A")
        .page("b.md", "title = \"B\"\ndate = 2025-01-01\n[taxonomies]\ntinh-thanh = [\"Đồng Tháp\", \"Huế\"]", "")
        .page("tin/_index.md", "title = \"Tin\"\ngenerate_feed = true\nsort_by = \"date\"", "")
        .page("tin/c.md", "title = \"C & D\"\ndate = 2025-03-25", "Xem [A](@/a.md).");
    site.build_ok();
    let list = site.read("public/tinh-thanh/index.html");
    assert!(list.contains("Đồng Tháp</a> (2)") && list.contains("Huế</a> (1)"), "{list}");
    let term = site.read("public/tinh-thanh/dong-thap/index.html");
    assert!(term.contains(">A<") && term.contains(">B<"));
    assert!(site.exists("public/tinh-thanh/dong-thap/atom.xml"), "taxonomy with feed = true");
    let feed = site.read("public/tin/atom.xml");
    assert!(feed.contains("<title>C &amp; D</title>"));
    assert!(feed.contains("https://example.gov.vn/ctxh/tin/c/"));
    assert!(feed.contains("2025-03-25T00:00:00+07:00"));
    assert!(feed.contains("href=&quot;https://example.gov.vn/ctxh/a/&quot;"), "feed links are absolute: {feed}");
    let sitemap = site.read("public/sitemap.xml");
    for url in ["https://example.gov.vn/ctxh/a/", "https://example.gov.vn/ctxh/tin/c/", "https://example.gov.vn/ctxh/tinh-thanh/hue/"] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} in sitemap");
    }
    assert!(site.read("public/robots.txt").contains("Sitemap: https://example.gov.vn/ctxh/sitemap.xml"));
}

#[test]
fn data_files_and_data_pages() {
    let site = TestSite::new();
    site.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/co-so.toml\"\nkey = \"centres\"\nsection = \"co-so\"\ntitle = \"name\"\nkind = \"centre\"\n", support::CONFIG))
        .write("data/co-so.toml", "[[centres]]\nname = \"Trung tâm Bảo trợ Xã hội\"\ncapacity = 300\n\n[[centres]]\nname = \"Cơ sở Hưng Phước\"\n")
        .write("data/so-lieu.csv", "tinh,ty_le\nĐồng Tháp,90\nHuế,85\n")
        .page("co-so/_index.md", "title = \"Cơ sở\"\nsort_by = \"title\"", "")
        .write("templates/index.html", "{% for row in load_data(path='data/so-lieu.csv') %}<p>{{ row.tinh }}={{ row.ty_le }}</p>{% endfor %}")
        .write("templates/page.html", "{{ page.title }}|{{ page.extra.capacity }}|{{ page.extra.kind }}");
    site.build_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("<p>Đồng Tháp=90</p><p>Huế=85</p>"), "{home}");
    assert_eq!(site.read("public/co-so/trung-tam-bao-tro-xa-hoi/index.html"), "Trung tâm Bảo trợ Xã hội|300|centre");
    assert!(site.exists("public/co-so/co-so-hung-phuoc/index.html"));
}

#[test]
fn aliases_redirect_relative_to_the_alias() {
    let site = TestSite::new();
    site.page("moi.md", "title = \"Mới\"\naliases = [\"cu/trang\"]", "");
    site.build_ok();
    let redirect = site.read("public/cu/trang/index.html");
    assert!(redirect.contains("url=../../moi/"), "{redirect}");
    assert!(redirect.contains("rel=\"canonical\" href=\"https://example.gov.vn/ctxh/moi/\""));
}

#[test]
fn internal_links_resolve_and_broken_ones_fail_with_file_and_line() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "## Mục tiêu\n").page("b.md", "title = \"B\"", "[đến A](@/a.md#muc-tieu)");
    site.build_ok();
    assert!(site.read("public/b/index.html").contains("<a href=\"../a/#muc-tieu\">đến A</a>"));

    site.page("b.md", "title = \"B\"", "dòng 1\n\n[sai](@/a.md#khong-co)");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("b.md:6:") && r.stderr.contains("broken anchor") && r.stderr.contains("muc-tieu"), "{}", r.stderr);

    site.page("b.md", "title = \"B\"", "[sai](@/aa.md)");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("b.md:4:") && r.stderr.contains("did you mean `@/a.md`?"), "{}", r.stderr);
}

#[test]
fn sub_path_base_url_every_href_and_src_resolves() {
    let site = TestSite::new();
    site.page("ke-hoach/_index.md", "title = \"Kế hoạch\"", "")
        .page("ke-hoach/dong-thap.md", "title = \"Đồng Tháp\"\n[taxonomies]\ntinh-thanh = [\"Đồng Tháp\"]", "[về A](@/a.md) ![x](/img/x.png)")
        .page("a.md", "title = \"A\"", "")
        .write("static/img/x.png", "png");
    site.build_ok();
    let public = site.path("public");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || path.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for url in urls_in(&html) {
            if url.starts_with("http") || url.starts_with('#') {
                continue;
            }
            assert!(!url.starts_with('/'), "{} links with a root path {url}: breaks under /ctxh/", path.display());
            let target = path.parent().unwrap().join(url.split('#').next().unwrap());
            let resolved = if url.ends_with('/') || target.is_dir() { target.join("index.html") } else { target };
            assert!(resolved.exists(), "{}: {url} does not resolve", path.display());
            checked += 1;
        }
    }
    assert!(checked > 10, "checked {checked} links");
    // 404.html is served at any depth, so it uses the base path.
    assert!(site.read("public/404.html").contains("href=\"/ctxh/css/site.css\""));
}

#[test]
fn site_templates_override_the_themes_file_by_file() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").write("templates/page.html", "RIÊNG {{ page.title }}");
    site.build_ok();
    assert_eq!(site.read("public/a/index.html"), "RIÊNG A");
    assert!(site.read("public/index.html").contains("<h1>Trang chủ</h1>"), "other templates still come from the theme");
}

#[test]
fn front_matter_errors_name_file_line_and_fix() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ntitel = \"B\"", "");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("a.md:3:1: unknown key `titel`") && r.stderr.contains("did you mean `title`?"), "{}", r.stderr);

    site.page("a.md", "title = \"A\"\ndate = 2025-02-30", "");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("a.md:3:"), "{}", r.stderr);

    site.write("content/a.md", "title = \"no fences\"\n");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("a.md:1:1: missing front matter"), "{}", r.stderr);
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").write("templates/page.html", "ok\n{{ khong_co_ham() }}\n");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("templates/page.html:2") && r.stderr.contains("unknown function"), "{}", r.stderr);
}

#[test]
fn failed_build_leaves_the_previous_output_intact() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "một").build_ok();
    let before = snapshot(&site.path("public"));
    site.page("a.md", "title = \"A\"", "[x](@/khong-co.md)");
    assert!(!site.build().ok);
    assert_eq!(snapshot(&site.path("public")), before, "public/ is byte-identical after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.root()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains("building")).collect();
    assert!(leftovers.is_empty(), "no staging folder left behind: {leftovers:?}");
}

#[test]
fn rebuild_is_byte_identical() {
    let site = TestSite::new();
    site.page("ke-hoach/_index.md", "title = \"Kế hoạch\"\ngenerate_feed = true", "")
        .page("ke-hoach/a.md", "title = \"A\"\ndate = 2024-01-01\n[extra]\nkind = \"plan\"\nprovince = \"Đồng Tháp\"", "## Mục tiêu\n\nTrẻ em bị bạo lực.")
        .page("ke-hoach/b.md", "title = \"B\"\ndate = 2024-01-02", "Người cao tuổi.");
    site.build_ok();
    let first = snapshot(&site.path("public"));
    site.build_ok();
    assert_eq!(snapshot(&site.path("public")), first);
    let other = TestSite::new();
    support::copy_dir(&site.path("content"), &other.path("content"));
    other.build_ok();
    assert_eq!(snapshot(&other.path("public")), first, "building on another path gives the same bytes");
}

#[test]
fn drafts_future_and_expired_pages() {
    let site = TestSite::new();
    // SOURCE_DATE_EPOCH in the test harness is 2026-09-21.
    site.page("nhap.md", "title = \"Nháp\"\ndraft = true", "")
        .page("tuong-lai.md", "title = \"Tương lai\"\ndate = 2027-01-01", "")
        .page("het-han.md", "title = \"Hết hạn\"\nexpires = 2026-01-01", "")
        .page("con-han.md", "title = \"Còn hạn\"\nexpires = 2027-01-01", "");
    site.build_ok();
    assert!(!site.exists("public/nhap/index.html"));
    assert!(!site.exists("public/tuong-lai/index.html"));
    assert!(!site.exists("public/het-han/index.html"));
    assert!(site.exists("public/con-han/index.html"));
    assert!(site.run(&["build", "--drafts"]).ok);
    assert!(site.exists("public/nhap/index.html") && site.exists("public/tuong-lai/index.html"));
}

#[test]
fn duplicate_urls_are_an_error_naming_both_files() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").page("b.md", "title = \"B\"\nslug = \"a\"", "");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("b.md: this page would be written to a/index.html, which the page") && r.stderr.contains("a.md already claims"), "{}", r.stderr);
    site.page("b.md", "title = \"B\"\naliases = [\"/a/\"]", "");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("b.md: this page's alias would be written to a/index.html"), "{}", r.stderr);
}

#[test]
fn init_makes_a_site_that_builds_with_the_builtin_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("moi");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en").args(["init", site_dir.to_str().unwrap()]).status().unwrap();
    assert!(st.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en").args(["build", "--root", site_dir.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let home = std::fs::read_to_string(site_dir.join("public/index.html")).unwrap();
    assert!(home.contains("lang=\"vi\""));
    assert!(site_dir.join("public/gioi-thieu/index.html").exists());
    // Presentable and self-explaining: the README the config points to, a menu, a help page, and
    // a target-group listing titled in words rather than by its slug.
    let readme = std::fs::read_to_string(site_dir.join("README.md")).unwrap();
    assert!(readme.contains("nhipcau build") && readme.contains("public/"), "{readme}");
    assert!(std::fs::read_to_string(site_dir.join("config.toml")).unwrap().contains("README.md"));
    assert!(home.contains(">Cách nhận hỗ trợ</a>") && home.contains("111"), "the menu and the hotlines are on the home page");
    assert!(site_dir.join("public/ho-tro/tre-em-bi-bao-luc/index.html").exists());
    let groups = std::fs::read_to_string(site_dir.join("public/doi-tuong/index.html")).unwrap();
    assert!(groups.contains("<h1>Đối tượng</h1>") && groups.contains("Trẻ em"), "{groups}");
    // The taxonomy's pages are titled by it too, for tabs and shared links.
    assert!(groups.contains("<title>Đối tượng – Cổng thông tin công tác xã hội</title>") && groups.contains(r#"<meta property="og:title" content="Đối tượng">"#), "{groups}");
    let term = std::fs::read_to_string(site_dir.join("public/doi-tuong/tre-em/index.html")).unwrap();
    assert!(term.contains("<title>Trẻ em – Đối tượng – Cổng thông tin công tác xã hội</title>"), "{term}");
    // The footer leads people to an HTML sitemap, not to raw XML.
    let sitemap = std::fs::read_to_string(site_dir.join("public/so-do-trang/index.html")).unwrap();
    assert!(home.contains(r#"href="./so-do-trang/">Sơ đồ trang</a>"#) && sitemap.contains("Khi trẻ em bị bạo lực"), "{sitemap}");
    // The page about violence to children offers the quick exit.
    let violence = std::fs::read_to_string(site_dir.join("public/ho-tro/tre-em-bi-bao-luc/index.html")).unwrap();
    assert!(violence.contains("data-quick-exit") && violence.contains("Thoát nhanh"), "{violence}");
    assert!(!std::fs::read_to_string(site_dir.join("public/gioi-thieu/index.html")).unwrap().contains("data-quick-exit"), "only where it is needed");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en").args(["check", "--strict", "--root", site_dir.to_str().unwrap()]).output().unwrap();
    assert!(check.status.success(), "a new site passes check --strict: {}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn date_vi_filter() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndate = 2026-03-25", "");
    site.build_ok();
    assert!(site.read("public/a/index.html").contains("ngày 25 tháng 3 năm 2026"));
}

#[test]
fn stages_are_logged_one_line_each() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let r = site.build();
    for stage in ["load:", "render:", "index:", "write:", "done in"] {
        assert_eq!(r.stderr.lines().filter(|l| l.starts_with(stage)).count(), 1, "{stage}\n{}", r.stderr);
    }
    assert!(site.run(&["build", "--quiet"]).stderr.is_empty());
}

#[test]
fn a_page_dated_later_is_logged_as_scheduled_not_left_out_silently() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").page("chien-dich.md", "title = \"Ngày CTXH 2099\"\ndate = 2099-03-25", "").page("nhap.md", "title = \"Nháp\"\ndraft = true\ndate = 2099-01-01", "");
    let r = site.build();
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("1 page scheduled for 2099-03-25"), "drafts are not scheduled, dated pages are: {}", r.stderr);
    assert!(!site.exists("public/chien-dich/index.html"));
}
