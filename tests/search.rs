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
