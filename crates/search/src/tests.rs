use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn doc(url: &str, title: &str, heading: Option<&str>, body: &str, kind: &str, provinces: &[&str]) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        page_title: title.into(),
        heading: heading.map(str::to_string),
        body: body.into(),
        kind: kind.into(),
        provinces: provinces.iter().map(|p| p.to_string()).collect(),
        target_groups: vec![],
        date: Some("2023-03-25".into()),
        keywords: vec![],
        weight: 1.0,
    }
}

fn corpus() -> Vec<SearchDoc> {
    vec![
        doc("/a/", "Kế hoạch Đồng Tháp", Some("Mục tiêu"), "Trẻ em bị bạo lực được hỗ trợ kịp thời.", "plan", &["Đồng Tháp", "Tiền Giang"]),
        doc("/b/", "Kế hoạch Hải Dương", None, "Phát triển công tác xã hội tại các xã.", "plan", &["Hải Phòng", "Hải Dương"]),
        doc("/c/", "Tin tức", None, "Công nhân làm việc tác phong, xã viên nói hội họp.", "campaign", &["Hải Phòng"]),
        doc("/d/", "Báo chí", None, "Các báo đưa tin về người cao tuổi.", "explainer", &[]),
        doc("/e/", "Bảo trợ", None, "Bảo vệ trẻ em và bảo trợ xã hội.", "centre", &["Đồng Tháp"]),
        doc("/f/", "OCR", None, "Uy ban nhan dan tinh Thira Thien Hu6 ban hanh ke hoach.", "plan", &["Huế", "Thừa Thiên Huế"]),
        doc("/x/", "Mẫu <b>", None, "Nội dung có thẻ <script>alert(1)</script> trong văn bản.", "other", &[]),
    ]
}

/// A chunk source over the built files in memory that counts fetches.
pub(crate) struct Memory {
    pub(crate) files: std::collections::HashMap<String, Vec<u8>>,
    pub(crate) fetches: Arc<AtomicUsize>,
}

impl ChunkSource for Memory {
    fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        self.files.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
    }
}

/// Files on disk (as `nhipcau build` writes them) read through FsChunkSource, counting fetches;
/// the folder lives as long as the source.
struct CountingFs {
    inner: FsChunkSource,
    fetches: Arc<AtomicUsize>,
    bytes: Arc<AtomicUsize>,
    names: Arc<std::sync::Mutex<Vec<String>>>,
    _dir: Option<tempfile::TempDir>,
}

impl ChunkSource for CountingFs {
    fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        let b = self.inner.fetch(name)?;
        self.bytes.fetch_add(b.len(), Ordering::SeqCst);
        self.names.lock().unwrap().push(name.to_string());
        Ok(b)
    }
}

fn engine_for(docs: Vec<SearchDoc>) -> (Engine, Arc<AtomicUsize>) {
    engine_with(docs, &Synonyms::default())
}

fn engine_with(docs: Vec<SearchDoc>, synonyms: &Synonyms) -> (Engine, Arc<AtomicUsize>) {
    engine_for_site(docs, &SiteSearch { synonyms: synonyms.clone(), ..Default::default() })
}

fn engine_for_site(docs: Vec<SearchDoc>, site: &SiteSearch) -> (Engine, Arc<AtomicUsize>) {
    let bundle = build_index_with(docs, site).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for f in &bundle.files {
        std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    let fetches = Arc::new(AtomicUsize::new(0));
    let source = CountingFs { inner: FsChunkSource::new(dir.path()), fetches: fetches.clone(), bytes: Default::default(), names: Default::default(), _dir: Some(dir) };
    let engine = Engine::open(Box::new(source), &bundle.manifest_name).unwrap();
    (engine, fetches)
}

fn urls(engine: &Engine, q: Query) -> Vec<String> {
    engine.search(&q).unwrap().hits.into_iter().map(|h| h.url).collect()
}

fn text(t: &str) -> Query {
    Query { text: t.into(), ..Default::default() }
}

#[test]
fn queries_with_and_without_diacritics_find_the_same_sections() {
    let (e, _) = engine_for(corpus());
    assert_eq!(urls(&e, text("tre em bi bao luc"))[0], "/a/");
    assert_eq!(urls(&e, text("Trẻ em bị bạo lực"))[0], "/a/");
    assert!(urls(&e, text("dong thap")).contains(&"/a/".to_string()));
    assert_eq!(urls(&e, text("ĐỒNG THÁP")), urls(&e, text("dong thap")));
}

#[test]
fn phrase_beats_scattered_syllables() {
    let (e, _) = engine_for(corpus());
    let found = urls(&e, text("công tác xã hội"));
    assert_eq!(found[0], "/b/", "{found:?}");
    assert!(found.contains(&"/c/".to_string()), "scattered syllables still match: {found:?}");

    // The phrase in a long text beats the syllables scattered in a short title.
    let filler = "Các cơ quan, đơn vị phối hợp triển khai thực hiện kế hoạch theo chức năng, nhiệm vụ được giao. ".repeat(60);
    let mut docs = vec![
        doc("/title/", "Cần tiếp nhận khẩn cấp vào cơ sở trợ giúp xã hội", Some("Bước 3: Cơ sở trợ giúp xã hội"), "Xem danh sách cơ sở trong tỉnh; thủ tục cụ thể do chính quyền xã hướng dẫn.", "help", &[]),
        doc("/phrase/", "Kết quả thực hiện", Some("VI. Đánh giá chung"), &format!("{filler} Hỗ trợ xây dựng nhà ở, trợ cấp xã hội hàng tháng, tiếp nhận chăm sóc. {filler}"), "plan", &[]),
    ];
    // Other pages, so the words' rarity is as on a real site.
    for i in 0..30 {
        docs.push(doc(&format!("/other{i}/"), &format!("Trang {i}"), Some("Mục tiêu"), &format!("Nội dung số {i} về người cao tuổi và trẻ em. {filler}"), "other", &[]));
    }
    let (e, _) = engine_for(docs);
    // (Fewer than three exact results, so near ones follow: "tre", "cao"…)
    assert_eq!(urls(&e, text("tro cap"))[..2], ["/phrase/", "/title/"]);
}

#[test]
fn words_together_are_neighbours_within_one_part_of_a_section() {
    // "tâm" ends the title and "lý" starts the text: two parts, so not together, though the
    // title's words weigh three times the text's.
    let filler = "Các cơ quan, đơn vị phối hợp triển khai thực hiện kế hoạch theo chức năng. ".repeat(20);
    let mut docs = vec![
        doc("/apart/", "Chăm sóc sức khỏe tâm", None, &format!("Lý do cần chăm sóc. {filler}"), "help", &[]),
        doc("/together/", "Chăm sóc", None, &format!("{filler} Hỗ trợ tâm lý cho trẻ em. {filler}"), "help", &[]),
    ];
    for i in 0..10 {
        docs.push(doc(&format!("/other{i}/"), &format!("Trang {i}"), None, &format!("Tâm sự số {i}, lý lịch. {filler}"), "other", &[]));
    }
    let (e, _) = engine_for(docs);
    let r = e.search(&text("tam ly")).unwrap();
    assert_eq!(r.hits[0].url, "/together/", "{r:?}");
    assert!(r.hits[0].score >= 1000.0, "the phrase tier: {r:?}");
    let apart = r.hits.iter().find(|h| h.url == "/apart/").expect("both words still match");
    assert!(apart.score < 1000.0, "words of two parts are not together: {r:?}");

    // The same three words together, and a section with each pair somewhere but not the phrase:
    // both in the tier (the pairs file cannot tell them apart), the phrase first (its heading).
    let (e, _) = engine_for(vec![
        doc("/phrase/", "Trang một", Some("Tư vấn tâm lý"), "Gọi đường dây nóng.", "help", &[]),
        doc("/pairs/", "Trang hai", None, "Tư vấn pháp luật. Vấn tâm. Tâm lý học.", "help", &[]),
    ]);
    let r = e.search(&text("tu van tam ly")).unwrap();
    assert_eq!(r.hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(), ["/phrase/", "/pairs/"], "{r:?}");
    // Four words are past the tier's length (`MAX_PHRASE_TIER_WORDS`): neither is in it.
    assert!(r.hits.iter().all(|h| h.score < 1000.0), "{r:?}");
    let r = e.search(&text("van tam ly")).unwrap();
    assert!(r.hits.iter().all(|h| h.score >= 1000.0), "three words: each pair in the section is the tier: {r:?}");
}

#[test]
fn a_small_site_sends_its_pairs_whole_and_a_big_one_a_page_per_pair() {
    let pairs_chunks = |docs: Vec<SearchDoc>, queries: &[&str]| -> (usize, Vec<usize>) {
        let (files, manifest_name, _) = built_site(docs);
        let manifest: Manifest = serde_json::from_slice(&files[&manifest_name]).unwrap();
        let file = manifest.files["pairs.bin"].clone();
        let pages = file.len.div_ceil(crate::CHUNK_SIZE);
        let of_pairs = |name: &String| {
            let n: Option<usize> = name.strip_prefix(&manifest.chunk_prefix).and_then(|r| r.strip_suffix(".bin")).and_then(|n| n.parse().ok());
            n.is_some_and(|n| (file.first_chunk..file.first_chunk + file.chunks).contains(&n))
        };
        struct Files(std::collections::HashMap<String, Vec<u8>>);
        impl ChunkSource for Files {
            fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
                self.0.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
            }
        }
        let e = Engine::open(Box::new(Files(files)), &manifest_name).unwrap();
        // How many pairs chunks each query plans, the earlier ones' already loaded.
        let planned = queries.iter().map(|q| {
            let planned = e.chunks_for(&text(q)).iter().filter(|n| of_pairs(n)).count();
            e.search(&text(q)).unwrap();
            planned
        }).collect();
        (pages, planned)
    };
    // 150 sections of varied text: a pairs file of a few pages, sent as one chunk that the first
    // query reads and every later one finds loaded.
    let small: Vec<SearchDoc> = (0..150usize)
        .map(|i| doc(&format!("/p{i:03}/"), &format!("Trang {i}"), None, &(0..40).map(|j| format!("t{}", (i * 7 + j * j * 13 + j) % 80)).collect::<Vec<_>>().join(" "), "plan", &[]))
        .collect();
    let queries = ["t1 t2", "t3 t4 t5", "t6 t7", "t8 t9"];
    let (pages, planned) = pairs_chunks(small, &queries);
    assert!((2..=8).contains(&pages), "{pages} pages");
    assert_eq!(planned, [1, 0, 0, 0]);
    // 3,000 sections: pages, each query reading the few that hold its pairs.
    let words = ["công", "tác", "xã", "hội", "trẻ", "em", "bảo", "trợ", "người", "cao", "tuổi", "khuyết", "tật", "hỗ", "giáo", "dục", "y", "tế", "việc", "làm"];
    let queries = ["công tác xã hội", "tre em", "nguoi cao tuoi", "bảo trợ xã hội"];
    let (pages, planned) = pairs_chunks(postings_docs(&words), &queries);
    assert!(pages > 8, "{pages} pages");
    assert!(planned.iter().all(|&n| (1..=3).contains(&n)), "{planned:?}");
}

