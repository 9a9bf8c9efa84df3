//! Vietnamese text analysis for nhipcau's search, shared by the indexer (native) and the browser
//! engine (wasm), so a query is cut and folded exactly like the text it searches.
//!
//! Built tantivy-style from a tokenizer and filters:
//! - [`WordTokenizer`]: splits on anything that is not a letter or digit, keeping combining marks
//!   inside words (NFD text stays whole), and emits each word in NFC lowercase; offsets point into
//!   the original text, positions count words (phrase queries rely on them); numbers lose their
//!   leading zeros ("09" is "9").
//! - [`FoldDiacritics`]: strips every diacritic, including đ/Đ → d ("Đồng Tháp" → dong thap),
//!   for citizens who type without accents.
//! - [`CanonicalTone`]: keeps diacritics but writes the tone mark where the modern rule puts it
//!   (see [`canonical_tone`]), so the old and new tone placements ("Uỷ"/"Ủy", "hoà"/"hòa",
//!   "khoẻ"/"khỏe") are the same term.

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode::{is_combining_mark, nfc, nfd};

mod latin;
mod unicode;

include!("marks_and_blocks.rs");

/// Longer words (in bytes, NFC lowercase) are dropped: hashes and pasted blobs would only bloat the
/// term dictionary the browser downloads. The longest Vietnamese syllable ("nghiêng") is 8 bytes.
pub const MAX_WORD_BYTES: usize = 64;

/// Removes every diacritic and maps đ/Đ to d/D; keeps case and everything else. Character by
/// character (NFD keeps the order of what it does not drop): ASCII as it is, Latin letters from
/// their table, the combining diacritics dropped, anything else decomposed by the platform.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = latin::letter(c).map(|l| l.folded).filter(|f| *f != '\0') {
            out.push(folded);
        } else if !combining_diacritic(c) {
            out.extend(nfd(c.encode_utf8(&mut [0; 4])).chars().filter(|d| !is_combining_mark(*d)));
        }
    }
    out
}

/// A word with its tone mark written where the modern ("new style") rule puts it, in NFC:
/// "hòa"/"hoà" → "hoà", "Thúy"/"thuý" → "thuý", "khỏe"/"khoẻ" → "khoẻ", "Ủy"/"Uỷ" → "uỷ" (case is
/// kept). A Vietnamese syllable has one tone, so where it is written carries no meaning; the rule:
///
/// 1. The nucleus is the syllable's run of vowels (a ă â e ê i o ô ơ u ư y), not counting the u of
///    "qu" or the i of "gi" when another vowel follows them ("quả", "già").
/// 2. If the nucleus has vowels with a shape mark (ă â ê ô ơ ư), the tone goes on the last of them
///    ("mừng", "người", "thuở").
/// 3. Otherwise, if a consonant follows the nucleus, on its last vowel ("hoàng", "huỳnh").
/// 4. Otherwise on the middle of three vowels ("ngoài", "khuỷu"); of two, on the second for oa, oe
///    and uy ("hoà", "khoẻ", "thuý") and on the first for the rest ("mái", "múa", "mía").
///
/// A word that is not one syllable (no tone, several tones, several vowel runs: "café") is only
/// normalised to NFC.
pub fn canonical_tone(word: &str) -> String {
    if let Some(placed) = canonical_tone_latin(word) {
        return placed;
    }
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in nfd(word).chars() {
        if TONE_MARKS.contains(&c) {
            if tone.is_some() {
                return nfc(word);
            }
            tone = Some(c);
        } else {
            base.push(c);
        }
    }
    let Some(tone) = tone else { return nfc(word) };
    let base: Vec<char> = nfc(&base).chars().collect();
    let Some(at) = tone_position(&base) else { return nfc(word) };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in base.iter().enumerate() {
        if i == at {
            out.push_str(&nfc(&String::from_iter([*c, tone])));
        } else {
            out.push(*c);
        }
    }
    out
}

