//! Output formats as templates (atom.xml, sitemap.xml, robots.txt, alias.html), template
//! functions and filters, and the publish rules of data pages.

mod support;
use support::TestSite;

/// A site using the built-in theme, without share images (slow in debug builds, and not what
/// these tests are about).
fn builtin_theme_site(taxonomies: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        &format!("title = \"Thử nghiệm\"\nbase_url = \"https://example.gov.vn/\"\ntheme = \"nhipcau\"\ntaxonomies = {taxonomies}\n[extra]\nshare_images = false\n"),
    );
    site.write("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n");
    site
}

#[test]
fn a_site_template_replaces_the_built_in_feed_sitemap_robots_and_alias_page() {
    let site = TestSite::new();
    site.page("tin/_index.md", "title = \"Tin\"\ngenerate_feed = true", "")
        .page("tin/a.md", "title = \"A\"\ndate = 2026-03-25\naliases = [\"cu/a\"]", "Nội dung")
        .write("templates/atom.xml", "<feed>{{ feed_title }}|{{ last_updated }}|{% for page in pages %}{{ page.title }}@{{ page.date | rfc3339 }}{% endfor %}</feed>\n\n")
        .write("templates/sitemap.xml", "{% for e in entries %}{{ e.permalink }} {{ e.updated or '-' }}\n{% endfor %}")
        .write("templates/robots.txt", "User-agent: *\nDisallow: /tim-kiem/\nSitemap: {{ sitemap_url }}\n\n")
        .write("templates/alias.html", "<a href=\"{{ url }}\">{{ permalink }}</a>");
    site.build_ok();
    assert_eq!(site.read("public/tin/atom.xml"), "<feed>Tin – Thử nghiệm|2026-03-25T00:00:00+07:00|A@2026-03-25T00:00:00+07:00</feed>\n");
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("https://example.gov.vn/ctxh/tin/a/ 2026-03-25\n"), "{sitemap}");
    assert!(sitemap.contains("https://example.gov.vn/ctxh/tin/ -\n"), "{sitemap}");
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nDisallow: /tim-kiem/\nSitemap: https://example.gov.vn/ctxh/sitemap.xml\n");
    assert_eq!(site.read("public/cu/a/index.html"), "<a href=\"../../tin/a/\">https://example.gov.vn/ctxh/tin/a/</a>");
}

#[test]
fn a_theme_template_replaces_the_built_in_one_and_the_site_replaces_the_theme() {
    let site = TestSite::new();
    site.write("themes/mini/templates/robots.txt", "theme robots\n\n").write("themes/mini/templates/sitemap.xml", "theme sitemap");
    site.write("templates/sitemap.xml", "site sitemap");
    site.build_ok();
    assert_eq!(site.read("public/robots.txt"), "theme robots\n");
    assert_eq!(site.read("public/sitemap.xml"), "site sitemap");
}

#[test]
fn the_built_in_formats_serve_a_theme_that_has_none() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\npath = \"/Đối tượng/\"", "");
    site.build_ok();
    let robots = site.read("public/robots.txt");
    assert_eq!(robots, "User-agent: *\nAllow: /\nSitemap: https://example.gov.vn/ctxh/sitemap.xml\n");
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url><loc>"), "{sitemap}");
    // The sitemap protocol takes URLs: a non-ASCII path is percent-encoded there.
    assert!(sitemap.contains("<loc>https://example.gov.vn/ctxh/%C4%90%E1%BB%91i%20t%C6%B0%E1%BB%A3ng/</loc>"), "{sitemap}");
    assert!(sitemap.ends_with("</url>\n</urlset>\n"), "{sitemap}");
}

#[test]
fn get_taxonomy_url_links_a_non_ascii_taxonomy_to_the_folder_it_is_written_to() {
    let site = builtin_theme_site("[{ name = \"Đối tượng\" }]");
    site.page("ho-tro/_index.md", "title = \"Hỗ trợ\"", "").page("ho-tro/a.md", "title = \"A\"\n[taxonomies]\n\"Đối tượng\" = [\"Trẻ em\"]", "Nội dung");
    site.build_ok();
    assert!(site.exists("public/doi-tuong/tre-em/index.html"));
    let page = site.read("public/ho-tro/a/index.html");
    assert!(page.contains("<a href=\"../../doi-tuong/tre-em/\">Trẻ em</a>"), "the theme links the term where it is written: {page}");
}

#[test]
fn get_taxonomy_url_finds_terms_by_slug_and_names_what_is_missing() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\n[taxonomies]\ndoi-tuong = [\"Trẻ em\"]", "")
        .write("templates/page.html", "{{ get_taxonomy_url(kind=\"doi-tuong\", name=\"trẻ em\") }}|<a href=\"{{ get_taxonomy_url(kind=\"doi-tuong\", name=\"Tre em\") }}\">");
    site.build_ok();
    // A site path, made relative to the page by the write stage like every other link.
    assert_eq!(site.read("public/a/index.html"), "/doi-tuong/tre-em/|<a href=\"../doi-tuong/tre-em/\">");

    site.write("templates/page.html", "ok\n{{ get_taxonomy_url(kind=\"doi-tuong\", name=\"Người già\") }}");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("templates/page.html:2") && r.stderr.contains("no doi-tuong term `Người già`"), "{}", r.stderr);
    site.write("templates/page.html", "{{ get_taxonomy_url(kind=\"doi-tuon\", name=\"Trẻ em\") }}");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("no taxonomy `doi-tuon` did you mean `doi-tuong`"), "{}", r.stderr);
}