#[test]
fn a_word_the_site_lacks_costs_no_pairs_page() {
    let words = ["công", "tác", "xã", "hội", "trẻ", "em", "bảo", "trợ", "người", "cao", "tuổi", "khuyết", "tật", "hỗ", "giáo", "dục", "y", "tế", "việc", "làm"];
    let (files, manifest_name, _) = built_site(postings_docs(&words));
    let manifest: Manifest = serde_json::from_slice(&files[&manifest_name]).unwrap();
    let file = manifest.files["pairs.bin"].clone();
    let pairs_pages = |q: &str| {
        struct Files(std::collections::HashMap<String, Vec<u8>>);
        impl ChunkSource for Files {
            fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
                self.0.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
            }
        }
        let e = Engine::open(Box::new(Files(files.clone())), &manifest_name).unwrap();
        let planned = e.chunks_for(&text(q));
        planned.iter().filter(|name| {
            let n: Option<usize> = name.strip_prefix(&manifest.chunk_prefix).and_then(|r| r.strip_suffix(".bin")).and_then(|n| n.parse().ok());
            n.is_some_and(|n| (file.first_chunk..file.first_chunk + file.chunks).contains(&n))
        }).count()
    };
    assert!(pairs_pages("khuyết tật") >= 1);
    // "tậtt" is in no section: neither is "khuyết tậtt" ("hỗ trợ khuyết" still is).
    assert_eq!(pairs_pages("khuyết tậtt"), 0);
    assert_eq!(pairs_pages("hỗ trợ khuyết tậtt"), pairs_pages("hỗ trợ khuyết"));
}

#[test]
fn exact_diacritics_rank_first() {
    let (e, _) = engine_for(corpus());
    let found = urls(&e, text("báo"));
    assert_eq!(found[0], "/d/", "{found:?}");
    let found = urls(&e, text("bảo"));
    assert_eq!(found[0], "/e/", "{found:?}");
    let found = urls(&e, text("bạo"));
    assert_eq!(found[0], "/a/", "{found:?}");
    assert!(found.contains(&"/d/".to_string()), "folded matches still come: {found:?}");
}

#[test]
fn facets_filter_and_count() {
    let (e, _) = engine_for(corpus());
    let all = e.search(&text("ke hoach")).unwrap();
    assert!(all.facets.kind.contains(&("plan".to_string(), 3)), "{:?}", all.facets);
    let plans = urls(&e, Query { text: "xa hoi".into(), kind: Some("centre".into()), ..Default::default() });
    assert_eq!(plans, ["/e/"]);
    let labels: Vec<&str> = all.facets.province.iter().map(|(p, _)| p.as_str()).collect();
    assert!(labels.contains(&"Đồng Tháp"), "facet labels keep diacritics: {labels:?}");
}

#[test]
fn facet_counts_agree_with_the_results_they_describe() {
    let (e, _) = engine_for(corpus());
    for q in ["xa hoi", "ke hoach", "tre em", "hai phong", "ban"] {
        let r = e.search(&Query { text: q.into(), limit: 100, ..Default::default() }).unwrap();
        assert_eq!(r.hits.len(), r.total, "{q}");
        let mut kinds: Vec<(String, u64)> = Vec::new();
        let mut provinces: Vec<(String, u64)> = Vec::new();
        let add = |list: &mut Vec<(String, u64)>, label: &str| match list.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => list.push((label.to_string(), 1)),
        };
        for hit in &r.hits {
            add(&mut kinds, &hit.kind);
            // Today's province (a former name counts under it). Labels are the name as first
            // written in the index (url order): "Hải Phòng".
            if let Some(p) = hit.provinces.first() {
                add(&mut provinces, p);
            }
        }
        let sorted = |mut l: Vec<(String, u64)>| {
            l.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            l
        };
        assert_eq!(r.facets.kind, sorted(kinds), "{q}");
        assert_eq!(r.facets.province, sorted(provinces), "{q}");
    }
}

#[test]
fn filters_the_index_does_not_know_match_nothing() {
    let (e, _) = engine_for(corpus());
    let r = e.search(&Query { text: "xa hoi".into(), kind: Some("news".into()), ..Default::default() }).unwrap();
    assert_eq!((r.total, r.hits.len()), (0, 0));
    let r = e.search(&Query { text: "xa hoi".into(), province: Some("Cà Mau".into()), ..Default::default() }).unwrap();
    assert_eq!((r.total, r.hits.len()), (0, 0));
    // Province filters compare folded names: typed without diacritics, or with other case.
    assert_eq!(urls(&e, Query { text: "xa hoi".into(), province: Some("dong thap".into()), ..Default::default() }), ["/e/"]);
}

#[test]
fn former_province_names_find_todays_province() {
    let (e, _) = engine_for(corpus());
    assert_eq!(urls(&e, text("tien giang")), ["/a/"]);
    let by_filter = urls(&e, Query { text: "ke hoach".into(), province: Some("Hải Dương".into()), ..Default::default() });
    assert_eq!(by_filter, ["/b/"]);
    let by_current = urls(&e, Query { text: "ke hoach".into(), province: Some("hai phong".into()), ..Default::default() });
    assert_eq!(by_current, ["/b/"]);

    // The province's name beats the same syllables scattered in another text ("tiền lương",
    // "giảng viên").
    let mut docs = corpus();
    docs.push(doc("/g/", "Lương", None, "Tiền lương, tiền thưởng của giảng viên và bài giảng, tiền ăn.", "explainer", &["Huế"]));
    let (e, _) = engine_for(docs);
    assert_eq!(urls(&e, text("tien giang"))[0], "/a/");
    assert_eq!(urls(&e, text("Tiền Giang"))[0], "/a/");
}

#[test]
fn fuzzy_fallback_reaches_ocr_damaged_text() {
    let (e, _) = engine_for(corpus());
    let r = e.search(&text("thua thien hue")).unwrap();
    assert!(r.hits.iter().any(|h| h.url == "/f/"), "{:?}", r.hits);
    let r = e.search(&text("khongcotu")).unwrap();
    assert!(r.hits.is_empty());

    // OCR damage the exact terms cannot reach: one edit in a short word, two in a long one.
    let docs = vec![
        doc("/ocr/", "Văn bản scan", None, "Ke hoach cua Uy ban nhan dan tinh Thira Thien Hu6 ve nguoi kbuyel tat.", "plan", &[]),
        doc("/other/", "Khác", None, "Chăm sóc người cao tuổi tại nhà.", "help", &[]),
    ];
    let (e, _) = engine_for(docs);
    let r = e.search(&text("huế")).unwrap();
    assert!(r.fuzzy, "{r:?}");
    assert_eq!(r.hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(), ["/ocr/"]);
    assert!(r.hits[0].snippet_html.contains("<mark>Hu6</mark>"), "{}", r.hits[0].snippet_html);
    // Every word in a near form beats one word exact.
    let r = e.search(&text("người khuyết tật")).unwrap();
    assert_eq!(r.hits[0].url, "/ocr/", "{r:?}");
    let r = e.search(&text("khuyết tật")).unwrap();
    assert!(r.fuzzy && r.hits[0].url == "/ocr/", "{r:?}");
    let r = e.search(&text("cao tuổi")).unwrap();
    assert!(!r.fuzzy, "exact matches are not near matches");
    // Words of one or two letters have no near matches (everything is one edit away).
    assert!(e.search(&text("hx")).unwrap().hits.is_empty());
}

#[test]
fn exact_matches_outrank_near_matches() {
    let docs = vec![
        doc("/near/", "Một", None, "Hỗ trợ tâm lý cho học sinh tại truờng.", "help", &[]),
        doc("/exact/", "Hai", None, "Trường học an toàn.", "help", &[]),
    ];
    let (e, _) = engine_for(docs);
    // "truong" finds one exact match (fewer than three), so near matches ("truờng" → truong is
    // exact too once folded; "trung"…) may join, but the exact one stays first.
    let r = e.search(&text("trường")).unwrap();
    assert_eq!(r.hits[0].url, "/exact/", "{r:?}");
}

