//! Result snippets: the stretch of a section's text with the most query words, HTML-escaped, with
//! the matches in `<mark>`. Escaping happens here so content can never become markup.

use nhipcau_analyzer::{tokens, Mode};

const WINDOW_WORDS: usize = 30;

/// One query word: folded, and as typed (exact mode) when it was typed with diacritics.
pub struct Word {
    pub folded: String,
    pub exact: Option<String>,
}

impl Word {
    /// The query's words, each once; `exact` only when the query was typed with diacritics (then
    /// for every word: in "Ủy ban", "ban" means ban, not bàn).
    pub fn from_query(folded: &[String], exact: &[String]) -> Vec<Word> {
        let typed_diacritics = folded.iter().zip(exact).any(|(f, x)| f != x);
        let mut out: Vec<Word> = Vec::new();
        for (i, f) in folded.iter().enumerate() {
            let x = exact.get(i).filter(|_| typed_diacritics).cloned();
            if !out.iter().any(|w| w.folded == *f && w.exact == x) {
                out.push(Word { folded: f.clone(), exact: x });
            }
        }
        out
    }
}

/// Words given as folded terms only (matched without regard to diacritics).
#[cfg(test)]
pub fn highlight_folded(body: &str, terms: &[String], fuzzy: bool) -> String {
    let words: Vec<Word> = terms.iter().map(|t| Word { folded: t.clone(), exact: None }).collect();
    highlight(body, &words, fuzzy)
}

/// A word typed with diacritics marks only its exact form ("bạo", not "báo") when the text has
/// it; otherwise, and for words typed without, any form that folds the same (or is near, in
/// fuzzy mode).
pub fn highlight(body: &str, words: &[Word], fuzzy: bool) -> String {
    let toks = tokens(body, Mode::Folded);
    if toks.is_empty() {
        let mut end = body.len().min(200);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        return escape_html(&body[..end]);
    }
    let exact_toks = if words.iter().any(|w| w.exact.is_some()) { tokens(body, Mode::Exact) } else { Vec::new() };
    let exact_of = |i: usize| exact_toks.get(i).map(|t| t.text.as_str());
    let strict: Vec<bool> = words
        .iter()
        .map(|w| w.exact.as_deref().is_some_and(|x| (0..toks.len()).any(|i| exact_of(i) == Some(x))))
        .collect();
    let word_matches = |i: usize, w: usize| {
        if strict[w] {
            exact_of(i) == words[w].exact.as_deref()
        } else {
            is_match(&toks[i].text, &words[w].folded, fuzzy)
        }
    };
    // For each token, which query word it matches (if any).
    let matched: Vec<Option<usize>> = (0..toks.len()).map(|i| (0..words.len()).find(|&w| word_matches(i, w))).collect();
    let matches: Vec<bool> = matched.iter().map(Option::is_some).collect();
    let window = WINDOW_WORDS.min(toks.len());

    // The best cluster: the most distinct query words within one window, then the tightest, then
    // the earliest. Two pointers over the matches keep this linear in the length of the text.
    let hits: Vec<(usize, usize)> = matched.iter().enumerate().filter_map(|(i, m)| m.map(|t| (i, t))).collect();
    let mut counts = vec![0usize; words.len()];
    let (mut distinct, mut j) = (0usize, 0usize);
    let mut best: Option<(usize, usize, usize, usize)> = None; // (distinct, span, first, last)
    for i in 0..hits.len() {
        while j < hits.len() && hits[j].0 < hits[i].0 + window {
            counts[hits[j].1] += 1;
            if counts[hits[j].1] == 1 {
                distinct += 1;
            }
            j += 1;
        }
        let (first, last) = (hits[i].0, hits[j - 1].0);
        let better = match best {
            None => true,
            Some((d, span, _, _)) => distinct > d || (distinct == d && last - first < span),
        };
        if better {
            best = Some((distinct, last - first, first, last));
        }
        counts[hits[i].1] -= 1;
        if counts[hits[i].1] == 0 {
            distinct -= 1;
        }
    }
    // Centre the window on the cluster, so the matches have context on both sides.
    let start = match best {
        Some((_, span, first, _)) => first.saturating_sub((window - (span + 1)) / 2).min(toks.len() - window),
        None => 0,
    };
    let end = start + window;
    let from = if start == 0 { 0 } else { toks[start].offset_from };
    let to = if end >= toks.len() { body.len() } else { toks[end - 1].offset_to };

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = from;
    for i in start..end {
        let t = &toks[i];
        out.push_str(&escape_html(&clip(&body[cursor..t.offset_from])));
        let word = escape_html(&body[t.offset_from..t.offset_to]);
        if matches[i] {
            out.push_str("<mark>");
            out.push_str(&word);
            out.push_str("</mark>");
        } else {
            out.push_str(&word);
        }
        cursor = t.offset_to;
    }
    out.push_str(&escape_html(&clip(&body[cursor..to])));
    if end < toks.len() {
        out.push('…');
    }
    out
}

