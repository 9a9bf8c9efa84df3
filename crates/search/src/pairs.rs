//! Neighbouring words: for each pair of adjacent folded words in the combined field ("nguoi gia",
//! "gia song"), the sections that hold it, in a file of their own beside tantivy's.
//!
//! Most Vietnamese words are two syllables ("khuyết tật", "tâm lý"), so whether the syllables a
//! citizen typed stand together is the ranking's strongest signal (the phrase tier, the
//! neighbouring-pair bonus). tantivy answers it from positions, and the positions of common
//! syllables were half of what a query downloaded on the big bench sites (20 MB plan site 53%,
//! 10,000 pages 49%). A pair's section list is far smaller than its syllables' positions, and
//! the combined field keeps no positions at all.
//!
//! Pairs are not a tantivy field: a field's whole term dictionary is read when it is opened, and
//! a site's pairs are ten times its words (110,000 on the 10,000-page bench site). Here a pair is
//! found by its key in a small table (in the head), which names the one chunk that holds it.
//!
//! The file is paged (see `paged`; little-endian): entries sorted by key, each `varint count, u32
//! low half of the key, count varint gaps between section numbers` (a count is never 0, so
//! padding is never taken for an entry); the table is `u64 first key, u32 page` for each page
//! where an entry starts. The table places a key in its page, so within the page the low
//! half tells entries apart (a page holds at most about 1,300 keys: a lookup takes another pair's
//! list about once in 3 million).
//! Runs of three words were tried too: they tripled the file on the 10,000 generated pages and
//! ranked no better (see `MAX_PHRASE_TIER_WORDS` in the engine).

use crate::hash::Fnv;
use crate::paged::{self, PAGE};
#[cfg(not(target_arch = "wasm32"))]
use crate::paged::PagedWriter;
use crate::varint;
use std::io;
use std::ops::Range;
use tantivy::directory::FileSlice;

/// The pairs file's name in the manifest.
pub(crate) const PAIRS_FILE: &str = "pairs.bin";

/// The key of neighbouring words: the hash of the folded words with a space between (no word
/// holds one). Two of a site's pairs with one key would only merge their lists (a section would
/// count as having a pair it does not): among a million pairs, about 1 chance in 10^7.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn key(words: &[&str]) -> u64 {
    let mut h = Fnv::new();
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            h.update(b" ");
        }
        h.update(word.as_bytes());
    }
    h.finish()
}

/// The key of neighbouring words written with spaces between: "first second".
pub(crate) fn key_of(words: &str) -> u64 {
    let mut h = Fnv::new();
    h.update(words.as_bytes());
    h.finish()
}

/// The file for `entries`, (pair key, section number) in any order, repeats allowed.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn write(mut entries: Vec<(u64, u32)>) -> Vec<u8> {
    use rayon::slice::ParallelSliceMut;
    entries.par_sort_unstable();
    entries.dedup();
    let mut pages = PagedWriter::default();
    let mut table: Vec<u8> = Vec::new();
    let mut entry: Vec<u8> = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let key = group[0].0;
        entry.clear();
        varint::write(&mut entry, group.len() as u64);
        entry.extend_from_slice(&low_half(key).to_le_bytes());
        let mut previous = 0;
        for (n, &(_, doc)) in group.iter().enumerate() {
            varint::write(&mut entry, u64::from(if n == 0 { doc } else { doc - previous }));
            previous = doc;
        }
        let start = pages.push(&entry);
        if start % PAGE == 0 {
            table.extend_from_slice(&key.to_le_bytes());
            table.extend_from_slice(&((start / PAGE) as u32).to_le_bytes());
        }
    }
    pages.finish(&table)
}

fn low_half(key: u64) -> u32 {
    key as u32
}

fn read_varint(bytes: &[u8], at: &mut usize) -> io::Result<u64> {
    varint::read(bytes, at).ok_or_else(|| corrupt("an entry runs past its pages"))
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{PAIRS_FILE}: {what}"))
}

