// Shared by lib.rs and build.rs (`include!`), so the Latin table is built for exactly the tones
// and letters the analyzer looks up.

/// The five Vietnamese tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The Latin blocks beyond ASCII, where Vietnamese's precomposed letters are: Latin-1 Supplement
/// (from À), Latin Extended-A and -B, and Latin Extended Additional.
const LATIN_BLOCKS: [std::ops::RangeInclusive<u32>; 2] = [0xC0..=0x24F, 0x1E00..=0x1EFF];