#[test]
fn equal_scores_are_ordered_by_url_whatever_the_input_order() {
    let same = |url: &str| doc(url, "Giống nhau", None, "Đường dây nóng 111 miễn phí.", "help", &[]);
    let (e, _) = engine_for(vec![same("/m/"), same("/z/"), same("/a/"), same("/k/")]);
    assert_eq!(urls(&e, text("duong day nong")), ["/a/", "/k/", "/m/", "/z/"]);
    let page2 = urls(&e, Query { text: "duong day nong".into(), limit: 2, offset: 2, ..Default::default() });
    assert_eq!(page2, ["/m/", "/z/"]);
    // Numbers are never near matches of other numbers (a hotline, a plan's number).
    let r = e.search(&text("112")).unwrap();
    assert!(r.hits.is_empty() && !r.fuzzy, "{r:?}");
    let far = e.search(&Query { text: "duong day nong".into(), offset: usize::MAX, ..Default::default() }).unwrap();
    assert!(far.hits.is_empty() && far.total == 4);
}

#[test]
fn several_segments_merge_deterministically_in_url_order() {
    let files = |b: IndexBundle| b.files.into_iter().map(|f| (f.name, f.bytes)).collect::<Vec<_>>();
    let a = build::build_in_batches(corpus(), 2, &SiteSearch::default()).unwrap();
    let mut reversed = corpus();
    reversed.reverse();
    let b = build::build_in_batches(reversed, 2, &SiteSearch::default()).unwrap();
    let manifest_a: Manifest = serde_json::from_slice(&a.files.iter().find(|f| f.name == a.manifest_name).unwrap().bytes).unwrap();
    let segment_files = manifest_a.files.keys().filter(|k| k.as_str() != "meta.json").count();
    // One segment's six files at most, and the pairs and sections files.
    assert!(segment_files <= 8, "one segment: {:?}", manifest_a.files.keys());
    assert_eq!(files(a), files(b));

    let same = |url: &str| doc(url, "Giống nhau", None, "Đường dây nóng 111 miễn phí.", "help", &[]);
    let docs = vec![same("/m/"), same("/z/"), same("/a/"), same("/k/"), same("/b/")];
    let bundle = build::build_in_batches(docs, 1, &SiteSearch::default()).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let e = Engine::open(Box::new(Memory { files, fetches: Default::default() }), &bundle.manifest_name).unwrap();
    assert_eq!(urls(&e, text("111")), ["/a/", "/b/", "/k/", "/m/", "/z/"]);
}

#[test]
fn facet_counts_follow_the_other_filter() {
    let (e, _) = engine_for(corpus());
    let r = e.search(&Query { text: "ke hoach".into(), kind: Some("plan".into()), ..Default::default() }).unwrap();
    // The kind filter does not narrow the kind facet (so other kinds stay choosable)…
    assert!(r.facets.kind.contains(&("plan".to_string(), 3)), "{:?}", r.facets);
    let r = e.search(&Query { text: "xa hoi".into(), province: Some("Đồng Tháp".into()), ..Default::default() }).unwrap();
    // …but the province filter does.
    assert_eq!(r.facets.kind, [("centre".to_string(), 1)], "{:?}", r.facets);
    assert_eq!(r.total, 1);
}

#[test]
fn open_latest_follows_the_pointer_file() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = build_index(corpus()).unwrap();
    for f in &bundle.files {
        std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    assert!(matches!(Engine::open_latest(dir.path()), Err(SearchError::Io(_))));
    let pointer = Pointer { format_version: FORMAT_VERSION, manifest: bundle.manifest_name.clone(), engine: "engine-1.wasm".into(), engine_gzip: "engine-1.wasm.gz".into(), engine_rest: "engine-2.rest.wasm".into() };
    std::fs::write(dir.path().join(POINTER_FILE), serde_json::to_vec(&pointer).unwrap()).unwrap();
    assert_eq!(Pointer::read(dir.path()).unwrap(), pointer);
    let e = Engine::open_latest(dir.path()).unwrap();
    assert_eq!(e.search(&text("tien giang")).unwrap().hits[0].url, "/a/");
    // An older format's pointer may lack today's fields: still a version mismatch, not "corrupt".
    let old = serde_json::json!({ "manifest": bundle.manifest_name, "format_version": FORMAT_VERSION - 1 });
    std::fs::write(dir.path().join(POINTER_FILE), old.to_string()).unwrap();
    assert!(matches!(Engine::open_latest(dir.path()), Err(SearchError::VersionMismatch { .. })));
    std::fs::write(dir.path().join(POINTER_FILE), b"{\"format_version\": 13").unwrap();
    assert!(matches!(Engine::open_latest(dir.path()), Err(SearchError::Corrupt(_))));
}

#[test]
fn a_damaged_manifest_is_an_error_not_a_panic() {
    let bundle = build_index(corpus()).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let original = String::from_utf8(files[&bundle.manifest_name].clone()).unwrap();
    let damaged = [
        original.replacen(&format!("\"chunk_size\":{CHUNK_SIZE}"), "\"chunk_size\":0", 1),
        original.replacen(&format!("\"chunk_size\":{CHUNK_SIZE}"), "\"chunk_size\":7", 1),
        original.replacen("\"chunks\":", "\"chunks\":1", 1),
        original.replacen("\"first_chunk\":0", "\"first_chunk\":18446744073709551615", 1),
        original.replacen("\"chunk_prefix\":\"", "\"chunk_prefix\":\"../", 1),
        original.replacen("\"tail\":0", "\"tail\":99999999", 1),
        // Cuts between terms that are out of order, past the file, or past any number.
        original.replacen("\"first_chunk\":", "\"cut_lengths\":[0],\"first_chunk\":", 1),
        original.replacen("\"first_chunk\":", "\"cut_lengths\":[99999999],\"first_chunk\":", 1),
        original.replacen("\"first_chunk\":", "\"cut_lengths\":[18446744073709551615,1],\"first_chunk\":", 1),
        original.replacen("\"start\":0", "\"start\":99999999", 1),
        // Bundles: a leader before the first chunk, a negative step, more steps than chunks.
        original.replacen("\"first_chunk\":", "\"bundle_steps\":[99999],\"first_chunk\":", 1),
        original.replacen("\"first_chunk\":", "\"bundle_steps\":[-1],\"first_chunk\":", 1),
        original.replacen("\"first_chunk\":", "\"bundle_steps\":[0,0,0,0,0,0,0,0,0,0,0,0],\"first_chunk\":", 1),
        {
            // The head's length.
            let at = original.find("\"head\":").unwrap();
            let len = at + original[at..].find("\"len\":").unwrap() + 6;
            format!("{}1{}", &original[..len], &original[len..])
        },
        original.chars().take(original.chars().count() / 2).collect(),
    ];
    let open = |text: String| {
        let mut files = files.clone();
        files.insert(bundle.manifest_name.clone(), text.into_bytes());
        Engine::open(Box::new(Memory { files, fetches: Default::default() }), &bundle.manifest_name)
    };
    for text in damaged {
        assert_ne!(text, original);
        let r = open(text);
        assert!(matches!(r, Err(SearchError::Corrupt(_))), "{:?}", r.err());
    }
    // A page table that does not cover the documents.
    let r = open(original.replacen("\"sections\":[1", "\"sections\":[2", 1));
    assert!(matches!(r, Err(SearchError::Corrupt(_))), "{:?}", r.err());
    // A file's length that its chunks do not have.
    let r = open(original.replacen("\"len\":", "\"len\":1", 1));
    assert!(r.is_err());
}

#[test]
fn snippets_escape_content_and_mark_matches() {
    let (e, _) = engine_for(corpus());
    let r = e.search(&text("the script")).unwrap();
    let s = &r.hits[0].snippet_html;
    assert!(s.contains("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"), "{s}");
    let r = e.search(&text("bao luc")).unwrap();
    assert!(r.hits[0].snippet_html.contains("<mark>bạo</mark> <mark>lực</mark>"), "{}", r.hits[0].snippet_html);
}

#[test]
fn same_documents_give_byte_identical_files() {
    let a = build_index(corpus()).unwrap();
    let mut shuffled = corpus();
    shuffled.rotate_left(3);
    shuffled.swap(0, 2);
    let b = build_index(shuffled).unwrap();
    assert_eq!(a.manifest_name, b.manifest_name);
    let names = |x: &IndexBundle| x.files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
}

#[test]
fn version_mismatch_is_refused_clearly() {
    let bundle = build_index(corpus()).unwrap();
    let mut files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let manifest = files.get_mut(&bundle.manifest_name).unwrap();
    let text = String::from_utf8(manifest.clone()).unwrap().replace(&format!("\"format_version\":{FORMAT_VERSION}"), "\"format_version\":999");
    *manifest = text.into_bytes();
    let err = Engine::open(Box::new(Memory { files, fetches: Default::default() }), &bundle.manifest_name).err().unwrap();
    assert!(matches!(err, SearchError::VersionMismatch { index: 999, .. }));
    assert!(err.to_string().contains("rebuild"));
}

#[test]
fn a_missing_chunk_is_an_error_not_a_panic() {
    let bundle = build_index(corpus()).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> =
        bundle.files.into_iter().filter(|f| f.name.starts_with("manifest")).map(|f| (f.name, f.bytes)).collect();
    assert!(Engine::open(Box::new(Memory { files, fetches: Default::default() }), &bundle.manifest_name).is_err());
}

