//! `nhipcau build` writes the search index; `nhipcau search` queries it like the browser does.

mod support;
use support::TestSite;

fn site() -> TestSite {
    let site = TestSite::new();
    site.page(
        "ke-hoach/dong-thap.md",
        "title = \"Kế hoạch Đồng Tháp\"\n[extra]\nkind = \"plan\"\nprovince = \"Đồng Tháp\"\nprovince_former = [\"Tiền Giang\"]",
        "Mở đầu.\n\n## Mục tiêu\n\nTrẻ em bị bạo lực được hỗ trợ.\n\n## Công tác xã hội\n\nPhát triển công tác xã hội ở cơ sở.",
    )
    .page(
        "tin/hop.md",
        "title = \"Tin họp\"\n[extra]\nkind = \"campaign\"\nprovince = \"Huế\"",
        "Công nhân làm việc có tác phong, xã viên đi hội họp. Các báo đưa tin.",
    )
    .page("tin/bao-tro.md", "title = \"Bảo trợ\"\n[extra]\nkind = \"centre\"", "Cơ sở bảo trợ xã hội.");
    site.build_ok();
    site
}

fn search(site: &TestSite, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let r = site.run(&all);
    assert!(r.ok, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["hits"].as_array().unwrap().iter().map(|h| h["url"].as_str().unwrap().to_string()).collect()
}

#[test]
fn finds_sections_with_and_without_diacritics() {
    let site = site();
    assert_eq!(search(&site, &["tre em bi bao luc"])[0], "/ke-hoach/dong-thap/#muc-tieu");
    assert_eq!(search(&site, &["Trẻ em bị bạo lực"])[0], "/ke-hoach/dong-thap/#muc-tieu");
    assert_eq!(search(&site, &["cong tac xa hoi"])[0], "/ke-hoach/dong-thap/#cong-tac-xa-hoi", "the phrase beats scattered syllables");
    assert_eq!(search(&site, &["bảo"])[0], "/tin/bao-tro/", "exact diacritics beat folded matches (báo)");
    assert_eq!(search(&site, &["báo"])[0], "/tin/hop/");
}

#[test]
fn facets_and_former_province_names() {
    let site = site();
    assert_eq!(search(&site, &["xa hoi", "--kind", "centre"]), ["/tin/bao-tro/"]);
    let by_former = search(&site, &["tien giang"]);
    assert!(!by_former.is_empty() && by_former.iter().all(|u| u.starts_with("/ke-hoach/dong-thap/")), "{by_former:?}");
    let filtered = search(&site, &["xa hoi", "--province", "Tiền Giang"]);
    assert!(!filtered.is_empty() && filtered.iter().all(|u| u.starts_with("/ke-hoach/dong-thap/")), "{filtered:?}");
}

#[test]
fn human_output_and_a_missing_index() {
    let site = site();
    let r = site.run(&["search", "dong thap"]);
    assert!(r.ok && r.stdout.contains("Kế hoạch Đồng Tháp"), "{}", r.stdout);
    let empty = TestSite::new();
    let r = empty.run(&["search", "x"]);
    assert!(!r.ok && r.stderr.contains("index.json") && r.stderr.contains("nhipcau build"), "{}", r.stderr);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_not_the_command() {
    // `nhipcau search … | head -1`: the reader has gone when the results are printed.
    let site = site();
    for args in [&["search", "dong thap"][..], &["search", "--json", "dong thap"], &["search", "zzzqqq"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau"))
            .args(args)
            .current_dir(site.root())
            .env("NHIPCAU_LANG", "en")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{args:?}: {:?}\n{stderr}", out.status);
    }
}

#[test]
fn results_are_pages_with_deep_links_to_their_other_sections() {
    let site = site();
    // Every section of the plan names its province.
    let r = site.run(&["search", "--json", "dong thap"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    let pages: Vec<&str> = hits.iter().map(|h| h["page"].as_str().unwrap()).collect();
    let mut distinct = pages.clone();
    distinct.dedup();
    assert_eq!(pages, distinct, "one result per page");
    let plan = hits.iter().find(|h| h["page"] == "/ke-hoach/dong-thap/").unwrap();
    let subs = plan["sections"].as_array().unwrap();
    assert!(!subs.is_empty() && subs.iter().all(|s| s["url"].as_str().unwrap().starts_with("/ke-hoach/dong-thap/#")), "{plan}");
    let human = site.run(&["search", "dong thap"]);
    assert!(human.stdout.contains("    › "), "sub-results are listed under their page:\n{}", human.stdout);
}

#[test]
fn the_site_owns_its_synonyms_keywords_and_priors() {
    let site = TestSite::new();
    site.write("config.toml", &format!("{}\n[search]\nkind_prior = {{ help = 1.5 }}\n", support::CONFIG));
    site.write("data/search/synonyms.toml", "equivalent = [[\"người già\", \"người cao tuổi\"]]\n[expand]\n\"trầm cảm\" = [\"sức khỏe tâm thần\"]\n");
    site.page("a/ke-hoach.md", "title = \"Chăm sóc người cao tuổi\"\n[extra]\nkind = \"plan\"", "Chăm sóc người cao tuổi tại xã.");
    site.page("b/ho-tro.md", "title = \"Chăm sóc người cao tuổi\"\n[extra]\nkind = \"help\"", "Chăm sóc người cao tuổi tại xã.");
    site.page("c/tam-than.md", "title = \"Sức khỏe tâm thần\"\n[extra]\nkind = \"help\"\nkeywords = [\"tư vấn tâm lý\"]", "Gọi 115 khi khẩn cấp.");
    site.build_ok();
    assert_eq!(search(&site, &["nguoi gia"]), ["/b/ho-tro/", "/a/ke-hoach/"], "synonym, and help above plan at equal match");
    assert_eq!(search(&site, &["tram cam"]), ["/c/tam-than/"]);
    assert_eq!(search(&site, &["tu van tam ly"]), ["/c/tam-than/"]);
    assert!(!site.read("public/c/tam-than/index.html").contains("tư vấn tâm lý"), "keywords are not shown");

    // Mistakes name the file, and the line where there is one.
    site.write("data/search/synonyms.toml", "equivalent = [[\"người già\", \"—\"]]\n");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("synonyms.toml") && r.stderr.contains(":1"), "{}", r.stderr);
    site.write("data/search/synonyms.toml", "equivalnt = []\n");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("did you mean `equivalent`"), "{}", r.stderr);
    site.write("data/search/synonyms.toml", "");
    site.page("c/tam-than.md", "title = \"Sức khỏe tâm thần\"\n[extra]\nkeywords = \"tư vấn\"", "x");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("tam-than.md") && r.stderr.contains("keywords"), "{}", r.stderr);
    site.page("c/tam-than.md", "title = \"Sức khỏe tâm thần\"\n[extra]\nsearch_weight = -1", "x");
    let r = site.build();
    assert!(!r.ok && r.stderr.contains("tam-than.md") && r.stderr.contains("search_weight"), "{}", r.stderr);
}

#[test]
fn former_provinces_are_explained_and_an_empty_search_offers_help() {
    let site = site();
    let r = site.run(&["search", "tien giang"]);
    assert!(r.ok && r.stdout.contains("Tiền Giang nay thuộc Đồng Tháp (từ 1/7/2025)."), "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&site.run(&["search", "--json", "xa hoi"]).stdout).unwrap();
    let provinces: Vec<&str> = v["facets"]["province"].as_array().unwrap().iter().map(|p| p[0].as_str().unwrap()).collect();
    assert!(provinces.contains(&"Đồng Tháp") && !provinces.contains(&"Tiền Giang"), "one place, not two: {provinces:?}");
    assert_eq!(v["facets"]["province_former"]["Đồng Tháp"], serde_json::json!(["Tiền Giang"]));

    // The words around the results are the reader's language; the results are the site's.
    let r = site.run(&["search", "--lang", "vi", "cong tac xa hooi"]);
    assert!(r.stdout.contains("Có phải bạn muốn tìm: cong tac xa hoi"), "{}", r.stdout);
    let r = site.run(&["search", "cong tac xa hooi"]);
    assert!(r.stdout.contains("Did you mean: cong tac xa hoi"), "{}", r.stdout);
    let r = site.run(&["search", "--lang", "vi", "zzzqqq"]);
    assert!(r.ok, "{}", r.stderr);
    for expected in ["Không có kết quả.", "Cần giúp ngay? Gọi:", "111", "113", "115"] {
        assert!(r.stdout.contains(expected), "{expected}: {}", r.stdout);
    }
    let r = site.run(&["search", "zzzqqq"]);
    assert!(r.stdout.contains("No results.") && r.stdout.contains("Need help now? Call:"), "{}", r.stdout);
}
