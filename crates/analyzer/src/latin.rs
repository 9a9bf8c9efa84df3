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

/// `c`'s place in the table: the blocks one after the other.
fn index(c: char) -> Option<usize> {
    let mut before = 0;
    for block in crate::LATIN_BLOCKS {
        if block.contains(&u32::from(c)) {
            return Some(before + (u32::from(c) - block.start()) as usize);
        }
        before += block.clone().count();
    }
    None
}

/// `c`'s entry, if it is in the Latin blocks.
pub(crate) fn letter(c: char) -> Option<Letter> {
    let (folded, toneless, tone) = LATIN[index(c)?];
    Some(Letter { folded, toneless, tone })
}

/// The precomposed letter that is `toneless` with `tone`, if the blocks have one.
pub(crate) fn with_tone(toneless: char, tone: usize) -> Option<char> {
    let at = LATIN.iter().position(|&(_, t, n)| t == toneless && n == tone)?;
    crate::LATIN_BLOCKS.into_iter().flatten().nth(at).and_then(char::from_u32)
}