#[test]
fn a_query_fetches_a_small_part_of_a_large_index() {
    let words = ["người", "cao", "tuổi", "trẻ", "em", "khuyết", "tật", "bảo", "trợ", "xã", "hội", "hỗ", "trợ", "chăm", "sóc", "tâm", "thần", "gia", "đình", "cộng", "đồng"];
    let docs: Vec<SearchDoc> = (0..3000)
        .map(|i| {
            // Text that compresses like prose, not like a repeated pattern.
            let body: Vec<String> = (0..150)
                .map(|j| {
                    let n = (i * 7919 + j * 104_729) % 9973;
                    if j % 5 == 0 {
                        format!("{} {n}", words[n % words.len()])
                    } else {
                        words[n % words.len()].to_string()
                    }
                })
                .collect();
            let unique = format!("ma{i:05}");
            doc(&format!("/p{i}/"), &format!("Trang {i}"), Some("Phần"), &format!("{} {unique}", body.join(" ")), "other", &["Huế"])
        })
        .collect();
    let (e, fetches) = engine_for(docs);
    let total = e.total_chunks();
    assert!(total > 20, "a big index has many chunks ({total})");
    // Opening: the manifest and the head chunk (footers, headers, dictionaries, norms).
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let r = e.search(&text("ma01234")).unwrap();
    assert_eq!(r.hits[0].url, "/p1234/");
    // A rare word: its postings and the result's stored text, nothing else.
    let used = fetches.load(Ordering::SeqCst);
    assert!(used <= 5, "fetched {used} of {total} chunks");
    // A common phrase typed with diacritics (exact fields, positions, facets over many matches).
    let r = e.search(&text("trẻ em khuyết tật")).unwrap();
    assert!(r.total > 100);
    let used = fetches.load(Ordering::SeqCst);
    assert!(used * 2 < total, "a common phrase fetched {used} of {total} chunks");
}

#[test]
fn fs_source_reads_a_written_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = build_index(corpus()).unwrap();
    for f in &bundle.files {
        std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    let e = Engine::open(Box::new(FsChunkSource::new(dir.path())), &bundle.manifest_name).unwrap();
    assert_eq!(e.search(&text("dong thap")).unwrap().hits[0].url, "/a/");
    assert!(FsChunkSource::new(dir.path()).fetch("../etc/passwd").is_err());
}

#[test]
fn odd_documents_and_queries_do_not_break_anything() {
    // No documents at all: a valid, empty index.
    let (e, _) = engine_for(vec![]);
    let r = e.search(&text("dong thap")).unwrap();
    assert!(r.hits.is_empty() && r.total == 0);

    let mut odd = doc("/odd/", "", Some(""), "", "", &["", "Bà Rịa/Vũng Tàu", "  Tiền   Giang ", "tiền giang"]);
    odd.target_groups = vec!["".into(), "người cao tuổi".into()];
    odd.date = None;
    let docs = vec![odd, doc("/odd/", "Trùng url", None, "Văn bản trùng địa chỉ.", "a/b", &["Huế"]), doc("/n/", "Bình thường", None, "Người cao tuổi.", "help", &[])];
    let (e, _) = engine_for(docs);
    assert!(urls(&e, text("nguoi cao tuoi")).contains(&"/odd/".to_string()));
    assert_eq!(urls(&e, Query { text: "nguoi cao tuoi".into(), province: Some("tien giang".into()), ..Default::default() }), ["/odd/"]);
    assert_eq!(urls(&e, Query { text: "nguoi cao tuoi".into(), province: Some("Bà Rịa/Vũng Tàu".into()), ..Default::default() }), ["/odd/"]);
    assert_eq!(urls(&e, Query { text: "trung".into(), kind: Some("a/b".into()), ..Default::default() }), ["/odd/"]);
    let r = e.search(&text("nguoi cao tuoi")).unwrap();
    assert!(r.facets.kind.iter().all(|(k, _)| !k.is_empty()), "{:?}", r.facets);
    assert!(r.hits.iter().any(|h| h.url == "/odd/" && h.kind == "other" && h.provinces.len() == 2), "{:?}", r.hits);
    assert!(r.facets.province.iter().all(|(p, _)| !p.trim().is_empty()), "{:?}", r.facets);
    assert!(r.facets.province.iter().all(|(_, n)| *n == 1), "a name listed twice counts once: {:?}", r.facets);

    for q in ["", "   ", "!!! ---", "\u{301}", &"trẻ em ".repeat(500), &"x".repeat(10_000), "<script>", "a b c d e f g"] {
        let r = e.search(&text(q)).unwrap();
        for h in r.hits {
            assert!(!h.snippet_html.replace("<mark>", "").replace("</mark>", "").contains('<'));
        }
    }
    let r = e.search(&Query { text: "nguoi".into(), limit: usize::MAX, offset: usize::MAX - 1, ..Default::default() }).unwrap();
    assert!(r.hits.is_empty());
}

/// What a browser downloads on a 10,000-section site made of the seed plans' sentences:
/// `cargo test -p nhipcau-search --release -- --ignored --nocapture measure`.
#[test]
#[ignore]
fn measure_downloads_on_a_realistic_site() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sources/seeds");
    let mut lines: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            lines.extend(std::fs::read_to_string(path).unwrap().lines().filter(|l| l.split_whitespace().count() > 5).map(str::to_string));
        }
    }
    let provinces = ["Đồng Tháp", "Huế", "Hải Phòng", "Lâm Đồng", "Ninh Bình", "Cần Thơ"];
    let kinds = ["plan", "help", "centre", "explainer"];
    let docs: Vec<SearchDoc> = (0..10_000usize)
        .map(|i| {
            let body: Vec<&str> = (0..8).map(|j| lines[(i * 7919 + j * 104_729) % lines.len()].as_str()).collect();
            let mut d = doc(&format!("/p{i:05}/"), &lines[(i * 31) % lines.len()], Some(&lines[(i * 17) % lines.len()]), &format!("{} ma{i:05}", body.join("\n")), kinds[i % 4], &[provinces[i % 6]]);
            d.heading = d.heading.map(|h| h.chars().take(60).collect());
            d.page_title = d.page_title.chars().take(80).collect();
            d
        })
        .collect();
    let started = std::time::Instant::now();
    let bundle = build_index(docs).unwrap();
    let total: usize = bundle.files.iter().map(|f| f.bytes.len()).sum();
    eprintln!("built {} files, {} KB in {:?}", bundle.files.len(), total / 1024, started.elapsed());
    let manifest: Manifest = serde_json::from_slice(&bundle.files.iter().find(|f| f.name == bundle.manifest_name).unwrap().bytes).unwrap();
    let packed: std::collections::HashMap<&str, usize> = bundle.files.iter().map(|f| (f.name.as_str(), f.bytes.len())).collect();
    for (name, file) in &manifest.files {
        let on_disk: usize = (file.first_chunk..file.first_chunk + file.chunks).map(|n| packed[manifest.chunk_name(n).as_str()]).sum();
        eprintln!("{name:>40}: {:>6} KB, {:>6} KB packed, {} chunks", file.len / 1024, on_disk / 1024, file.chunks);
    }
    let dir = tempfile::tempdir().unwrap();
    for f in &bundle.files {
        std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    for q in ["ma04321", "công tác xã hội", "tre em", "người khuyết tật", "dong thap", "bảo trợ xã hội", "thua thien hue", "khuyet tatt"] {
        let bytes = Arc::new(AtomicUsize::new(0));
        let names = Arc::new(std::sync::Mutex::new(Vec::new()));
        let source = CountingFs { inner: FsChunkSource::new(dir.path()), fetches: Default::default(), bytes: bytes.clone(), names: names.clone(), _dir: None };
        let started = std::time::Instant::now();
        let e = Engine::open(Box::new(source), &bundle.manifest_name).unwrap();
        let r = e.search(&text(q)).unwrap();
        eprintln!(
            "{q:>20}: {:>5} results{}, {:>3} of {} chunks, {:>4} KB, {:?}",
            r.total,
            if r.fuzzy { " (near)" } else { "" },
            e.fetched_chunks(),
            e.total_chunks(),
            bytes.load(Ordering::SeqCst) / 1024,
            started.elapsed()
        );
        let mut per_file: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for n in names.lock().unwrap().iter() {
            let number = n.strip_prefix(&manifest.chunk_prefix).and_then(|rest| rest.strip_suffix(".bin")).and_then(|n| n.parse::<usize>().ok());
            let file = manifest
                .files
                .iter()
                .find(|(_, f)| number.is_some_and(|n| (f.first_chunk..f.first_chunk + f.chunks).contains(&n)))
                .map(|(k, _)| k.rsplit('.').next().unwrap())
                .unwrap_or("head/manifest");
            *per_file.entry(file).or_default() += 1;
        }
        eprintln!("{:>22}{per_file:?}", "");
    }
}

#[test]
fn chunk_layout_with_a_tail_covers_every_byte_once() {
    let fixed = [(10, 4, 0), (10, 4, 3), (12, 4, 0), (12, 4, 4), (9, 4, 1), (1, 4, 0), (100, 7, 5)].map(|(len, chunk_size, tail)| (len, chunk_size, tail, vec![]));
    // Cut between terms: pieces of any size, then the tail.
    let cut = [(100, 7, 5, vec![3, 40, 41, 90]), (10, 4, 0, vec![9]), (10, 4, 2, vec![1])];
    for (len, chunk_size, tail, cuts) in fixed.into_iter().chain(cut) {
        let f = ManifestFile { len, chunk_size, tail, cuts: cuts.clone(), ..ManifestFile::default() };
        let mut next = 0;
        for i in 0..f.expected_chunks() {
            let r = f.chunk_range(i);
            assert_eq!(r.start, next, "{len} {chunk_size} {tail}: chunk {i}");
            assert!(!r.is_empty() && (!cuts.is_empty() || r.len() <= chunk_size.max(tail)));
            for pos in r.clone() {
                assert_eq!(f.chunk_of(pos), i);
            }
            next = r.end;
        }
        assert_eq!(next, len);
        if tail > 0 {
            assert_eq!(f.chunk_range(f.expected_chunks() - 1), len - tail..len);
        }
    }
    // A big file's footer sits in a small chunk of its own.
    let big = build::tail_len(10 * CHUNK_SIZE + 5000, CHUNK_SIZE);
    assert!(big > 0 && big < 5000);
    assert_eq!(build::tail_len(CHUNK_SIZE + 5000, CHUNK_SIZE), 0);
}

