#![no_main]
//! Any text: tokens are non-empty, offsets are char boundaries inside the input in order,
//! positions count up, folded terms carry no Vietnamese diacritics, NFD and NFC agree, and
//! folding is idempotent.
use libfuzzer_sys::fuzz_target;
use nhipcau_analyzer::{fold, terms, tokens, Mode};
use unicode_normalization::UnicodeNormalization;

fuzz_target!(|text: &str| {
    for mode in [Mode::Folded, Mode::Exact] {
        let toks = tokens(text, mode);
        let mut last_end = 0;
        for (i, t) in toks.iter().enumerate() {
            assert!(!t.text.is_empty());
            assert_eq!(t.position, i);
            assert!(t.offset_from >= last_end && t.offset_from < t.offset_to && t.offset_to <= text.len());
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            last_end = t.offset_to;
        }
    }
    for term in terms(text, Mode::Folded) {
        assert!(!term.chars().any(|c| "đĐàáảãạăâêôơư".contains(c)), "diacritic left in {term:?}");
    }
    let nfd: String = text.nfd().collect();
    assert_eq!(terms(&nfd, Mode::Folded), terms(text, Mode::Folded));
    assert_eq!(fold(&fold(text)), fold(text));
});
