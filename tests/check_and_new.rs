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
        .page("d.md", "title = \"D\"", "Không có mô tả.")
        .write("static/a/anh.png", "png");
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
fn check_reports_fields_left_empty_where_they_were_written() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"\"\n\n[extra]\nprovince = \"  \"", "x")
        .write("config.toml", &format!("{}\n[[data_pages]]\ndata = \"data/centres.toml\"\nkey = \"centres\"\nsection = \"\"\nslug = \"slug\"\ntitle = \"name\"\n", site.read("config.toml")))
        .write("data/centres.toml", "[[centres]]\nslug = \"mot\"\nname = \"Một\"\nprovince = \"Đồng Tháp\"\nsource = \"kế hoạch\"\n\n[[centres]]\nslug = \"hai\"\nname = \"Hai\"\nprovince = \"\"\nsource = \"\"\n");
    let r = site.run(&["check"]);
    for expected in ["a.md:3: `description` is empty", "a.md:6: `province` is empty", "centres.toml:10: `province` is empty", "centres.toml:11: `source` is empty"] {
        assert!(r.stderr.contains(expected), "missing {expected:?} in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("centres.toml:4:"), "the filled-in row is fine: {}", r.stderr);
    assert!(r.ok && !site.run(&["check", "--strict"]).ok, "warnings: check passes, --strict does not");
}

#[test]
fn check_passes_a_clean_site_and_strict_fails_on_warnings() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"d\"", "![Ảnh trung tâm](anh.png)").write("static/a/anh.png", "png");
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
        vec!["new", "campaign", "Tháng hành động vì trẻ em 2027"],
        vec!["new", "page", "ho-tro/chua-viet"],
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
    let named = site.read("content/chien-dich/thang-hanh-dong-vi-tre-em-2027.md");
    assert!(named.contains("title = \"Tháng hành động vì trẻ em 2027\""), "the name typed as words is the title:\n{named}");
    let r = site.run(&["build"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(!site.exists("public/ho-tro/moi/index.html") && !site.exists("public/chien-dich/ngay-ctxh-2027/index.html"), "new content starts as a draft");
    let r = site.run(&["check"]);
    for expected in ["chua-viet.md:1: the title is still the placeholder", "chua-viet.md:11: the text is still the placeholder", "ngay-ctxh-2027.md:1: the title is still the placeholder"] {
        assert!(r.stderr.contains(expected), "missing {expected:?} in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("thang-hanh-dong-vi-tre-em-2027.md:1: the title"), "{}", r.stderr);
    let r = site.run(&["build", "--drafts"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(site.exists("public/ho-tro/moi/index.html") && site.exists("public/tin-tuc/index.html"));
}

/// A tiny HTTP server on 127.0.0.1 for link checking: /ok 200, /gone 404, /no-head 405 for HEAD
/// but 200 for GET. Serves `n` requests then stops.
fn link_server(n: usize) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n).flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let mut header = String::new();
            while reader.read_line(&mut header).map(|n| n > 2).unwrap_or(false) {
                header.clear();
            }
            let status = match (line.split_whitespace().next(), line.split_whitespace().nth(1)) {
                (_, Some("/ok")) => "200 OK",
                (Some("HEAD"), Some("/no-head")) => "405 Method Not Allowed",
                (Some("GET"), Some("/no-head")) => "200 OK",
                _ => "404 Not Found",
            };
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    format!("http://{addr}")
}

#[test]
fn check_external_reports_broken_links_with_file_and_line() {
    let base = link_server(20);
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"d\"", &format!("[tốt]({base}/ok)\n\n[hỏng]({base}/gone)\n\n[không HEAD]({base}/no-head)"));
    assert!(site.run(&["check"]).ok, "without --external no request is made");
    let r = site.run(&["check", "--external"]);
    assert!(!r.ok);
    assert!(r.stderr.contains(&format!("a.md:7: external link {base}/gone is broken: HTTP 404")), "{}", r.stderr);
    assert!(!r.stderr.contains("/ok is broken") && !r.stderr.contains("/no-head is broken"), "{}", r.stderr);
    assert!(r.stderr.contains("3 external links checked, 1 broken"), "{}", r.stderr);
}

#[test]
fn check_warns_about_script_in_content_and_the_build_still_passes_it_through() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"A\"\ndescription = \"d\"",
        "Văn bản.\n\n<script>alert(1)</script>\n\n<button onclick=\"x()\">Nút</button>\n\n[bấm](javascript:alert(1))\n\n<a href=\" JavaScript:x()\">y</a>\n\n<p>Trung tâm online</p>\n",
    );
    let r = site.run(&["check"]);
    assert!(r.ok, "warnings only: {}", r.stderr);
    for expected in [
        "a.md:7: a <script> element",
        "a.md:9: an inline event handler",
        "a.md:11: a javascript: link",
        "a.md:13: a javascript: URL",
        "Content-Security-Policy",
    ] {
        assert!(r.stderr.contains(expected), "missing {expected:?} in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("a.md:15"), "ordinary words that start with \"on\" are not handlers:\n{}", r.stderr);
    assert!(!site.run(&["check", "--strict"]).ok);
    site.build_ok();
    assert!(site.read("public/a/index.html").contains("<script>alert(1)</script>"), "raw HTML is passed through for trusted authors");
}

#[test]
fn check_reports_a_broken_template_as_broken_not_missing() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"d\"", "").write("templates/page.html", "<p>\n{% if page.title %}\n");
    let r = site.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("templates/page.html:") && r.stderr.contains("syntax"), "{}", r.stderr);
    assert!(!r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[test]
fn messages_are_in_vietnamese_when_asked_by_flag_or_locale_and_english_stays() {
    let site = TestSite::new();
    site.page("a.md", "description = \"Không có tiêu đề\"", "x");
    let english = site.build();
    assert!(!english.ok && english.stderr.contains("this page has no title") && english.stderr.contains("  help: "), "{}", english.stderr);
    let vi = site.run(&["build", "--lang", "vi"]);
    assert!(!vi.ok, "{}", vi.stderr);
    assert!(vi.stderr.contains("tạo trang không thành công: 1 lỗi") && vi.stderr.contains("  gợi ý: "), "{}", vi.stderr);
    assert!(vi.stderr.starts_with("lỗi: ") && vi.stderr.contains("trang này chưa có tiêu đề"), "{}", vi.stderr);
    assert!(!vi.stderr.contains("help:") && !vi.stderr.contains("error:") && !vi.stderr.contains("build failed"), "no English mixed in: {}", vi.stderr);
    // The system's locale when neither --lang nor NHIPCAU_LANG says.
    let by_locale = site.run_with(&["build"], &[("NHIPCAU_LANG", ""), ("LC_ALL", "vi_VN.UTF-8"), ("LANG", "vi_VN.UTF-8")]);
    assert_eq!(by_locale.stderr, vi.stderr);
    let flag_wins = site.run_with(&["build", "--lang", "en"], &[("NHIPCAU_LANG", "vi")]);
    assert_eq!(flag_wins.stderr, english.stderr);
    let typo = site.run(&["build", "--lang", "vn"]);
    assert!(!typo.ok && typo.stderr.contains("use vi (tiếng Việt) or en (English)"), "{}", typo.stderr);
    // check's labels and summary too.
    let check = site.run(&["check", "--lang", "vi"]);
    assert!(check.stderr.contains("lỗi: ") && check.stderr.contains("kiểm tra: 1 lỗi"), "{}", check.stderr);
}

#[test]
fn the_command_line_itself_speaks_the_officers_language() {
    let site = TestSite::new();
    let help = site.run(&["build", "--help", "--lang", "vi"]);
    assert!(help.ok, "{}", help.stderr);
    for expected in ["Tạo trang web thành một thư mục tệp tĩnh.", "Cách dùng: nhipcau build [TÙY CHỌN]", "Tùy chọn:", "(mặc định: public)", "In trợ giúp."] {
        assert!(help.stdout.contains(expected), "{expected:?} in:\n{}", help.stdout);
    }
    for english in ["Usage", "Options", "Print help", "[default", "Build the site"] {
        assert!(!help.stdout.contains(english), "no {english:?} in the Vietnamese help:\n{}", help.stdout);
    }
    assert_eq!(site.run(&["help", "build", "--lang", "vi"]).stdout, help.stdout, "`nhipcau help build` is `nhipcau build --help`");
    let english = site.run(&["build", "--help"]);
    assert!(english.stdout.contains("Usage: nhipcau build [OPTIONS]") && english.stdout.contains("(default: public)"), "{}", english.stdout);

    // A mistyped command or option: exit 2, what was wrong, the nearest right word, in one language.
    for (args, vi, en) in [
        (&["biuld"][..], "không có lệnh `biuld`", "unknown command `biuld`"),
        (&["build", "--ouput", "x"][..], "không có tùy chọn `--ouput`", "unknown option `--ouput`"),
        (&["new", "page"][..], "còn thiếu: <PATH>", "missing: <PATH>"),
    ] {
        let r = site.run_with(args, &[("NHIPCAU_LANG", "vi")]);
        assert!(!r.ok && r.stderr.starts_with(&format!("lỗi: {vi}")), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("error") && !r.stderr.contains("Usage") && !r.stderr.contains("tip:"), "{args:?}: no English in:\n{}", r.stderr);
        let r = site.run(args);
        assert!(!r.ok && r.stderr.starts_with(&format!("error: {en}")), "{args:?}: {}", r.stderr);
    }
    let typo = site.run_with(&["biuld"], &[("NHIPCAU_LANG", "vi")]);
    assert!(typo.stderr.contains("gợi ý: có phải ý bạn là `build`?"), "{}", typo.stderr);
}

/// Runs `args` in English and then with `--lang vi`: both fail; the English run says each of
/// `english`, the Vietnamese run each of `vietnamese` and none of `english` (so no English
/// sentence is left in it), nor English labels.
fn says_in_both(site: &TestSite, args: &[&str], english: &[&str], vietnamese: &[&str]) {
    let en = site.run(args);
    assert!(!en.ok, "{}", en.stderr);
    for e in english {
        assert!(en.stderr.contains(e), "expected {e:?} in the English run:\n{}", en.stderr);
    }
    let vi_args: Vec<&str> = args.iter().copied().chain(["--lang", "vi"]).collect();
    let vi = site.run(&vi_args);
    assert!(!vi.ok, "{}", vi.stderr);
    for v in vietnamese {
        assert!(vi.stderr.contains(v), "expected {v:?} in the Vietnamese run:\n{}", vi.stderr);
    }
    for e in english.iter().chain(&["help:", "build failed"]) {
        assert!(!vi.stderr.contains(e), "English {e:?} left in the Vietnamese run:\n{}", vi.stderr);
    }
}

#[test]
fn output_folder_refusals_and_path_reasons_are_in_vietnamese() {
    let site = TestSite::new();
    site.write("ghi-chu/viec-can-lam.txt", "của tôi");
    says_in_both(
        &site,
        &["build", "--output", "ghi-chu"],
        &["refusing to use", "it already holds files that nhipcau did not write", "choose a new or empty folder;"],
        &["nhipcau từ chối dùng", "ghi-chu làm thư mục kết quả", "không do nhipcau ghi", "gợi ý: chọn một thư mục mới hoặc trống"],
    );
    says_in_both(&site, &["build", "--output", "content"], &["the site's content/ folder or inside it"], &["đây là thư mục content/ của trang web"]);
    site.page("a.md", "title = \"A\"\npath = \"ho-tro:tre-em\"", "");
    says_in_both(
        &site,
        &["build"],
        &["cannot be published: it contains `:`, which cannot be part of a file path"],
        &["không thể đăng `path`", "đường dẫn chứa `:`, ký tự không dùng được trong tên tệp"],
    );
}

#[cfg(unix)]
#[test]
fn reading_outside_the_site_is_refused_in_vietnamese() {
    let site = TestSite::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bi-mat.txt"), "x").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("bi-mat.txt"), site.path("static/bi-mat.txt")).unwrap();
    says_in_both(
        &site,
        &["build"],
        &["this links to", "a site publishes only its own files"],
        &["tệp này là liên kết tới", "nằm ngoài", "trang web chỉ đăng các tệp của chính nó"],
    );
}

#[test]
fn config_errors_are_in_vietnamese() {
    let empty = TestSite::empty();
    says_in_both(
        &empty,
        &["build"],
        &["run `nhipcau build` in a site folder", "makes a new site"],
        &["config.toml: không mở được tệp này: không tìm thấy", "chạy `nhipcau build` trong thư mục của trang web", "`nhipcau init THƯ_MỤC` tạo một trang web mới"],
    );
    let site = TestSite::new();
    site.write("config.toml", "base_url = \"https://x/\"\ntheme = \"khong-co\"\n");
    says_in_both(&site, &["build"], &["theme `khong-co` not found: no folder", "put the theme in themes/khong-co/"], &["không tìm thấy giao diện (theme) `khong-co`", "đặt giao diện vào themes/khong-co/"]);
    site.write("config.toml", "title = \"x\"\nbase_url = \"example.gov.vn\"\n");
    says_in_both(&site, &["build"], &["base_url `example.gov.vn` is not an absolute URL", "use the address"], &["config.toml", "không phải là địa chỉ web đầy đủ", "ghi địa chỉ mà trang web sẽ được đăng"]);
    site.write("config.toml", &format!("{}[search]\nkind_prior = {{ help = 0 }}\n", support::CONFIG));
    says_in_both(&site, &["build"], &["is not a positive number", "1 is neutral"], &["`help = 0` không phải là số dương", "1 là mức trung bình"]);
}

#[test]
fn taxonomy_errors_are_in_vietnamese() {
    let site = TestSite::new();
    site.page("b.md", "title = \"B\"\n[taxonomies]\ntinh = [\"Huế\"]", "");
    says_in_both(&site, &["build"], &["taxonomy `tinh` is not declared in config.toml"], &["b.md", "phân loại (taxonomy) `tinh` chưa được khai báo trong config.toml", "có phải ý bạn là `tinh-thanh`?"]);
    site.page("b.md", "title = \"B\"\n[taxonomies]\ntinh-thanh = [\"—\"]", "");
    says_in_both(&site, &["build"], &["the tinh-thanh term \"—\" has no letters or digits"], &["mục \"—\" của phân loại tinh-thanh không có chữ cái hay chữ số nào", "viết mục bằng chữ"]);
    site.page("b.md", "title = \"B\"", "");
    site.write("config.toml", "base_url = \"https://x/\"\ntaxonomies = [{ name = \"—\" }]\n");
    says_in_both(&site, &["build"], &["has no letters or digits, so it has no URL", "name it with words"], &["tên phân loại (taxonomy) \"—\"", "ví dụ taxonomies = [{ name = \"doi-tuong\" }]"]);
}

#[test]
fn a_bad_data_row_is_reported_in_vietnamese() {
    let site = TestSite::new();
    // Through [[data_pages]], whose error is the data file's own (a template's load_data wraps it
    // in the template engine's words).
    site.write("data/so-lieu.csv", "a,b\n1,2\n3\n");
    site.write("config.toml", &format!("{}[[data_pages]]\ndata = \"data/so-lieu.csv\"\nsection = \"\"\ntitle = \"a\"\n", support::CONFIG));
    says_in_both(
        &site,
        &["build"],
        &["bad CSV row: CSV error: record 2 (line: 3, byte: 8): found record with 1 fields, but the previous record has 2 fields", "every row needs 2 fields"],
        &["so-lieu.csv:3", "dòng CSV bị sai: bản ghi 2 (dòng 3, byte 8) có 1 cột, nhưng bản ghi trước có 2 cột", "mỗi dòng cần có 2 cột"],
    );
    site.write("data/so-lieu.xlsx", "x");
    site.write("config.toml", &format!("{}[[data_pages]]\ndata = \"data/so-lieu.xlsx\"\nsection = \"\"\n", support::CONFIG));
    says_in_both(&site, &["build"], &["unsupported data file type `.xlsx`", "data files can be"], &["không hỗ trợ loại tệp dữ liệu `.xlsx`", "tệp dữ liệu phải là .toml, .json hoặc .csv"]);
}

#[test]
fn two_claims_on_one_file_are_reported_in_vietnamese() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").page("b.md", "title = \"B\"\npath = \"a\"", "");
    says_in_both(
        &site,
        &["build"],
        &["b.md: this page would be written to a/index.html, which the page", "a.md already claims", "give one of them another"],
        &["b.md: trang này sẽ được ghi vào a/index.html, nhưng trang ", "a.md đã dùng tệp đó", "đổi `slug`, `path` hoặc alias"],
    );
    site.page("b.md", "title = \"B\"\naliases = [\"sitemap.xml\"]", "");
    // nhipcau's own files claim after the content, so the sitemap is the one named second.
    says_in_both(
        &site,
        &["build"],
        &["nhipcau's sitemap would be written to sitemap.xml, which the page's alias", "b.md already claims"],
        &["sơ đồ trang (sitemap) của nhipcau sẽ được ghi vào sitemap.xml, nhưng địa chỉ phụ (alias) của trang ", "b.md đã dùng tệp đó"],
    );
}