/// The reading side runs in the browser (wasm32-unknown-unknown), where reading the clock,
/// sleeping or spawning threads panics, and QueryParser would drag its grammar into the engine.
#[test]
fn browser_code_avoids_what_wasm_cannot_do() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for file in ["lib.rs", "directory.rs", "engine.rs", "schema.rs", "snippet.rs", "pairs.rs", "paged.rs", "sections.rs", "varint.rs", "pages.rs", "facets.rs", "vocab.rs"] {
        let text = std::fs::read_to_string(format!("{src}/{file}")).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for banned in ["Instant::now", "SystemTime::now", "thread::sleep", "thread::spawn", "QueryParser", "ReloadPolicy::OnCommit"] {
            assert!(!code.contains(banned), "{file} uses {banned}");
        }
    }
}

/// The CLI and `nhipcau serve` may share one engine between threads.
#[test]
fn the_engine_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
    send_sync::<FsChunkSource>();
}

/// 3,000 sections of `words` in varied orders: enough that postings and positions span many
/// chunks. The built files by name, the manifest's name, and whether a chunk name is of postings,
/// positions or word pairs.
fn postings_site(words: &[&str]) -> (std::collections::HashMap<String, Vec<u8>>, String, impl Fn(&str) -> bool) {
    built_site(postings_docs(words))
}

/// Sections enough that the postings file is cut in chunks (a small one goes whole).
fn postings_docs(words: &[&str]) -> Vec<SearchDoc> {
    (0..6000usize)
        .map(|i| {
            let body: Vec<&str> = (0..40).map(|j| words[(i * 7 + j * j * 13 + j) % words.len()]).collect();
            let title: Vec<&str> = (0..4).map(|j| words[(i * 3 + j * 5) % words.len()]).collect();
            doc(&format!("/p{i:04}/"), &title.join(" "), Some(words[i % words.len()]), &body.join(" "), "plan", &["Đồng Tháp"])
        })
        .collect()
}

/// `docs` built: the files by name, the manifest's name, and whether a chunk name is of postings,
/// positions or word pairs (what a query's plan names).
fn built_site(docs: Vec<SearchDoc>) -> (std::collections::HashMap<String, Vec<u8>>, String, impl Fn(&str) -> bool) {
    built_site_with(docs, &SiteSearch::default())
}

fn built_site_with(docs: Vec<SearchDoc>, site: &SiteSearch) -> (std::collections::HashMap<String, Vec<u8>>, String, impl Fn(&str) -> bool) {
    let bundle = build_index_with(docs, site).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let manifest: Manifest = serde_json::from_slice(&files[&bundle.manifest_name]).unwrap();
    let postings_chunk = move |name: &str| {
        let n: Option<usize> = name.strip_prefix(&manifest.chunk_prefix).and_then(|r| r.strip_suffix(".bin")).and_then(|n| n.parse().ok());
        manifest.files.iter().any(|(file, f)| (file.ends_with(".idx") || file.ends_with(".pos") || file == "pairs.bin") && n.is_some_and(|n| (f.first_chunk..f.first_chunk + f.chunks).contains(&n)))
    };
    (files, bundle.manifest_name, postings_chunk)
}

#[test]
fn planned_chunks_are_the_postings_the_query_reads() {
    let words = ["công", "tác", "xã", "hội", "trẻ", "em", "bảo", "trợ", "người", "cao", "tuổi", "khuyết", "tật", "hỗ", "trợ", "giáo", "dục", "y", "tế", "việc", "làm"];
    let (files, manifest_name, postings_chunk) = postings_site(&words);
    let mut planned_any = 0;
    for q in ["công tác xã hội", "tre em", "bảo trợ", "người cao tuổi", "giao duc y te", "việc"] {
        let e = Engine::open(Box::new(Memory { files: files.clone(), fetches: Default::default() }), &manifest_name).unwrap();
        planned_any += e.chunks_for(&text(q)).len();
        let (r, postings_rounds, one_at_a_time, unread) = as_the_worker_does(&files, &manifest_name, &text(q), &postings_chunk);
        assert!(r.total > 0 && !r.fuzzy, "{q}: {r:?}");
        assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::to_value(e.search(&text(q)).unwrap()).unwrap(), "{q}");
        // Once read, nothing is planned again.
        assert!(e.chunks_for(&text(q)).is_empty(), "{q}");
        // Every chunk the query read was named first, and every postings chunk named was read.
        assert!(one_at_a_time.is_empty() && unread.is_empty(), "{q}: read unnamed {one_at_a_time:?}, named unread {unread:?}");
        // The plan holds what the first pass reads. On this site the four words of "công tác xã
        // hội" are together in fewer than a few sections: the ranking widens to any word and
        // ranks near forms of each too, which come in a round of their own (planning them for
        // every query would cost bytes most queries never read).
        assert_eq!(postings_rounds, usize::from(q == "công tác xã hội"), "{q}");
    }
    assert!(planned_any > 20, "the queries read postings beyond the head: {planned_any}");
}

#[test]
fn search_or_fetch_names_the_documents_chunks_at_once_then_answers_as_search_does() {
    let words = ["công", "tác", "xã", "hội", "trẻ", "em", "bảo", "trợ", "người", "cao", "tuổi", "khuyết", "tật", "hỗ", "giáo", "dục"];
    // Long, varied sections: the results' stored text spans many chunks.
    let docs: Vec<SearchDoc> = (0..2000usize)
        .map(|i| {
            let body: Vec<String> = (0..120).map(|j| format!("{} {}", words[(i * 7 + j * j * 13 + j) % words.len()], (i * 31 + j) % 997)).collect();
            doc(&format!("/p{i:04}/#s{}", i % 3), &format!("Trang {}", i / 3), Some(words[i % words.len()]), &body.join(" "), "plan", &[])
        })
        .collect();
    let bundle = build_index(docs).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    struct Logged(std::collections::HashMap<String, Vec<u8>>, Arc<std::sync::Mutex<Vec<String>>>);
    impl ChunkSource for Logged {
        fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
            self.1.lock().unwrap().push(name.to_string());
            self.0.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
        }
    }
    let open = || {
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        (Engine::open(Box::new(Logged(files.clone(), log.clone())), &bundle.manifest_name).unwrap(), log)
    };
    let (reference, _) = open();
    for q in ["tre em", "bảo trợ xã hội", "nguoi cao tuoi 17"] {
        let query = Query { limit: 10, ..text(q) };
        let expected = format!("{:?}", reference.search(&query).unwrap());
        let (e, log) = open();
        let planned = e.chunks_for(&query);
        let Answer::Fetch(named) = e.search_or_fetch(&query).unwrap() else { panic!("{q}: results whose documents are not loaded") };
        assert!(named.len() >= 3 && named.iter().all(|n| !planned.contains(n)), "{q}: the results' stored text, not the postings: {named:?}");
        // Asked again: exactly the named chunks are read (the worker has them by then), and the
        // answer is search's.
        log.lock().unwrap().clear();
        let Answer::Results(r) = e.search_or_fetch(&query).unwrap() else { panic!("{q}: asked again, the results") };
        let mut read = log.lock().unwrap().clone();
        read.sort();
        assert_eq!(read, named, "{q}");
        assert_eq!(format!("{r:?}"), expected, "{q}: the same answer as search");
        // Loaded now: answered at once.
        assert!(matches!(e.search_or_fetch(&query).unwrap(), Answer::Results(_)), "{q}");

        // Another query in between: the first is ranked again, with the same answer.
        let (e, _) = open();
        assert!(matches!(e.search_or_fetch(&query).unwrap(), Answer::Fetch(_)));
        let _ = e.search_or_fetch(&text("giao duc")).unwrap();
        let answer = loop {
            match e.search_or_fetch(&query).unwrap() {
                Answer::Results(r) => break r,
                Answer::Fetch(_) => continue,
            }
        };
        assert_eq!(format!("{answer:?}"), expected, "{q}");
    }
}

/// A page of several sections and a page of one.
fn sectioned() -> Vec<SearchDoc> {
    vec![
        doc("/plan/", "Kế hoạch", None, "Mở đầu về trợ cấp.", "plan", &[]),
        doc("/plan/#a", "Kế hoạch", Some("Mục A"), "Trợ cấp xã hội hằng tháng cho người cao tuổi.", "plan", &["Huế"]),
        doc("/plan/#b", "Kế hoạch", Some("Mục B"), "Trợ cấp xã hội và trợ cấp khẩn cấp.", "plan", &["Huế"]),
        doc("/plan/#c", "Kế hoạch", Some("Mục C"), "Trợ cấp xã hội, mức trợ cấp.", "plan", &["Huế"]),
        doc("/plan/#d", "Kế hoạch", Some("Mục D"), "Trợ cấp xã hội lần nữa.", "plan", &["Huế"]),
        doc("/help/", "Hướng dẫn", None, "Cách xin trợ cấp xã hội.", "help", &[]),
    ]
}

#[test]
fn results_are_pages_with_their_other_sections_as_deep_links() {
    let (e, _) = engine_for(sectioned());
    let r = e.search(&text("tro cap xa hoi")).unwrap();
    assert_eq!(r.total, 2, "two pages match");
    let pages: Vec<&str> = r.hits.iter().map(|h| h.page.as_str()).collect();
    assert_eq!(pages.len(), 2);
    assert!(pages.contains(&"/plan/") && pages.contains(&"/help/"), "{pages:?}");
    let plan = r.hits.iter().find(|h| h.page == "/plan/").unwrap();
    assert!(plan.url.starts_with("/plan/#"), "the page links to its best section: {}", plan.url);
    assert_eq!(plan.sections.len(), MAX_SUB_RESULTS, "at most three other sections");
    let mut all: Vec<&str> = plan.sections.iter().map(|s| s.url.as_str()).collect();
    all.push(&plan.url);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), MAX_SUB_RESULTS + 1, "no section twice: {all:?}");
    assert!(plan.sections.iter().all(|s| s.heading.is_some()));
    // Facets count pages, not sections.
    assert_eq!(r.facets.kind, vec![("help".to_string(), 1), ("plan".to_string(), 1)]);
    assert_eq!(r.facets.province, vec![("Huế".to_string(), 1)]);
    // Paging goes by pages.
    let second = e.search(&Query { text: "tro cap xa hoi".into(), limit: 1, offset: 1, ..Default::default() }).unwrap();
    assert_eq!(second.hits.len(), 1);
    assert_ne!(second.hits[0].page, r.hits[0].page);
}