/// [`canonical_tone`] of a word of ASCII and precomposed Latin letters (NFC Vietnamese) from the
/// Latin table alone; None where it needs the platform's normalisation (the table has no
/// single-letter form, or no precomposed letter takes the tone).
fn canonical_tone_latin(word: &str) -> Option<String> {
    if !is_nfc_already(word) {
        return None;
    }
    let mut tone = 0;
    let mut base: Vec<char> = Vec::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            base.push(c);
            continue;
        }
        let letter = latin::letter(c).filter(|l| l.toneless != '\0')?;
        if letter.tone != 0 {
            if tone != 0 {
                return Some(word.to_string()); // two tones: not one syllable
            }
            tone = letter.tone;
        }
        base.push(letter.toneless);
    }
    if tone == 0 {
        return Some(word.to_string());
    }
    let Some(at) = tone_position(&base) else { return Some(word.to_string()) };
    base[at] = latin::with_tone(base[at], tone)?;
    Some(base.into_iter().collect())
}

/// The vowels of Vietnamese without tone, and whether each carries a shape mark.
fn vowel(c: char) -> Option<bool> {
    match c.to_lowercase().next().unwrap_or(c) {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => Some(false),
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' => Some(true),
        _ => None,
    }
}

/// Where the tone of the toneless syllable `base` goes (see [`canonical_tone`]).
fn tone_position(base: &[char]) -> Option<usize> {
    let lower = |i: usize| base.get(i).map(|c| c.to_lowercase().next().unwrap_or(*c));
    let mut start = base.iter().position(|c| vowel(*c).is_some())?;
    let mut end = start + base[start..].iter().take_while(|c| vowel(**c).is_some()).count();
    if base[end..].iter().any(|c| vowel(*c).is_some()) {
        return None; // more than one syllable
    }
    // "qu" and "gi" before another vowel: the u / i belongs to the consonant.
    let initial_qu = start == 1 && lower(0) == Some('q') && lower(1) == Some('u');
    let initial_gi = start == 1 && lower(0) == Some('g') && lower(1) == Some('i');
    if (initial_qu || initial_gi) && end - start > 1 {
        start += 1;
    }
    let nucleus: Vec<char> = base[start..end].iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    if let Some(i) = nucleus.iter().rposition(|c| vowel(*c) == Some(true)) {
        return Some(start + i);
    }
    let coda = end < base.len();
    end = start
        + match (nucleus.len(), coda) {
            (1, _) => 0,
            (_, true) => nucleus.len() - 1,
            (3, false) => 1,
            (2, false) if matches!((nucleus[0], nucleus[1]), ('o', 'a') | ('o', 'e') | ('u', 'y')) => 1,
            (2, false) => 0,
            _ => return None,
        };
    Some(end)
}

/// How a text is turned into terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Without diacritics: what a query typed without accents matches.
    Folded,
    /// With diacritics, tone placement normalised: ranks exact matches first.
    Exact,
}

/// The terms of `text` in `mode`, as the index sees them (for building queries).
pub fn terms(text: &str, mode: Mode) -> Vec<String> {
    let mut analyzer = Analyzer::new(mode);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Tokens with offsets into `text`, for highlighting.
pub fn tokens(text: &str, mode: Mode) -> Vec<Token> {
    let mut analyzer = Analyzer::new(mode);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// The whole pipeline for one mode, as a single tantivy tokenizer.
#[derive(Clone)]
pub enum Analyzer {
    Folded(FoldFilter<WordTokenizer>),
    Exact(ToneFilter<WordTokenizer>),
}

impl Analyzer {
    pub fn new(mode: Mode) -> Analyzer {
        match mode {
            Mode::Folded => Analyzer::Folded(FoldDiacritics.transform(WordTokenizer::default())),
            Mode::Exact => Analyzer::Exact(CanonicalTone.transform(WordTokenizer::default())),
        }
    }
}

pub enum AnalyzerStream<'a> {
    Folded(MapStream<'a, WordStream<'a>>),
    Exact(MapStream<'a, WordStream<'a>>),
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = AnalyzerStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerStream<'a> {
        match self {
            Analyzer::Folded(t) => AnalyzerStream::Folded(t.token_stream(text)),
            Analyzer::Exact(t) => AnalyzerStream::Exact(t.token_stream(text)),
        }
    }
}

impl TokenStream for AnalyzerStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            AnalyzerStream::Folded(s) | AnalyzerStream::Exact(s) => s.advance(),
        }
    }
    fn token(&self) -> &Token {
        match self {
            AnalyzerStream::Folded(s) | AnalyzerStream::Exact(s) => s.token(),
        }
    }
    fn token_mut(&mut self) -> &mut Token {
        match self {
            AnalyzerStream::Folded(s) | AnalyzerStream::Exact(s) => s.token_mut(),
        }
    }
}

