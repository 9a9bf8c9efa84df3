//! Result snippets: the stretch of a section's text with the most query words, HTML-escaped, with
//! the matches in `<mark>`. Escaping happens here so content can never become markup.

use nhipcau_analyzer::{tokens, Mode};

const WINDOW_WORDS: usize = 30;

pub fn highlight(body: &str, terms: &[String], fuzzy: bool) -> String {
    let toks = tokens(body, Mode::Folded);
    if toks.is_empty() {
        let mut end = body.len().min(200);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        return escape(&body[..end]);
    }
    let matches: Vec<bool> = toks.iter().map(|t| terms.iter().any(|q| is_match(&t.text, q, fuzzy))).collect();

    // The window of WINDOW_WORDS tokens with the most distinct matched words; earliest wins ties.
    let window = WINDOW_WORDS.min(toks.len());
    let mut best = (0usize, 0usize);
    for start in 0..=toks.len() - window {
        let mut seen: Vec<&str> = Vec::new();
        for i in start..start + window {
            if matches[i] && !seen.contains(&toks[i].text.as_str()) {
                seen.push(&toks[i].text);
            }
        }
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
        if best.1 == terms.len() {
            break;
        }
    }
    let (start, end) = (best.0, best.0 + window);
    let from = if start == 0 { 0 } else { toks[start].offset_from };
    let to = if end >= toks.len() { body.len() } else { toks[end - 1].offset_to };

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = from;
    for i in start..end {
        if !matches[i] {
            continue;
        }
        let t = &toks[i];
        out.push_str(&escape(&body[cursor..t.offset_from]));
        out.push_str("<mark>");
        out.push_str(&escape(&body[t.offset_from..t.offset_to]));
        out.push_str("</mark>");
        cursor = t.offset_to;
    }
    out.push_str(&escape(&body[cursor..to]));
    if end < toks.len() {
        out.push('…');
    }
    out
}

fn is_match(token: &str, query: &str, fuzzy: bool) -> bool {
    if token == query {
        return true;
    }
    if !fuzzy {
        return false;
    }
    match crate::engine::fuzzy_distance(query) {
        Some(allowed) => edit_distance(token, query) <= usize::from(allowed),
        None => false,
    }
}

/// Damerau–Levenshtein (optimal string alignment), like tantivy's fuzzy query with transpositions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