#[test]
fn a_page_weight_lifts_it_at_equal_match_quality() {
    let twin = |url: &str, kind: &str, weight: f32| SearchDoc { weight, ..doc(url, "Trợ giúp", None, "Trợ giúp xã hội tại xã.", kind, &[]) };
    let (e, _) = engine_for(vec![twin("/a/", "plan", 1.0), twin("/b/", "help", 1.5)]);
    assert_eq!(urls(&e, text("tro giup xa hoi")), ["/b/", "/a/"]);
    let (e, _) = engine_for(vec![twin("/a/", "plan", 1.0), twin("/b/", "help", 1.0)]);
    assert_eq!(urls(&e, text("tro giup xa hoi")), ["/a/", "/b/"], "equal weights: url order");
}

#[test]
fn numbers_match_with_or_without_leading_zeros_and_dates_either_way() {
    let (e, _) = engine_for(vec![
        doc("/law/", "Ngày pháp luật", None, "Ngày 09 tháng 11 hằng năm là Ngày Pháp luật.", "other", &[]),
        doc("/day/", "Ngày công tác xã hội", None, "Ngày 25 tháng 3 là Ngày Công tác xã hội.", "campaign", &[]),
        doc("/slash/", "Kỷ niệm", None, "Họp mặt nhân ngày 25/3 hằng năm.", "campaign", &[]),
        doc("/other/", "Khác", None, "Ngày 3 tháng 25 không có; ngày 5 tháng 3 khác.", "other", &[]),
    ]);
    assert_eq!(urls(&e, text("ngày pháp luật 9 tháng 11"))[0], "/law/");
    assert_eq!(urls(&e, text("09"))[0], "/law/");
    let slash = urls(&e, text("25/3"));
    assert!(slash[..2].contains(&"/day/".to_string()) && slash[..2].contains(&"/slash/".to_string()), "{slash:?}");
    let words = urls(&e, text("25 tháng 3"));
    assert!(words[..2].contains(&"/day/".to_string()) && words[..2].contains(&"/slash/".to_string()), "{words:?}");
}

#[test]
fn question_words_need_not_match() {
    let (e, _) = engine_for(vec![
        doc("/tc/", "Trợ cấp xã hội", None, "Mức trợ cấp hằng tháng.", "help", &[]),
        doc("/x/", "Khác", None, "Trang khác về thời tiết.", "other", &[]),
    ]);
    for q in ["trợ cấp xã hội là gì", "tro cap o dau", "lam sao de duoc tro cap", "tro cap nhu the nao"] {
        let r = e.search(&text(q)).unwrap();
        assert_eq!(r.hits.first().map(|h| h.url.as_str()), Some("/tc/"), "{q}");
        assert!(!r.fuzzy, "{q}: found as typed, not as near matches");
    }
    // Question words alone still have to be found.
    assert!(urls(&e, text("là gì")).is_empty());
}

#[test]
fn a_number_as_a_synonym_finds_the_pages_that_give_it() {
    // One word, a number: nothing to have together, only the word.
    let synonyms = Synonyms::new(&[], &[("cấp cứu".into(), vec!["115".into()]), ("ngày ctxh".into(), vec!["25 tháng 3".into()])]).unwrap();
    let docs = vec![
        doc("/goi/", "Khi nguy hiểm", None, "Gọi 115 lập tức.", "help", &[]),
        doc("/ngay/", "Ngày hội", None, "Ngày 25 tháng 3 hằng năm.", "campaign", &[]),
        doc("/dao/", "Lịch", None, "Tháng 25, ấp 3, đảo ngược.", "other", &[]),
    ];
    let (e, _) = engine_with(docs, &synonyms);
    assert_eq!(urls(&e, text("cap cuu")), ["/goi/"]);
    // A date of several words must stand together: "3 tháng 25" is not 25/3.
    assert_eq!(urls(&e, text("ngay ctxh")), ["/ngay/"]);
}

fn vocabulary() -> Synonyms {
    Synonyms::new(
        &[vec!["người già".into(), "người cao tuổi".into()], vec!["ctxh".into(), "công tác xã hội".into()]],
        &[("trầm cảm".into(), vec!["sức khỏe tâm thần".into()])],
    )
    .unwrap()
}

#[test]
fn synonyms_work_both_ways_and_expansions_one_way_with_or_without_diacritics() {
    let docs = vec![
        doc("/cao-tuoi/", "Người cao tuổi sống một mình", None, "Chăm sóc người cao tuổi cô đơn.", "help", &[]),
        doc("/gia/", "Nhà người già", None, "Nơi ở của người già.", "centre", &[]),
        doc("/tam-than/", "Hỗ trợ sức khỏe tâm thần", None, "Gọi 115 khi khẩn cấp.", "help", &[]),
        doc("/ctxh/", "Ngày công tác xã hội", None, "Nghề công tác xã hội.", "campaign", &[]),
        doc("/tram-cam/", "Trầm cảm", None, "Trầm cảm sau sinh.", "other", &[]),
    ];
    let (e, _) = engine_with(docs.clone(), &vocabulary());
    for q in ["nguoi gia song mot minh", "người già sống một mình"] {
        assert_eq!(urls(&e, text(q))[0], "/cao-tuoi/", "{q}");
    }
    // The word typed counts for more than its synonym.
    assert_eq!(urls(&e, text("nguoi gia")), ["/gia/", "/cao-tuoi/"]);
    assert_eq!(urls(&e, text("nguoi cao tuoi")), ["/cao-tuoi/", "/gia/"]);
    assert_eq!(urls(&e, text("ctxh"))[0], "/ctxh/");
    // One way: "trầm cảm" finds the mental-health page; the reverse does not find "trầm cảm".
    let tram = urls(&e, text("tram cam"));
    assert!(tram.contains(&"/tam-than/".to_string()) && tram[0] == "/tram-cam/", "{tram:?}");
    assert!(!urls(&e, text("suc khoe tam than")).contains(&"/tram-cam/".to_string()));
    // What a synonym found is marked in the snippet.
    let r = e.search(&text("ctxh")).unwrap();
    assert!(r.hits[0].snippet_html.contains("<mark>công</mark>"), "{}", r.hits[0].snippet_html);
    // Without the synonyms, none of this.
    let (plain, _) = engine_for(docs);
    assert!(urls(&plain, text("ctxh")).is_empty());
}

#[test]
fn synonym_phrases_without_words_are_refused() {
    assert!(Synonyms::new(&[vec!["người già".into(), " – ".into()]], &[]).unwrap_err().contains("\" – \""));
    assert!(Synonyms::new(&[], &[("".into(), vec!["x".into()])]).is_err());
}

#[test]
fn keywords_find_a_page_and_are_never_shown() {
    let mut help = doc("/help/", "Hỗ trợ sức khỏe tâm thần", None, "Gọi 115 khi khẩn cấp.", "help", &[]);
    help.keywords = vec!["tư vấn tâm lý".into()];
    let docs = vec![help, doc("/plan/", "Kế hoạch", None, "Trung tâm quản lý tư vấn.", "plan", &[])];
    let (e, _) = engine_for(docs);
    let r = e.search(&text("tu van tam ly")).unwrap();
    assert_eq!(r.hits[0].url, "/help/");
    assert!(!r.hits[0].snippet_html.contains("tâm lý") && !r.hits[0].snippet_html.contains("vấn"), "{}", r.hits[0].snippet_html);
}

#[test]
fn a_former_province_is_explained_and_counted_under_todays() {
    let (e, _) = engine_for(corpus());
    let r = e.search(&text("tien giang")).unwrap();
    assert_eq!(r.notes, ["Tiền Giang nay thuộc Đồng Tháp (từ 1/7/2025)."]);
    let r = e.search(&text("xa hoi")).unwrap();
    assert!(r.notes.is_empty());
    let names: Vec<&str> = r.facets.province.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"Tiền Giang") && !names.contains(&"Hải Dương"), "{names:?}");
    assert_eq!(r.facets.province_former.get("Hải Phòng"), Some(&vec!["Hải Dương".to_string()]));
    // Filtering by a former name still works.
    assert_eq!(urls(&e, Query { text: "xa hoi".into(), province: Some("Hải Dương".into()), ..Default::default() }), ["/b/"]);
}

#[test]
fn weak_results_suggest_indexed_words_and_an_empty_one_offers_help() {
    let guidance = Guidance { hotlines: vec![Hotline { number: "111".into(), label: "Tổng đài".into() }], help: Some(Link { title: "Cách yêu cầu hỗ trợ".into(), path: "/ho-tro/".into() }) };
    let (e, _) = engine_for_site(corpus(), &SiteSearch { guidance: guidance.clone(), ..Default::default() });
    // Not every word matched: the results are weak.
    let r = e.search(&text("tre em bi bao luuc")).unwrap();
    assert_eq!(r.suggestion.as_deref(), Some("tre em bi bao luc"));
    assert!(r.guidance.is_none(), "there are results");
    // Typed with diacritics, the words kept stay as typed.
    let r = e.search(&text("Trẻ em bị bạo luuc")).unwrap();
    assert_eq!(r.suggestion.as_deref(), Some("trẻ em bị bạo luc"));
    let r = e.search(&text("zzzqqq")).unwrap();
    assert_eq!((r.total, r.suggestion.as_deref()), (0, None));
    assert_eq!(r.guidance, Some(guidance));
    assert!(e.search(&text("tre em")).unwrap().suggestion.is_none(), "good results need no suggestion");
}