/// Splits text into words: runs of letters and digits, with combining marks kept inside.
#[derive(Clone, Default)]
pub struct WordTokenizer(Memo);

pub struct WordStream<'a> {
    text: &'a str,
    cursor: usize,
    token: Token,
    next_position: usize,
    /// Non-ASCII words as written → NFC lowercase.
    memo: &'a mut Memo,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream { text, cursor: 0, token: Token::default(), next_position: 0, memo: &mut self.0 }
    }
}

/// A letter or digit that can begin a word. A combining mark with no letter before it belongs to
/// no word (some, like Arabic vowel signs, count as alphabetic, and folding would leave an empty
/// term). The characters Vietnamese is written in are decided without the Unicode tables (see
/// [`latin_letter`]): the table lookups were a large part of tokenizing.
fn starts_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if latin_letter(c) {
        true
    } else if combining_diacritic(c) {
        false
    } else {
        c.is_alphanumeric() && !is_combining_mark(c)
    }
}

/// A character that continues a word: letters, digits and combining marks (NFD text stays whole).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if latin_letter(c) || combining_diacritic(c) {
        true
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// The Latin letters beyond ASCII: Latin-1's (but × and ÷), Latin Extended-A and -B, and Latin
/// Extended Additional, where Vietnamese's precomposed vowels are. Every one is a letter and none
/// a mark (a test checks each against the Unicode tables).
fn latin_letter(c: char) -> bool {
    LATIN_BLOCKS.iter().any(|block| block.contains(&u32::from(c))) && c != '\u{D7}' && c != '\u{F7}'
}

/// Whether `word` is NFC as it is, decided without the normalisation tables: letters of ASCII and
/// of [`latin_letter`]'s blocks are all starters that NFC keeps (a test checks each), so a word of
/// them alone is NFC. Vietnamese as sites and citizens write it always is.
fn is_nfc_already(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii() || latin_letter(c))
}