#[test]
fn search_vocabulary_errors_are_in_vietnamese() {
    let site = TestSite::new();
    site.write("data/search/synonyms.toml", "equivalent = [[\"người già\", \"—\"]]\n");
    says_in_both(
        &site,
        &["build"],
        &["synonyms.toml:1: synonym \"—\" has no words to search for", "write words (letters or digits)"],
        &["synonyms.toml:1: cụm từ đồng nghĩa \"—\" không có từ nào để tìm", "mỗi cụm từ phải có chữ"],
    );
    std::fs::remove_file(site.path("data/search/synonyms.toml")).unwrap();
    site.page("b.md", "title = \"B\"\n[extra]\nkeywords = \"người già\"", "");
    says_in_both(&site, &["build"], &["[extra] keywords must be a list of words and phrases"], &["b.md:4: [extra] keywords phải là một danh sách từ và cụm từ"]);
}

#[test]
fn broken_external_links_are_reported_in_vietnamese() {
    let base = link_server(8);
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ndescription = \"d\"", &format!("[hỏng]({base}/gone)"));
    says_in_both(
        &site,
        &["check", "--external"],
        &[format!("a.md:5: external link {base}/gone is broken: HTTP 404").as_str(), "fix or remove the link", "1 external links checked, 1 broken"],
        &[format!("a.md:5: liên kết ngoài {base}/gone bị hỏng: HTTP 404").as_str(), "sửa hoặc xóa liên kết", "đã thử 1 liên kết ngoài, 1 liên kết hỏng"],
    );
}