/// What the browser's worker does: fetch the plan, then whatever `search_or_fetch` names, in
/// rounds, until it answers. Returns the answer, how many rounds named postings or positions, the
/// chunks read one request at a time (what the rounds are there to avoid), and the postings,
/// positions and pairs chunks named but never read (bytes a citizen paid for nothing).
fn as_the_worker_does(files: &std::collections::HashMap<String, Vec<u8>>, manifest_name: &str, query: &Query, postings_chunk: &dyn Fn(&str) -> bool) -> (Results, usize, Vec<String>, Vec<String>) {
    use std::collections::HashSet;
    /// Chunks the worker fetched ahead (as its `prefetched`), and reads of any other chunk.
    struct Worker(std::collections::HashMap<String, Vec<u8>>, Arc<std::sync::Mutex<(HashSet<String>, Vec<String>)>>);
    impl ChunkSource for Worker {
        fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
            let mut state = self.1.lock().unwrap();
            if !state.0.remove(name) {
                state.1.push(name.to_string());
            }
            self.0.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
        }
    }
    let state = Arc::new(std::sync::Mutex::new((HashSet::new(), Vec::new())));
    let e = Engine::open(Box::new(Worker(files.clone(), state.clone())), manifest_name).unwrap();
    state.lock().unwrap().1.clear();
    let mut named: HashSet<String> = e.chunks_for(query).into_iter().collect();
    state.lock().unwrap().0.extend(named.iter().cloned());
    let mut postings_rounds = 0;
    let results = loop {
        match e.search_or_fetch(query).unwrap() {
            Answer::Results(r) => break r,
            Answer::Fetch(names) => {
                assert!(!names.is_empty() && names.iter().all(|n| named.insert(n.clone())), "{}: a chunk named twice: {names:?}", query.text);
                postings_rounds += usize::from(names.iter().any(|n| postings_chunk(n)));
                state.lock().unwrap().0.extend(names);
            }
        }
    };
    let mut state = state.lock().unwrap();
    let mut unread: Vec<String> = state.0.iter().filter(|n| postings_chunk(n)).cloned().collect();
    unread.sort();
    (results, postings_rounds, std::mem::take(&mut state.1), unread)
}

#[test]
fn near_forms_of_a_word_the_site_lacks_come_with_the_plan() {
    // Typos and words the site lacks widen the ranking to near forms, words the query never
    // typed: their postings are planned with the typed words', so the ranking needs no round
    // of its own (only the results' stored sections may come after).
    let words = ["công", "tác", "xã", "hội", "trẻ", "em", "bảo", "trợ", "người", "cao", "tuổi", "khuyết", "tật", "giáo", "dục", "trường", "học", "thành", "thạnh", "thanh"];
    let (files, manifest_name, postings_chunk) = postings_site(&words);
    let reference = Engine::open(Box::new(Memory { files: files.clone(), fetches: Arc::default() }), &manifest_name).unwrap();
    for q in ["giao ducc", "truong hocc", "nguoi cao tuoii", "khuyet tatt xa hoi", "thanhh", "dong thap"] {
        let query = Query { limit: 10, ..text(q) };
        let (results, postings_rounds, sequential, _) = as_the_worker_does(&files, &manifest_name, &query, &postings_chunk);
        assert_eq!(sequential, Vec::<String>::new(), "{q}: chunks read one request at a time");
        assert_eq!(postings_rounds, 0, "{q}: the ranking waited for a round of postings");
        assert!(results.total > 0, "{q}: near forms found nothing");
        assert_eq!(format!("{results:?}"), format!("{:?}", reference.search(&query).unwrap()), "{q}: the answer search gives");
    }
}

#[test]
fn near_forms_come_with_the_plan_when_a_rare_word_s_synonyms_are_rare_too() {
    // "khuyết tật" is in two sections, its synonym "tàn tật" in none (the 10,000-page bench
    // site's returning visitor, "nguoi khuyet tat"): every word finds two, the ranking widens, and
    // ranks by near forms ("thuyết" of "khuyet"), which must be planned. The words between them
    // in the dictionary put its postings in chunks of their own.
    let synonyms = Synonyms::new(&[vec!["tàn tật".into(), "khuyết tật".into()]], &[]).unwrap();
    let site = SiteSearch { synonyms, ..Default::default() };
    let mut docs = postings_docs(&["công", "xã", "hội", "người", "cao", "tuổi", "tên", "tết", "tháng", "thêm", "thì", "thôn", "thu", "thuyết"]);
    docs.extend(["a", "b"].map(|s| doc(&format!("/kt/#{s}"), "Người khuyết tật", None, "người khuyết tật", "plan", &[])));
    let (files, manifest_name, postings_chunk) = built_site_with(docs.clone(), &site);
    let reference = Engine::open(Box::new(Memory { files: files.clone(), fetches: Arc::default() }), &manifest_name).unwrap();
    let query = Query { limit: 10, ..text("nguoi khuyet tat") };
    let (results, postings_rounds, sequential, _) = as_the_worker_does(&files, &manifest_name, &query, &postings_chunk);
    assert_eq!(sequential, Vec::<String>::new(), "chunks read one request at a time");
    assert_eq!(postings_rounds, 0, "the ranking waited for a round of postings");
    assert!(results.total >= 3, "widened: {results:?}");
    assert_eq!(format!("{results:?}"), format!("{:?}", reference.search(&query).unwrap()), "the answer search gives");

    // Where the synonym is common, every word finds enough: no widening, and no near forms
    // planned that the ranking would not read.
    docs.extend((0..6).map(|i| doc(&format!("/tt{i}/"), "Người tàn tật", None, "người tàn tật", "plan", &[])));
    let (files, manifest_name, postings_chunk) = built_site_with(docs, &site);
    let (results, postings_rounds, _, unread) = as_the_worker_does(&files, &manifest_name, &query, &postings_chunk);
    assert!(!results.fuzzy && results.total >= 3 && postings_rounds == 0, "{results:?}");
    assert_eq!(unread, Vec::<String>::new(), "planned, never read");
}

#[test]
fn a_widening_no_plan_foresees_comes_in_rounds_not_one_read_after_another() {
    // Both words are on the site, never together, each in sections of one page: the ranking
    // widens to any word (two pages), then to near forms ("chanh", "khanh", "tranh" of "thanh";
    // "phu" of "pho"), which no plan named: no word is missing or rare. Common words, so their
    // postings lie apart in the file.
    let mut docs = postings_docs(&["chanh", "khanh", "tranh", "phú", "công", "tác", "xã", "hội", "trẻ", "em", "người", "cao", "tuổi"]);
    for section in ["a", "b", "c"] {
        docs.push(doc(&format!("/mot/#{section}"), "Một", None, "thành", "plan", &[]));
        docs.push(doc(&format!("/hai/#{section}"), "Hai", None, "phố", "plan", &[]));
    }
    let (files, manifest_name, postings_chunk) = built_site(docs);
    let reference = Engine::open(Box::new(Memory { files: files.clone(), fetches: Arc::default() }), &manifest_name).unwrap();
    let query = Query { limit: 10, ..text("thanh pho") };
    let (results, postings_rounds, sequential, _) = as_the_worker_does(&files, &manifest_name, &query, &postings_chunk);
    assert_eq!(sequential, Vec::<String>::new(), "chunks read one request at a time");
    assert!(postings_rounds >= 1, "near forms needed postings beyond the plan: {postings_rounds} rounds");
    assert!(results.fuzzy && results.total >= 3, "found by near forms: {results:?}");
    assert_eq!(format!("{results:?}"), format!("{:?}", reference.search(&query).unwrap()), "the answer search gives");
}

#[test]
fn a_chunk_that_fails_to_arrive_is_named_once_then_reported() {
    // The worker could not fetch what the engine named (offline): asked again, the engine reads
    // it itself and reports the failure, instead of naming it forever.
    let docs: Vec<SearchDoc> = (0..2000usize)
        .map(|i| doc(&format!("/p{i:04}/"), "Trang", None, &format!("trẻ em {} người cao tuổi {}", i % 97, i % 89), "plan", &[]))
        .collect();
    let bundle = build_index(docs).unwrap();
    let mut files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let query = Query { limit: 10, ..text("tre emm") };
    let e = Engine::open(Box::new(Memory { files: files.clone(), fetches: Arc::default() }), &bundle.manifest_name).unwrap();
    let _ = e.chunks_for(&query);
    let Answer::Fetch(names) = e.search_or_fetch(&query).unwrap() else { panic!("chunks to fetch for a near-form query") };
    // Those chunks are gone from the host.
    for name in &names {
        files.remove(name);
    }
    let e2 = Engine::open(Box::new(Memory { files, fetches: Arc::default() }), &bundle.manifest_name).unwrap();
    let _ = e2.chunks_for(&query);
    let mut rounds = 0;
    let failed = loop {
        rounds += 1;
        assert!(rounds < 20, "the engine keeps naming chunks");
        match e2.search_or_fetch(&query) {
            Ok(Answer::Fetch(_)) => continue,
            Ok(Answer::Results(r)) => panic!("answered without the chunks: {r:?}"),
            Err(err) => break err,
        }
    };
    assert!(matches!(failed, SearchError::Io(_) | SearchError::Tantivy(_)), "{failed:?}");
}