#[test]
fn an_impossible_date_is_an_error_naming_the_template_line_with_help() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\n[extra]\nreviewed = \"2026-03-25\"", "")
        .write("templates/page.html", "<p>{{ page.title }}</p>\n<p>{{ page.extra.reviewed | date_vi }}</p>\n");
    site.build_ok();
    site.page("a.md", "title = \"A\"\n[extra]\nreviewed = \"2026-13-45\"", "");
    let r = site.build();
    assert!(!r.ok, "ngày 45 tháng 13 was published");
    assert!(r.stderr.contains("templates/page.html:2") && r.stderr.contains("invalid date `2026-13-45`"), "{}", r.stderr);
    assert!(r.stderr.contains("help: write dates as year-month-day"), "{}", r.stderr);
    assert!(site.read("public/a/index.html").contains("ngày 25 tháng 3 năm 2026"), "the previous output stays");

    site.write("templates/page.html", "{{ '2026-02-30' | rfc3339 }}");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("invalid date `2026-02-30` given to rfc3339"), "{}", r.stderr);
}

#[test]
fn date_filters_read_dates_times_and_offsets() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndate = 2026-03-05T08:30:00\n[extra]\nat = 2026-03-25T23:30:00-05:00\nday = 2026-12-01", "")
        .write("templates/page.html", "{{ page.date | date_vi }}|{{ page.extra.at | date_vi }}|{{ page.extra.day | date_vi }}|{{ page.date | rfc3339 }}|{{ page.extra.at | rfc3339 }}|{{ page.extra.day | rfc3339 }}");
    site.build_ok();
    assert_eq!(
        site.read("public/a/index.html"),
        "ngày 5 tháng 3 năm 2026|ngày 25 tháng 3 năm 2026|ngày 1 tháng 12 năm 2026|2026-03-05T08:30:00+07:00|2026-03-25T23:30:00-05:00|2026-12-01T00:00:00+07:00"
    );
}

#[test]
fn data_rows_follow_the_publish_rules_of_pages() {
    let site = TestSite::new();
    // SOURCE_DATE_EPOCH in the test harness is 2026-09-21.
    site.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/co-so.csv\"\nsection = \"co-so\"\ntitle = \"name\"\n", support::CONFIG))
        .write(
            "data/co-so.csv",
            "name,date,expires,draft\nĐang mở,2026-01-01,,\nTương lai,2099-01-01,,\nHết hạn,2025-01-01,2026-01-01,\nNháp,,,true\nKhông ngày,,,false\n",
        )
        .page("co-so/_index.md", "title = \"Cơ sở\"", "")
        .write("templates/page.html", "{{ page.title }}|{{ page.date }}");
    let r = site.build();
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(site.read("public/co-so/dang-mo/index.html"), "Đang mở|2026-01-01");
    assert!(site.exists("public/co-so/khong-ngay/index.html"));
    assert!(!site.exists("public/co-so/tuong-lai/index.html"), "a row dated 2099 is not published today");
    assert!(!site.exists("public/co-so/het-han/index.html"), "an expired row is dropped");
    assert!(!site.exists("public/co-so/nhap/index.html"), "a draft row waits for --drafts");
    assert!(r.stderr.contains("1 page scheduled for 2099-01-01"), "{}", r.stderr);
    assert!(site.run(&["build", "--drafts"]).ok);
    assert!(site.exists("public/co-so/tuong-lai/index.html") && site.exists("public/co-so/nhap/index.html"));
}

#[test]
fn an_impossible_date_in_a_data_row_names_the_file_and_line() {
    let site = TestSite::new();
    site.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/co-so.toml\"\nkey = \"centres\"\nsection = \"co-so\"\ntitle = \"name\"\n", support::CONFIG))
        .write("data/co-so.toml", "[[centres]]\nname = \"A\"\n\n[[centres]]\nname = \"B\"\ndate = \"2026-13-45\"\n")
        .page("co-so/_index.md", "title = \"Cơ sở\"", "");
    let r = site.build();
    assert!(!r.ok);
    assert!(r.stderr.contains("data/co-so.toml:6") && r.stderr.contains("row 2 has date = \"2026-13-45\", which is not a date"), "{}", r.stderr);
    assert!(r.stderr.contains("help: write date as year-month-day"), "{}", r.stderr);

    site.write("data/co-so.toml", "").write("data/co-so.csv", "name,date\nA,2026-01-01\nB,2026-02-30\n");
    site.write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/co-so.csv\"\nsection = \"co-so\"\ntitle = \"name\"\n", support::CONFIG));
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("data/co-so.csv:3"), "{}", r.stderr);
}
