//! The Latin letters beyond ASCII (the blocks [`crate::latin_letter`] covers, where Vietnamese's
//! precomposed letters are), each as the analyzer folds it and split from its tone: what NFC
//! Vietnamese needs of the Unicode normalisation tables, so neither mode asks the host (in the
//! browser, a call into JavaScript per word: it doubled a warm query on long plan documents).
//! build.rs derives the table from the unicode-normalization crate; the tests compare each entry.

include!(concat!(env!("OUT_DIR"), "/latin.rs"));

/// A Latin letter as the table gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Letter {
    /// Without any diacritic (đ → d); '\0' where that is not one character.
    pub folded: char,
    /// Without its tone mark, recomposed; '\0' where that is not one character.
    pub toneless: char,
    /// 1 + its place in `TONE_MARKS`, or 0 for no tone.
    pub tone: usize,
}

fn index(c: char) -> Option<usize> {
    match u32::from(c) {
        code @ 0xC0..=0x24F => Some(code as usize - 0xC0),
        code @ 0x1E00..=0x1EFF => Some(code as usize - 0x1E00 + (0x250 - 0xC0)),
        _ => None,
    }
}

/// `c`'s entry, if it is in the Latin blocks.
pub(crate) fn letter(c: char) -> Option<Letter> {
    let (folded, toneless, tone) = LATIN[index(c)?];
    Some(Letter { folded, toneless, tone })
}

/// The precomposed letter that is `toneless` with `tone`, if the blocks have one.
pub(crate) fn with_tone(toneless: char, tone: usize) -> Option<char> {
    let at = LATIN.iter().position(|&(_, t, n)| t == toneless && n == tone)?;
    let code = if at < 0x250 - 0xC0 { 0xC0 + at } else { 0x1E00 + at - (0x250 - 0xC0) };
    char::from_u32(code as u32)
}
