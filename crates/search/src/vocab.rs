//! Citizens' words: the site's synonyms (two-way equivalences and one-way expansions, carried in
//! the manifest and applied at query time by the one engine, native and wasm alike), Vietnamese
//! question words that need not match, and dates typed as "25/3".
//!
//! Everything here is in folded terms from the same analyzer as the index, so a synonym written
//! with diacritics works for queries typed without them and the other way round.

use nhipcau_analyzer::{terms, tokens, Mode};
use serde::{Deserialize, Serialize};

/// The site's synonyms as rules: a query with `from` (folded terms, in order) also finds each of
/// `to`, counted for less than the words typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Synonyms {
    pub rules: Vec<SynonymRule>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SynonymRule {
    pub from: Vec<String>,
    pub to: Vec<Vec<String>>,
}

impl Synonyms {
    /// Rules from two-way groups (each phrase finds the others) and one-way expansions (the phrase
    /// finds its list, not the other way). Phrases are analyzed like the index; one that has no
    /// words is an error naming it.
    pub fn new(equivalent: &[Vec<String>], expand: &[(String, Vec<String>)]) -> Result<Synonyms, String> {
        let analyze = |phrase: &str| -> Result<Vec<String>, String> {
            let t = terms(phrase, Mode::Folded);
            if t.is_empty() {
                return Err(format!("{phrase:?} has no words to search for"));
            }
            Ok(t)
        };
        let mut out = Synonyms::default();
        for group in equivalent {
            let phrases = group.iter().map(|p| analyze(p)).collect::<Result<Vec<_>, _>>()?;
            for (i, from) in phrases.iter().enumerate() {
                let to: Vec<Vec<String>> = phrases.iter().enumerate().filter(|(j, p)| *j != i && *p != from).map(|(_, p)| p.clone()).collect();
                out.add(from.clone(), to);
            }
        }
        for (from, to) in expand {
            let from = analyze(from)?;
            let to = to.iter().map(|p| analyze(p)).collect::<Result<Vec<_>, _>>()?;
            let to = to.into_iter().filter(|p| *p != from).collect();
            out.add(from, to);
        }
        out.rules.sort_by(|a, b| a.from.cmp(&b.from));
        Ok(out)
    }

    fn add(&mut self, from: Vec<String>, to: Vec<Vec<String>>) {
        if to.is_empty() {
            return;
        }
        match self.rules.iter_mut().find(|r| r.from == from) {
            Some(rule) => {
                for t in to {
                    if !rule.to.contains(&t) {
                        rule.to.push(t);
                    }
                }
            }
            None => self.rules.push(SynonymRule { from, to }),
        }
    }

    /// The longest rule whose `from` starts `words`.
    fn longest_at(&self, words: &[String]) -> Option<&SynonymRule> {
        self.rules.iter().filter(|r| words.starts_with(&r.from)).max_by_key(|r| r.from.len())
    }
}

/// Question and function words (folded) a query need not match: "là gì", "ở đâu", "làm sao để",
/// "như thế nào"… They still count in phrases and ranking. Longer phrases first.
const QUESTION_PHRASES: &[&[&str]] = &[
    &["lam", "sao", "de"],
    &["phai", "lam", "sao"],
    &["nhu", "the", "nao"],
    &["lam", "the", "nao"],
    &["lam", "sao"],
    &["the", "nao"],
    &["la", "gi"],
    &["o", "dau"],
    &["bao", "gio"],
    &["khi", "nao"],
];

/// Single function words, optional wherever they stand (most sections have them anyway; a
/// citizen's question should not fail on one).
/// Not listed: words whose folded form is also a content syllable citizens type ("co" is "có" and
/// "cô đơn", "cho" is "chỗ ở", "o" is "ở" and "ô").
const FUNCTION_WORDS: &[&str] = &["gi", "ai", "bi", "nao", "thi", "khi", "duoc", "khong", "cua", "va", "la", "de", "toi", "nhung"];

/// One part of a query: a word, or a span a synonym or date rule matched, with what else it may
/// be found as.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// The folded words as typed.
    pub words: Vec<String>,
    /// Other ways to write them (folded terms, in order), counted for less.
    pub alternatives: Vec<Vec<String>>,
    /// A question or function word: it need not match.
    pub optional: bool,
}

/// Cuts a query's folded words (`folded_seq`, from `text`) into units: the longest synonym rule
/// at each place, dates ("25/3" ↔ "25 tháng 3"), and optional question words.
pub(crate) fn units(text: &str, folded_seq: &[String], synonyms: &Synonyms) -> Vec<Unit> {
    let slash_after = slash_dates(text, folded_seq.len());
    let optional = optional_words(folded_seq);
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded_seq.len() {
        let rest = &folded_seq[i..];
        if let Some(rule) = synonyms.longest_at(rest) {
            let n = rule.from.len();
            out.push(Unit { words: rule.from.clone(), alternatives: rule.to.clone(), optional: false });
            i += n;
            continue;
        }
        // "25/3" and "25 tháng 3" (day, month) find each other.
        if let [d, m, ..] = rest {
            if slash_after.get(i).copied().unwrap_or(false) && is_day(d) && is_month(m) {
                out.push(Unit { words: vec![d.clone(), m.clone()], alternatives: vec![vec![d.clone(), "thang".into(), m.clone()]], optional: false });
                i += 2;
                continue;
            }
        }
        if let [d, t, m, ..] = rest {
            if t == "thang" && is_day(d) && is_month(m) {
                out.push(Unit { words: vec![d.clone(), t.clone(), m.clone()], alternatives: vec![vec![d.clone(), m.clone()]], optional: false });
                i += 3;
                continue;
            }
        }
        out.push(Unit { words: vec![rest[0].clone()], alternatives: Vec::new(), optional: optional[i] });
        i += 1;
    }
    // A query of question words alone ("là gì") still has to match them.
    if out.iter().all(|u| u.optional) {
        out.iter_mut().for_each(|u| u.optional = false);
    }
    out
}

/// For each of the query's first `n` words, whether a "/" joins it to the next ("25/3").
fn slash_dates(text: &str, n: usize) -> Vec<bool> {
    let toks = tokens(text, Mode::Folded);
    (0..n).map(|i| match (toks.get(i), toks.get(i + 1)) {
        (Some(a), Some(b)) => text.get(a.offset_to..b.offset_from) == Some("/"),
        _ => false,
    })
    .collect()
}

fn optional_words(folded_seq: &[String]) -> Vec<bool> {
    let mut optional: Vec<bool> = folded_seq.iter().map(|w| FUNCTION_WORDS.contains(&w.as_str())).collect();
    let mut i = 0;
    while i < folded_seq.len() {
        let phrase = QUESTION_PHRASES.iter().find(|p| folded_seq[i..].iter().map(String::as_str).take(p.len()).eq(p.iter().copied()));
        match phrase {
            Some(p) => {
                optional[i..i + p.len()].iter_mut().for_each(|o| *o = true);
                i += p.len();
            }
            None => i += 1,
        }
    }
    optional
}

fn number(word: &str) -> Option<u32> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

fn is_day(word: &str) -> bool {
    number(word).is_some_and(|d| (1..=31).contains(&d))
}

fn is_month(word: &str) -> bool {
    number(word).is_some_and(|m| (1..=12).contains(&m))
}