/// The block of combining diacritical marks (NFD Vietnamese's tone and shape marks): all marks.
fn combining_diacritic(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

#[cfg(test)]
fn starts_word_by_tables(c: char) -> bool {
    c.is_alphanumeric() && !is_combining_mark(c)
}

#[cfg(test)]
fn is_word_char_by_tables(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let rest = &self.text[self.cursor..];
            let Some(start) = rest.char_indices().find(|(_, c)| starts_word(*c)).map(|(i, _)| i + self.cursor) else {
                self.cursor = self.text.len();
                return false;
            };
            let end = self.text[start..].char_indices().find(|(_, c)| !is_word_char(*c)).map(|(i, _)| i + start).unwrap_or(self.text.len());
            self.cursor = end;
            let word = &self.text[start..end];
            self.token.text.clear();
            if word.is_ascii() {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else if let Some(lower) = self.memo.get(word) {
                self.token.text.push_str(lower);
            } else {
                if is_nfc_already(word) {
                    self.token.text.extend(word.chars().flat_map(char::to_lowercase));
                } else {
                    self.token.text.extend(nfc(word).chars().flat_map(char::to_lowercase));
                }
                self.memo.remember(word.to_string(), self.token.text.clone());
            }
            if self.token.text.len() > MAX_WORD_BYTES {
                continue; // not a word anyone types: a hash, a pasted blob
            }
            strip_leading_zeros(&mut self.token.text);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.next_position;
            self.token.position_length = 1;
            self.next_position += 1;
            return true;
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Words already rewritten (lowercased, folded, tone placed), so each distinct word is worked out
/// once: a text repeats a few thousand syllables, and the Unicode work on one (normalise, look up
/// cases, decompose and recompose) costs far more than a lookup. Emptied when full, so a text of
/// endless distinct words (a dump of hashes) cannot grow it.
///
/// In the browser it remembers nothing: a query is a few words analyzed once, and a hash map
/// would only add code to the engine every visitor downloads.
#[derive(Clone, Default)]
pub struct Memo(#[cfg(not(target_arch = "wasm32"))] rustc_hash::FxHashMap<String, String>);

#[cfg(not(target_arch = "wasm32"))]
const MEMO_WORDS: usize = 1 << 16;

impl Memo {
    #[cfg(not(target_arch = "wasm32"))]
    fn get(&self, word: &str) -> Option<&str> {
        self.0.get(word).map(String::as_str)
    }

    #[cfg(target_arch = "wasm32")]
    fn get(&self, _word: &str) -> Option<&str> {
        None
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn remember(&mut self, word: String, rewritten: String) {
        if self.0.len() >= MEMO_WORDS {
            self.0.clear();
        }
        self.0.insert(word, rewritten);
    }

    #[cfg(target_arch = "wasm32")]
    fn remember(&mut self, _word: String, _rewritten: String) {}

    /// Appends `word` rewritten by `map` to `out`, working it out only the first time. ASCII words
    /// are appended as they are: lowercase ASCII has no diacritics to fold or place.
    fn rewrite(&mut self, map: fn(&str) -> String, word: &str, out: &mut String) {
        if word.is_ascii() {
            out.push_str(word);
        } else if let Some(rewritten) = self.get(word) {
            out.push_str(rewritten);
        } else {
            let rewritten = map(word);
            out.push_str(&rewritten);
            self.remember(word.to_string(), rewritten);
        }
    }
}

/// Numbers match with or without leading zeros ("09" is "9": "ngày 9 tháng 11" finds "Ngày 09
/// tháng 11"). Only all-digit words; "0" stays.
fn strip_leading_zeros(word: &mut String) {
    if word.len() > 1 && word.starts_with('0') && word.bytes().all(|b| b.is_ascii_digit()) {
        let zeros = word.len() - word.trim_start_matches('0').len();
        word.drain(..zeros.min(word.len() - 1));
    }
}

/// A filter that rewrites each token's text with a function; offsets and positions stay.
pub struct MapStream<'a, S> {
    inner: S,
    map: fn(&str) -> String,
    memo: &'a mut Memo,
    /// The word being rewritten (its buffer kept between tokens).
    word: String,
}

impl<S: TokenStream> TokenStream for MapStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if !token.text.is_ascii() {
            // The token's buffer is reused for the rewritten word (no allocation once both exist).
            std::mem::swap(&mut token.text, &mut self.word);
            token.text.clear();
            self.memo.rewrite(self.map, &self.word, &mut token.text);
        }
        true
    }
    fn token(&self) -> &Token {
        self.inner.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// Both modes' terms of a text from one pass of the tokenizer, for a text indexed both folded and
/// exact (the index builder): the same terms as [`Analyzer`] in each mode, half the tokenizing.
#[derive(Clone, Default)]
pub struct BothModes {
    words: WordTokenizer,
    folded: Memo,
    exact: Memo,
}

impl BothModes {
    /// Calls `term` with each word of `text` as a folded and as an exact term, in order.
    pub fn for_each_term(&mut self, text: &str, mut term: impl FnMut(&str, &str)) {
        let (mut folded, mut exact) = (String::new(), String::new());
        let mut stream = self.words.token_stream(text);
        while stream.advance() {
            let word = &stream.token().text;
            folded.clear();
            exact.clear();
            self.folded.rewrite(FOLDED_MAP, word, &mut folded);
            self.exact.rewrite(EXACT_MAP, word, &mut exact);
            term(&folded, &exact);
        }
    }
}

macro_rules! map_filter {
    ($filter:ident, $wrapped:ident, $map:expr) => {
        #[derive(Clone, Copy, Default)]
        pub struct $filter;

        #[derive(Clone)]
        pub struct $wrapped<T>(T, Memo);

        impl TokenFilter for $filter {
            type Tokenizer<T: Tokenizer> = $wrapped<T>;
            fn transform<T: Tokenizer>(self, tokenizer: T) -> $wrapped<T> {
                $wrapped(tokenizer, Memo::default())
            }
        }

        impl<T: Tokenizer> Tokenizer for $wrapped<T> {
            type TokenStream<'a> = MapStream<'a, T::TokenStream<'a>>;
            fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
                MapStream { inner: self.0.token_stream(text), map: $map, memo: &mut self.1, word: String::new() }
            }
        }
    };
}

/// What each mode does to a lowercase NFC word (see [`Mode`]).
const FOLDED_MAP: fn(&str) -> String = fold;
const EXACT_MAP: fn(&str) -> String = canonical_tone;

map_filter!(FoldDiacritics, FoldFilter, FOLDED_MAP);
map_filter!(CanonicalTone, ToneFilter, EXACT_MAP);

#[cfg(test)]
mod tests;