/// The pairs file, opened: its table read (from the head), its pages read as pairs are looked up.
pub(crate) struct Pairs {
    file: FileSlice,
    /// (first key, page) for each page where an entry starts, by key.
    table: Vec<(u64, usize)>,
    /// Where the pages end (the table's offset).
    pages_end: usize,
}

impl Pairs {
    pub(crate) fn open(file: FileSlice) -> io::Result<Pairs> {
        let (bytes, pages_end) = paged::open_table(&file, corrupt)?;
        if bytes.len() % 12 != 0 {
            return Err(corrupt("its table is out of place"));
        }
        let table: Vec<(u64, usize)> = bytes
            .as_slice()
            .chunks_exact(12)
            .map(|e| (u64::from_le_bytes(e[..8].try_into().expect("8 bytes")), u32::from_le_bytes(e[8..].try_into().expect("4 bytes")) as usize))
            .collect();
        // Pages in order, the last inside the pages: every page's offset is then in range (a
        // multiplication that wrapped on wasm32's 32 bits would have slipped past a check of it).
        let last_inside = |page: usize| page.checked_mul(PAGE).is_some_and(|start| start < pages_end);
        if table.windows(2).any(|w| w[0].0 > w[1].0 || w[0].1 >= w[1].1) || table.last().is_some_and(|&(_, page)| !last_inside(page)) {
            return Err(corrupt("its table is out of order"));
        }
        Ok(Pairs { file, table, pages_end })
    }

    /// The bytes that hold `key`'s entry, if any page can: its page (or pages, for a long entry).
    pub(crate) fn range_of(&self, key: u64) -> Option<Range<usize>> {
        let at = self.table.partition_point(|&(first, _)| first <= key).checked_sub(1)?;
        let start = self.table[at].1 * PAGE;
        let end = self.table.get(at + 1).map_or(self.pages_end, |&(_, page)| page * PAGE);
        Some(start..end)
    }