/// Text between two words, cut short when it is long (a run of symbols, a dropped blob) so a
/// snippet stays about WINDOW_WORDS words long.
fn clip(gap: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 24;
    if gap.chars().count() <= MAX {
        return gap.into();
    }
    let head: String = gap.chars().take(MAX / 2).collect();
    let tail: String = gap.chars().rev().take(MAX / 2).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{head} … {tail}").into()
}

fn is_match(token: &str, query: &str, fuzzy: bool) -> bool {
    if token == query {
        return true;
    }
    if !fuzzy {
        return false;
    }
    match crate::near::fuzzy_distance(query) {
        Some(allowed) => crate::near::distance(token, query) <= usize::from(allowed),
        None => false,
    }
}

/// HTML-escaped text (& < > " '), for an attribute or an element: pulldown-cmark's escaper, and
/// the one the generator's pages and feeds use too.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s); // writing to a String cannot fail
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_window_is_centred_on_the_tightest_cluster() {
        let mut words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        words[20] = "bạo".into();
        words[45] = "lực".into(); // scattered: both words, 25 apart
        words[120] = "Bạo".into();
        words[121] = "lực".into(); // together
        let body = words.join(" ");
        let s = highlight_folded(&body, &q(&["bao", "luc"]), false);
        assert!(s.contains("<mark>Bạo</mark> <mark>lực</mark>"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        let plain = s.replace("<mark>", "").replace("</mark>", "");
        let shown: Vec<&str> = plain.trim_matches('…').split_whitespace().collect();
        assert_eq!(shown.len(), WINDOW_WORDS, "{s}");
        let at = shown.iter().position(|w| *w == "Bạo").unwrap();
        assert!((13..=16).contains(&at), "centred: {at} in {s}");
    }

    #[test]
    fn content_never_becomes_markup() {
        let body = r#"<script>alert("x")</script> & <img src=x onerror='y'> trẻ em <b>bold</b>"#;
        let s = highlight_folded(body, &q(&["tre", "script", "img"]), false);
        let without_marks = s.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<') && !without_marks.contains('>') && !without_marks.contains('"'), "{s}");
        assert!(s.contains("&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)"), "{s}");
        assert!(s.contains("&amp;") && s.contains("&#39;y&#39;"), "{s}");
        assert!(s.contains("<mark>trẻ</mark> em"), "{s}");
    }

    #[test]
    fn long_runs_between_words_are_cut_and_short_texts_shown_whole() {
        let body = format!("bắt đầu {} trẻ em", "=".repeat(5000));
        let s = highlight_folded(&body, &q(&["tre"]), false);
        assert!(s.len() < 200, "{s}");
        assert!(s.contains("<mark>trẻ</mark> em"), "{s}");
        assert_eq!(highlight_folded("Gọi 111.", &q(&["111"]), false), "Gọi <mark>111</mark>.");
        assert_eq!(highlight_folded("— … —", &q(&["x"]), false), "— … —");
        let only_marks = "€".repeat(100);
        assert!(only_marks.starts_with(&highlight_folded(&only_marks, &q(&["x"]), false)));
    }

    #[test]
    fn words_typed_with_diacritics_mark_their_exact_form_when_present() {
        let words = Word::from_query(&q(&["bao", "luc"]), &q(&["bạo", "lực"]));
        let s = highlight("Báo chí đưa tin về bạo lực và bảo vệ.", &words, false);
        assert_eq!(s, "Báo chí đưa tin về <mark>bạo</mark> <mark>lực</mark> và bảo vệ.");
        // No exact form in the text: the folded matches are marked instead.
        let s = highlight("Báo chí và bảo vệ, bao nhiêu.", &words, false);
        assert_eq!(s, "<mark>Báo</mark> chí và <mark>bảo</mark> vệ, <mark>bao</mark> nhiêu.");
        // A query typed without diacritics marks every form…
        let words = Word::from_query(&q(&["bao", "em"]), &q(&["bao", "em"]));
        assert_eq!(highlight("Bảo vệ em", &words, false), "<mark>Bảo</mark> vệ <mark>em</mark>");
        // …but in one typed with them, a word without means just that word.
        let words = Word::from_query(&q(&["uy", "ban"]), &q(&["uỷ", "ban"]));
        assert_eq!(highlight("trên địa bàn, Ủy ban tỉnh", &words, false), "trên địa bàn, <mark>Ủy</mark> <mark>ban</mark> tỉnh");
    }

    #[test]
    fn near_forms_are_marked_only_in_fuzzy_mode() {
        assert_eq!(highlight_folded("tỉnh Hu6 đẹp", &q(&["hue"]), false), "tỉnh Hu6 đẹp");
        assert_eq!(highlight_folded("tỉnh Hu6 đẹp", &q(&["hue"]), true), "tỉnh <mark>Hu6</mark> đẹp");
    }
}
