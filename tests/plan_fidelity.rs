//! Every sentence of every seed appears in its built plan page: nothing lost, added or reworded.
//! Known artefacts are normalised on the seed side: inlined footnote blocks (checked as their own
//! sentences), list markers, Markdown marks, and all white space (line and page breaks).

use std::path::Path;

const PLANS: &[(&str, &str)] = &[
    ("000_85cd45b37e99c3e6.txt", "binh-thuan-2023"),
    ("001_3e794d220b4caca0.txt", "dong-thap-2021-2030"),
    ("002_504fae44cc88ca02.txt", "ha-nam-den-2020"),
    ("003_a91afee512f71d76.txt", "thua-thien-hue-2023"),
    ("004_38dea337a5e22435.txt", "hai-duong-2025"),
];

/// Seed lines with inlined footnote blocks moved to the end: a block starts at a long line of
/// spaces (the PDF's footnote rule) and ends where a line starting with a space resumes the page.
fn without_footnote_blocks(seed: &str) -> String {
    let mut body = Vec::new();
    let mut notes = Vec::new();
    let mut in_block = false;
    for line in seed.lines() {
        if line.len() >= 20 && line.trim().is_empty() {
            in_block = true;
            continue;
        }
        if in_block && line.starts_with(' ') && !line.trim().is_empty() {
            in_block = false;
        }
        if in_block { notes.push(line) } else { body.push(line) }
    }
    body.push("");
    body.extend(notes);
    body.join("\n")
}

fn seed_sentences(seed: &str) -> Vec<String> {
    let text = without_footnote_blocks(seed);
    let mut joined = String::new();
    for line in text.lines() {
        let mut l = line.trim();
        l = l.trim_start_matches('#').trim();
        for marker in ["- ", "+ ", "* "] {
            if let Some(rest) = l.strip_prefix(marker) {
                l = rest;
            }
        }
        joined.push_str(&l.replace("**", ""));
        joined.push(' ');
    }
    // Footnote numbers glued to words in the seed ("xã hội1") render as superscripts: same text.
    let mut sentences = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = joined.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        current.push(*c);
        let next_is_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if matches!(c, '.' | ';' | '!' | '?' | ':') && next_is_space {
            sentences.push(std::mem::take(&mut current));
        }
    }
    sentences.push(current);
    sentences.into_iter().map(|s| squash(&s)).filter(|s| s.chars().count() > 3).collect()
}

/// Text with all white space removed: line breaks, page breaks and spacing artefacts vanish,
/// every letter, digit and punctuation mark still has to be there in order.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a page adds between the seed's words to help readers find their way (the notes heading,
/// each note's link back to its citation) is not text of the seed.
const NAVIGATION: &[(&str, &str)] = &[("<h2 id=\"chu-thich\">", "</h2>"), ("<a class=\"footnote-back\"", "</a>")];

fn page_text(html: &str) -> String {
    let main = html.split("<main").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or(html);
    let mut main = main.to_string();
    for (open, close) in NAVIGATION {
        while let Some(start) = main.find(open) {
            let end = main[start..].find(close).map(|e| start + e + close.len()).unwrap_or(main.len());
            main.replace_range(start..end, "");
        }
    }
    let main = main.as_str();
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    squash(&text)
}

#[test]
fn every_seed_sentence_is_in_its_built_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en")
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(built.success());
    let mut report = String::new();
    let mut checked = 0;
    for (seed, page) in PLANS {
        let seed_text = std::fs::read_to_string(root.join("sources/seeds").join(seed)).unwrap();
        let html = std::fs::read_to_string(out.path().join("ke-hoach").join(page).join("index.html")).unwrap();
        let text = page_text(&html);
        let missing: Vec<String> = seed_sentences(&seed_text).into_iter().filter(|s| !text.contains(s.as_str())).collect();
        checked += 1;
        if !missing.is_empty() {
            report.push_str(&format!("\n{seed} → ke-hoach/{page}/: {} sentence(s) missing, first ones:\n", missing.len()));
            for m in missing.iter().take(5) {
                report.push_str(&format!("  - {m}\n"));
            }
        }
    }
    assert_eq!(checked, PLANS.len());
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_check_notices_a_lost_sentence() {
    let seed = "Câu một đầy đủ. Câu hai cũng đủ dài.";
    let page = "<main><p>Câu một đầy đủ.</p></main>";
    let text = page_text(page);
    let missing: Vec<_> = seed_sentences(seed).into_iter().filter(|s| !text.contains(s.as_str())).collect();
    assert_eq!(missing, ["Câuhaicũngđủdài."]);
}