    /// The sections that hold the pair `key`, in order; none if the site never has it.
    pub(crate) fn sections(&self, key: u64) -> io::Result<Vec<u32>> {
        let Some(range) = self.range_of(key) else { return Ok(Vec::new()) };
        let bytes = self.file.read_bytes_slice(range)?;
        let bytes = bytes.as_slice();
        let mut at = 0;
        while at < bytes.len() {
            let count = read_varint(bytes, &mut at)?;
            if count == 0 {
                // Padding: the next entry starts the next page.
                at = (at - 1).next_multiple_of(PAGE).max(at);
                continue;
            }
            let low = bytes.get(at..at + 4).ok_or_else(|| corrupt("an entry runs past its pages"))?;
            let found = u32::from_le_bytes(low.try_into().expect("4 bytes")) == low_half(key);
            at += 4;
            // Each number takes a byte at least: a damaged count cannot ask for more room than that.
            let mut docs = Vec::with_capacity(if found { usize::try_from(count).unwrap_or(usize::MAX).min(bytes.len() - at) } else { 0 });
            let mut doc = 0u64;
            for n in 0..count {
                let gap = read_varint(bytes, &mut at)?;
                if found {
                    doc = if n == 0 { gap } else { doc.checked_add(gap).ok_or_else(|| corrupt("a section number past u64"))? };
                    docs.push(u32::try_from(doc).map_err(|_| corrupt("a section number past u32"))?);
                }
            }
            if found {
                return Ok(docs);
            }
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::OwnedBytes;

    fn open(bytes: Vec<u8>) -> Pairs {
        Pairs::open(FileSlice::new(std::sync::Arc::new(OwnedBytes::new(bytes)))).unwrap()
    }

    #[test]
    fn every_pair_gives_back_its_sections_across_pages_and_long_entries() {
        // 3,000 pairs, most in a few sections, some in thousands (entries longer than a page).
        let mut entries = Vec::new();
        for p in 0..3000u32 {
            let k = key(&["w", &p.to_string()]);
            let n = if p % 500 == 0 { 9000 } else { 1 + p % 7 };
            entries.extend((0..n).map(|i| (k, i * 3 + p % 3)));
        }
        entries.push(entries[5]); // a repeat counts once
        let pairs = open(write(entries.clone()));
        assert!(pairs.table.len() > 10, "{} pages", pairs.table.len());
        for p in 0..3000u32 {
            let k = key(&["w", &p.to_string()]);
            let mut want: Vec<u32> = entries.iter().filter(|e| e.0 == k).map(|e| e.1).collect();
            want.sort();
            want.dedup();
            assert_eq!(pairs.sections(k).unwrap(), want, "pair {p}");
            let range = pairs.range_of(k).unwrap();
            assert_eq!(range.start % PAGE, 0);
            if want.len() < 100 {
                assert!(range.len() <= PAGE, "a short entry is read in one page: {range:?}");
            }
        }
        assert_eq!(pairs.sections(key(&["w", "none"])).unwrap(), Vec::<u32>::new());
        assert_eq!(pairs.sections(0).unwrap(), Vec::<u32>::new());
        assert_eq!(pairs.sections(u64::MAX).unwrap(), Vec::<u32>::new());
    }

    #[test]
    fn no_pairs_make_a_file_that_finds_nothing() {
        let pairs = open(write(Vec::new()));
        assert_eq!(pairs.sections(key(&["a", "b"])).unwrap(), Vec::<u32>::new());
        assert_eq!(pairs.range_of(key(&["a", "b"])), None);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_panic() {
        let mut bytes = write(vec![(key(&["a", "b"]), 1), (key(&["c", "d"]), 2)]);
        let n = bytes.len();
        bytes[n - 8..].copy_from_slice(&(n as u64).to_le_bytes());
        assert!(Pairs::open(FileSlice::new(std::sync::Arc::new(OwnedBytes::new(bytes)))).is_err());
        assert!(Pairs::open(FileSlice::new(std::sync::Arc::new(OwnedBytes::new(vec![1, 2, 3])))).is_err());

        // An entry claiming four billion sections: an error, not an allocation of 16 GB.
        let k = key(&["a", "b"]);
        let mut bytes = vec![0xff, 0xff, 0xff, 0xff, 0x0f];
        bytes.extend_from_slice(&low_half(k).to_le_bytes());
        bytes.push(5);
        let pages_end = bytes.len() as u64;
        bytes.extend_from_slice(&k.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&pages_end.to_le_bytes());
        assert!(open(bytes).sections(k).is_err());

        // A table whose last page would start past the pages, and one whose page offset is past
        // any address (on wasm32 it wrapped to 0 and passed).
        for page in [1u32, u32::MAX] {
            let mut bytes = vec![1];
            bytes.extend_from_slice(&low_half(k).to_le_bytes());
            bytes.push(5);
            let pages_end = bytes.len() as u64;
            for (key, page) in [(k, 0u32), (k + 1, page)] {
                bytes.extend_from_slice(&key.to_le_bytes());
                bytes.extend_from_slice(&page.to_le_bytes());
            }
            bytes.extend_from_slice(&pages_end.to_le_bytes());
            assert!(Pairs::open(FileSlice::new(std::sync::Arc::new(OwnedBytes::new(bytes)))).is_err(), "page {page}");
        }

        // Gaps that add up past any number: an error.
        let mut bytes = vec![2];
        bytes.extend_from_slice(&low_half(k).to_le_bytes());
        bytes.extend_from_slice(&[1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        let pages_end = bytes.len() as u64;
        bytes.extend_from_slice(&k.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&pages_end.to_le_bytes());
        assert!(open(bytes).sections(k).is_err());
    }

    #[test]
    fn a_key_is_the_two_words_in_order() {
        assert_eq!(key_of("tam ly"), key(&["tam", "ly"]));
        assert_eq!(key_of("song mot minh"), key(&["song", "mot", "minh"]));
        assert_ne!(key(&["tam", "ly"]), key(&["ly", "tam"]));
        assert_ne!(key(&["ta", "mly"]), key(&["tam", "ly"]));
    }
}