#[test]
fn a_results_other_sections_come_from_its_pages_outline_not_their_own_text() {
    // Pages of a short intro and long sections (each about 36 KB, five chunks); "khuyết tật" is in
    // sections 1, 4 and 6 of each page. A result lists its page's other matching sections with
    // their own links and headings, and reads only its best section and the page's intro.
    let words = ["công", "tác", "xã", "hội", "người", "cao", "tuổi", "trẻ", "em"];
    let long = |seed: usize| (0..7000).map(|k| words[(seed * 7 + k * k * 13 + k) % words.len()]).collect::<Vec<_>>().join(" ");
    let mut docs = Vec::new();
    for page in 0..6 {
        docs.push(doc(&format!("/p{page}/"), &format!("Trang {page}"), None, "Giới thiệu.", "plan", &[]));
        for section in 1..8 {
            let rare = if [1, 4, 6].contains(&section) { " khuyết tật" } else { "" };
            let heading = format!("Mục {section} của trang {page}");
            docs.push(doc(&format!("/p{page}/#muc-{section}"), &format!("Trang {page}"), Some(&heading), &format!("{}{rare}", long(page * 10 + section)), "plan", &[]));
        }
    }
    let (files, manifest_name, _) = built_site(docs);
    let query = Query { limit: 5, ..text("khuyet tat") };
    let e = Engine::open(Box::new(Memory { files: files.clone(), fetches: Arc::default() }), &manifest_name).unwrap();
    let _ = e.chunks_for(&query);
    let Answer::Fetch(text_chunks) = e.search_or_fetch(&query).unwrap() else { panic!("the results' text is not loaded yet") };
    let Answer::Results(r) = e.search_or_fetch(&query).unwrap() else { panic!("answered from the kept ranking") };
    assert_eq!(r.hits.len(), 5);
    for hit in &r.hits {
        let mut listed: Vec<&str> = r.hits.iter().filter(|h| h.page == hit.page).flat_map(|h| std::iter::once(h.url.as_str()).chain(h.sections.iter().map(|s| s.url.as_str()))).collect();
        listed.sort();
        let page = &hit.page;
        assert_eq!(listed, [format!("{page}#muc-1"), format!("{page}#muc-4"), format!("{page}#muc-6")], "{hit:?}");
        for sub in &hit.sections {
            let section = sub.url.rsplit('-').next().unwrap();
            let number = page.trim_matches(|c: char| !c.is_ascii_digit());
            assert_eq!(sub.heading.as_deref(), Some(format!("Mục {section} của trang {number}").as_str()), "{sub:?}");
        }
    }
    // The best section and the intro: six or seven chunks a result. Reading the two other
    // sections of each result as well would take at least eight more.
    assert!(text_chunks.len() <= 7 * r.hits.len(), "{} chunks of text for {} results", text_chunks.len(), r.hits.len());
}

#[test]
fn a_result_on_the_sections_files_last_page_reads_one_chunk() {
    // Sixty sections of about 1 KB: eight pages, the last one partly filled. Only the last
    // section (in document order) has the rare words, so it is the one result.
    let filler = "Trung tâm hỗ trợ người cao tuổi và trẻ em tại địa phương. ".repeat(18);
    let docs: Vec<SearchDoc> = (0..60)
        .map(|n| {
            let body = if n == 59 { format!("{filler} Người khuyết tật được hỗ trợ.") } else { filler.clone() };
            doc(&format!("/p{n:02}/"), &format!("Trang {n}"), None, &body, "help", &[])
        })
        .collect();
    let (files, manifest_name, _) = built_site(docs);
    let manifest: Manifest = serde_json::from_slice(&files[&manifest_name]).unwrap();
    assert!(manifest.files["sections.bin"].chunks > 3, "{:?}", manifest.files["sections.bin"]);
    let query = Query { limit: 1, ..text("khuyet tat") };
    let e = Engine::open(Box::new(Memory { files, fetches: Arc::default() }), &manifest_name).unwrap();
    let _ = e.chunks_for(&query);
    let Answer::Fetch(text_chunks) = e.search_or_fetch(&query).unwrap() else { panic!("the result's text is not loaded yet") };
    let Answer::Results(r) = e.search_or_fetch(&query).unwrap() else { panic!("answered from the kept ranking") };
    assert_eq!(r.hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(), ["/p59/"]);
    assert_eq!(text_chunks.len(), 1, "{text_chunks:?}");
}

#[test]
fn a_damaged_section_is_a_damaged_index_not_a_network_error() {
    let bundle = build_index(corpus()).unwrap();
    let mut files: std::collections::HashMap<String, Vec<u8>> = bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let manifest: Manifest = serde_json::from_slice(&files[&bundle.manifest_name]).unwrap();
    let first = manifest.chunk_name(manifest.files["sections.bin"].first_chunk);
    let mut page = miniz_oxide::inflate::decompress_to_vec(&files[&first]).unwrap();
    // The first section's url and title lengths run past the section.
    page[1..6].fill(0xff);
    files.insert(first, miniz_oxide::deflate::compress_to_vec(&page, 6));
    let e = Engine::open(Box::new(Memory { files, fetches: Arc::default() }), &bundle.manifest_name).unwrap();
    let failed = e.search(&text("Đồng Tháp")).unwrap_err();
    assert!(matches!(failed, SearchError::Corrupt(_)), "{failed:?}");
}

#[test]
fn a_long_first_section_gives_its_pages_outline_from_its_first_page() {
    // A page whose first section (in document order) takes three pages of the sections file,
    // and two later sections with the rare words: the result is the second, listing the third
    // from the outline the first holds.
    let filler = "Trung tâm hỗ trợ người cao tuổi và trẻ em tại địa phương. ".repeat(400);
    let docs = vec![
        doc("/p/#a-mo-dau", "Trang", Some("Mở đầu"), &filler, "plan", &[]),
        doc("/p/#b-khuyet-tat", "Trang", Some("Khuyết tật"), "Người khuyết tật được hỗ trợ tại nhà.", "plan", &[]),
        doc("/p/#c-ho-tro", "Trang", Some("Hỗ trợ"), "Hỗ trợ người khuyết tật đi học.", "plan", &[]),
    ];
    let (files, manifest_name, _) = built_site(docs);
    let manifest: Manifest = serde_json::from_slice(&files[&manifest_name]).unwrap();
    let query = Query { limit: 1, ..text("nguoi khuyet tat") };
    let fetches = Arc::new(AtomicUsize::new(0));
    let e = Engine::open(Box::new(Memory { files, fetches: fetches.clone() }), &manifest_name).unwrap();
    let _ = e.chunks_for(&query);
    let Answer::Fetch(text_chunks) = e.search_or_fetch(&query).unwrap() else { panic!("the result's text is not loaded yet") };
    let first_chunk = manifest.files["sections.bin"].first_chunk;
    let named: Vec<usize> = text_chunks.iter().map(|c| c.trim_end_matches(".bin").rsplit('-').next().unwrap().parse::<usize>().unwrap() - first_chunk).collect();
    // The first section's first page, and the page holding the other two: not its other pages.
    assert_eq!(named.len(), 2, "{text_chunks:?}");
    assert!(named.contains(&0) && !named.contains(&1) && !named.contains(&2), "{named:?}");
    let before = fetches.load(Ordering::SeqCst);
    let Answer::Results(r) = e.search_or_fetch(&query).unwrap() else { panic!("answered from the kept ranking") };
    assert_eq!(fetches.load(Ordering::SeqCst) - before, 2, "only the chunks it named");
    let hit = &r.hits[0];
    assert_eq!(hit.url, "/p/#b-khuyet-tat");
    assert_eq!(hit.sections.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), ["/p/#c-ho-tro"]);
}

/// Files in memory, recording the name of every chunk read.
struct Recording {
    files: std::collections::HashMap<String, Vec<u8>>,
    read: Arc<std::sync::Mutex<Vec<String>>>,
}

impl ChunkSource for Recording {
    fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
        self.read.lock().unwrap().push(name.to_string());
        self.files.get(name).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
    }
}

#[test]
fn an_outline_longer_than_a_page_is_named_whole() {
    // A page of 80 sections with long headings: its outline (on its first section) takes more
    // than a page of the sections file.
    let heading = |n: usize| format!("Mục {n:02}: nhiệm vụ phối hợp của các sở, ban, ngành và ủy ban nhân dân cấp huyện trong năm");
    let docs: Vec<SearchDoc> = (0..80)
        .map(|n| {
            let body = if n == 40 || n == 41 { "Người khuyết tật được hỗ trợ tại nhà." } else { "Trung tâm hỗ trợ người cao tuổi." };
            doc(&format!("/p/#muc-{n:02}"), "Trang", Some(&heading(n)), body, "plan", &[])
        })
        .collect();
    let (files, manifest_name, _) = built_site(docs);
    let manifest: Manifest = serde_json::from_slice(&files[&manifest_name]).unwrap();
    assert_eq!(manifest.long_outlines, [0], "the build lists the page's first section");
    let query = Query { limit: 1, ..text("nguoi khuyet tat") };
    let read = Arc::new(std::sync::Mutex::new(Vec::new()));
    let e = Engine::open(Box::new(Recording { files, read: read.clone() }), &manifest_name).unwrap();
    let _ = e.chunks_for(&query);
    let Answer::Fetch(text_round) = e.search_or_fetch(&query).unwrap() else { panic!("the results' text is not loaded yet") };
    let before = read.lock().unwrap().len();
    let Answer::Results(r) = e.search_or_fetch(&query).unwrap() else { panic!("the holder is named whole with the best section") };
    // Everything the results read was named: nothing one chunk at a time.
    let after: Vec<String> = read.lock().unwrap()[before..].to_vec();
    assert!(after.len() > 2 && after.iter().all(|name| text_round.contains(name)), "read {after:?}, named {text_round:?}");
    assert_eq!(r.hits[0].url, "/p/#muc-40");
    assert_eq!(r.hits[0].sections.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), ["/p/#muc-41"]);
}

