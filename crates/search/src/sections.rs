//! The sections' text as results show it (url, title, heading, text, kind, provinces, date, the
//! page's outline), in a file of its own beside tantivy's, in place of tantivy's document store.
//!
//! tantivy's store finds a document through a skip index that is read whole on opening: at
//! 4 KiB blocks (smaller ones cost each result more bytes) it was 46 KB, 34 KB compressed, of the
//! head chunk every query reads on the 10,000-page bench site, a third of the head. Here a
//! section is found from a byte per page, and a section never straddles two pages unless it is
//! longer than one, so a result reads exactly the chunks that hold it.
//!
//! The file is paged (see `paged`): sections in document order, each `varint length, fields` (a
//! length is never 0, so padding is never taken for a section); the table is a varint per page,
//! how many sections start in it. The fields of a section: `url, title,
//! heading?, kind, provinces*, date?, outline?, body`, a text as `varint length, UTF-8`, an
//! optional one as `varint length + 1` (0: none), a list as `varint count` then its texts. The
//! body comes last so that a page's outline, on its first section, is read from that section's
//! first page alone (see [`Sections::read_outline`]).

use crate::paged::{self, PAGE};
#[cfg(not(target_arch = "wasm32"))]
use crate::paged::PagedWriter;
use crate::varint;
use std::io;
use tantivy::directory::FileSlice;

/// The sections file's name in the manifest.
pub(crate) const SECTIONS_FILE: &str = "sections.bin";

/// What a result shows of a section.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub url: String,
    pub title: String,
    pub heading: Option<String>,
    pub body: String,
    pub kind: String,
    pub provinces: Vec<String>,
    pub date: Option<String>,
    /// On a page's first section, when the page has others (see [`crate::Outline`]): JSON.
    pub outline: Option<String>,
}

/// A section as the builder writes it (see [`Section`]).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct SectionText<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub heading: Option<&'a str>,
    pub body: &'a str,
    pub kind: &'a str,
    pub provinces: Vec<&'a str>,
    pub date: Option<&'a str>,
    pub outline: Option<&'a str>,
}

/// The file for `sections`, in document order, and the sections whose fields before the body run
/// past the page they start in (see [`crate::Manifest::long_outlines`]).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn write<'a>(sections: impl IntoIterator<Item = SectionText<'a>>) -> (Vec<u8>, Vec<u32>) {
    let mut pages = PagedWriter::default();
    let mut starts: Vec<u64> = Vec::new();
    let mut long_heads: Vec<u32> = Vec::new();
    let mut n = 0u32;
    // A web page's sections go in one page of the file when they fit in one: a result reads its
    // best section and the page's first (its outline), and on the 10,000-page bench site two of a
    // returning visitor's five results read two chunks for them.
    let mut together: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut flush = |together: &mut Vec<(Vec<u8>, usize)>| {
        let len: usize = together.iter().map(|(entry, _)| entry.len()).sum();
        if len <= PAGE {
            pages.keep_together(len);
        }
        for (entry, head_end) in together.drain(..) {
            let start = pages.push(&entry);
            let page = start / PAGE;
            if start + head_end > (page + 1) * PAGE {
                long_heads.push(n);
            }
            starts.resize(starts.len().max(page + 1), 0);
            starts[page] += 1;
            n += 1;
        }
    };
    let mut web_page = None;
    for s in sections {
        if web_page != Some(crate::page_of(s.url)) {
            flush(&mut together);
            web_page = Some(crate::page_of(s.url));
        }
        together.push(entry(&s));
    }
    flush(&mut together);
    starts.resize(pages.pages(), 0);
    let mut table = Vec::new();
    for n in starts {
        varint::write(&mut table, n);
    }
    (pages.finish(&table), long_heads)
}

/// A section's entry, and where its fields before the body end (from the entry's start).
#[cfg(not(target_arch = "wasm32"))]
fn entry(s: &SectionText) -> (Vec<u8>, usize) {
    let mut fields = Vec::new();
    text(&mut fields, s.url);
    text(&mut fields, s.title);
    optional(&mut fields, s.heading);
    text(&mut fields, s.kind);
    varint::write(&mut fields, s.provinces.len() as u64);
    for p in &s.provinces {
        text(&mut fields, p);
    }
    optional(&mut fields, s.date);
    optional(&mut fields, s.outline);
    let before_body = fields.len();
    text(&mut fields, s.body);
    let mut entry = Vec::with_capacity(fields.len() + 4);
    varint::write(&mut entry, fields.len() as u64);
    let head_end = entry.len() + before_body;
    entry.extend_from_slice(&fields);
    (entry, head_end)
}

#[cfg(not(target_arch = "wasm32"))]
fn text(out: &mut Vec<u8>, s: &str) {
    varint::write(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(not(target_arch = "wasm32"))]
fn optional(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => varint::write(out, 0),
        Some(s) => {
            varint::write(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{SECTIONS_FILE}: {what}"))
}

/// The sections file, opened: its table read (from the head), its pages read as results are shown.
pub(crate) struct Sections {
    file: FileSlice,
    /// For each page, the number of the first section that starts in it or after it.
    first: Vec<u32>,
    /// How many sections there are.
    count: u32,
    /// Where the pages end (the table's offset).
    pages_end: usize,
}

impl Sections {
    pub(crate) fn open(file: FileSlice) -> io::Result<Sections> {
        let (table, pages_end) = paged::open_table(&file, corrupt)?;
        let (table, mut at) = (table.as_slice(), 0);
        let pages = pages_end.div_ceil(PAGE);
        // A page holds a section in two bytes at least: a damaged table cannot ask for more room.
        let mut first = Vec::with_capacity(pages.min(table.len()));
        let mut sections: u32 = 0;
        while at < table.len() {
            first.push(sections);
            let n = varint::read(table, &mut at).ok_or_else(|| corrupt("a damaged table"))?;
            sections = u32::try_from(n).ok().and_then(|n| sections.checked_add(n)).filter(|_| n as usize <= PAGE / 2).ok_or_else(|| corrupt("a page with too many sections"))?;
        }
        if first.len() != pages {
            return Err(corrupt("its table does not list its pages"));
        }
        Ok(Sections { file, first, count: sections, pages_end })
    }

    /// How many sections start in `page`.
    fn starting_in(&self, page: usize) -> u32 {
        self.first.get(page + 1).copied().unwrap_or(self.count) - self.first[page]
    }

    /// The bytes to read for section `doc`: the page it starts in and, for a long section, the
    /// pages it goes on in (those where no section starts); None past the last section.
    pub(crate) fn range_of(&self, doc: u32) -> Option<std::ops::Range<usize>> {
        if doc >= self.count {
            return None;
        }
        // The last page whose first section is `doc` or before: the page where `doc` starts.
        let page = self.first.partition_point(|&first| first <= doc).checked_sub(1)?;
        let mut end = page + 1;
        while end < self.first.len() && self.starting_in(end) == 0 {
            end += 1;
        }
        Some(page * PAGE..(end * PAGE).min(self.pages_end))
    }

    /// The first of the pages [`Self::range_of`] gives: where the section starts, with all of its
    /// fields but the body unless they are longer than the rest of that page.
    pub(crate) fn first_page_of(&self, doc: u32) -> Option<std::ops::Range<usize>> {
        self.range_of(doc).map(|range| range.start..range.end.min(range.start + PAGE))
    }

    /// Section `doc` (its chunks fetched if need be): an error if they cannot be, or the file is
    /// damaged.
    pub(crate) fn read(&self, doc: u32) -> io::Result<Section> {
        let range = self.range_of(doc).ok_or_else(|| corrupt("no such section"))?;
        let bytes = self.file.read_bytes_slice(range.clone())?;
        let (fields, whole) = self.fields_in(bytes.as_slice(), range.start / PAGE, doc)?;
        if !whole {
            return Err(corrupt("a section runs past its pages"));
        }
        Section::decode(fields).ok_or_else(|| corrupt("a damaged section"))
    }

    /// The outline a page's first section holds, read from that section's first page: a long
    /// section's other pages hold only its body. An outline longer than the rest of the page is
    /// read with the whole section (the manifest lists those: `Manifest::long_outlines`).
    pub(crate) fn read_outline(&self, doc: u32) -> io::Result<Option<String>> {
        let range = self.first_page_of(doc).ok_or_else(|| corrupt("no such section"))?;
        let bytes = self.file.read_bytes_slice(range.clone())?;
        let (fields, _) = self.fields_in(bytes.as_slice(), range.start / PAGE, doc)?;
        match Section::decode_head(fields, &mut 0) {
            Some(head) => Ok(head.outline),
            None => self.read(doc).map(|section| section.outline),
        }
    }

    /// Section `doc`'s fields in `bytes` (pages from `page` on), as far as they go, and whether
    /// they are all there.
    fn fields_in<'a>(&self, bytes: &'a [u8], page: usize, doc: u32) -> io::Result<(&'a [u8], bool)> {
        let mut at = 0;
        for _ in self.first[page]..doc {
            let len = read_len(bytes, &mut at)?;
            at = at.checked_add(len).filter(|&end| end <= bytes.len()).ok_or_else(|| corrupt("a section runs past its pages"))?;
        }
        let len = read_len(bytes, &mut at)?;
        let end = at.saturating_add(len);
        Ok((&bytes[at..end.min(bytes.len())], end <= bytes.len()))
    }
}

/// A section's length: never 0 (zeros are padding, and a section is sought only where one starts).
fn read_len(bytes: &[u8], at: &mut usize) -> io::Result<usize> {
    match varint::read(bytes, at).map(usize::try_from) {
        Some(Ok(len)) if len > 0 => Ok(len),
        _ => Err(corrupt("a damaged section length")),
    }
}

impl Section {
    fn decode(bytes: &[u8]) -> Option<Section> {
        let at = &mut 0;
        let mut section = Section::decode_head(bytes, at)?;
        section.body = text_at(bytes, at)?;
        (*at == bytes.len()).then_some(section)
    }

    /// Every field but the body (left empty), which comes last; None when `bytes` stop before.
    fn decode_head(bytes: &[u8], at: &mut usize) -> Option<Section> {
        let url = text_at(bytes, at)?;
        let title = text_at(bytes, at)?;
        let heading = optional_at(bytes, at)?;
        let kind = text_at(bytes, at)?;
        let count = varint::read(bytes, at)?;
        // A name takes a byte at least: a damaged count cannot ask for more room than that.
        let mut provinces = Vec::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
        for _ in 0..count {
            provinces.push(text_at(bytes, at)?);
        }
        let date = optional_at(bytes, at)?;
        let outline = optional_at(bytes, at)?;
        Some(Section { url, title, heading, body: String::new(), kind, provinces, date, outline })
    }
}

/// The text at `at` (`varint length, UTF-8`); None when damaged.
fn text_at(bytes: &[u8], at: &mut usize) -> Option<String> {
    let len = usize::try_from(varint::read(bytes, at)?).ok()?;
    utf8_at(bytes, at, len)
}

/// An optional text at `at` (`varint length + 1`): Some(None) when absent, None when damaged.
fn optional_at(bytes: &[u8], at: &mut usize) -> Option<Option<String>> {
    match usize::try_from(varint::read(bytes, at)?).ok()? {
        0 => Some(None),
        n => utf8_at(bytes, at, n - 1).map(Some),
    }
}

fn utf8_at(bytes: &[u8], at: &mut usize, len: usize) -> Option<String> {
    let end = at.checked_add(len)?;
    let s = std::str::from_utf8(bytes.get(*at..end)?).ok()?.to_string();
    *at = end;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::OwnedBytes;

    fn open(bytes: Vec<u8>) -> io::Result<Sections> {
        Sections::open(FileSlice::new(std::sync::Arc::new(OwnedBytes::new(bytes))))
    }

    fn section(n: usize, body_len: usize) -> Section {
        Section {
            url: format!("/trang-{}/#muc-{n}", n / 3),
            title: format!("Trang {}", n / 3),
            heading: (n % 3 != 0).then(|| format!("Mục {n}")),
            body: "hỗ trợ người cao tuổi ".repeat(body_len / 26 + 1),
            kind: "plan".into(),
            provinces: (0..n % 3).map(|p| format!("Tỉnh {p}")).collect(),
            date: (n % 2 == 0).then(|| "2025-03-25".into()),
            outline: (n % 3 == 0).then(|| format!("[[\"/trang-{}/\",null]]", n / 3)),
        }
    }

    fn text(s: &Section) -> SectionText<'_> {
        SectionText {
            url: &s.url,
            title: &s.title,
            heading: s.heading.as_deref(),
            body: &s.body,
            kind: &s.kind,
            provinces: s.provinces.iter().map(String::as_str).collect(),
            date: s.date.as_deref(),
            outline: s.outline.as_deref(),
        }
    }

    #[test]
    fn every_section_comes_back_from_the_pages_that_hold_it() {
        // Short sections, some just under a page, and some over two pages.
        let all: Vec<Section> = (0..400).map(|n| section(n, if n % 50 == 7 { 3 * PAGE } else if n % 9 == 0 { PAGE - 200 } else { 40 + n * 7 % 900 })).collect();
        let file = write(all.iter().map(text)).0;
        let sections = open(file.clone()).unwrap();
        assert!(sections.first.len() > 40, "{} pages", sections.first.len());
        for (n, want) in all.iter().enumerate() {
            assert_eq!(&sections.read(n as u32).unwrap(), want, "section {n}");
            let range = sections.range_of(n as u32).unwrap();
            assert_eq!(range.start % PAGE, 0);
            // What is read is the pages the section takes: one, unless it is longer than a page.
            let alone = write([text(want)]).0;
            let encoded = u64::from_le_bytes(alone[alone.len() - 8..].try_into().unwrap()) as usize;
            assert_eq!(range.len().div_ceil(PAGE), encoded.div_ceil(PAGE), "section {n}: {range:?}");
        }
        assert!(sections.read(400).is_err());
        assert!(sections.range_of(u32::MAX).is_none());
    }

    #[test]
    fn an_outline_is_read_from_its_sections_first_page() {
        // First sections of three pages' length; the last one's outline is longer than a page.
        let mut all: Vec<Section> = (0..60).map(|n| section(n, if n % 3 == 0 { 3 * PAGE } else { 500 })).collect();
        let long: Vec<String> = (0..400).map(|k| format!("[\"/trang-57/#muc-{k}\",\"Mục {k}\"]")).collect();
        all[57].outline = Some(format!("[{}]", long.join(",")));
        let file = write(all.iter().map(text)).0;
        let sections = open(file.clone()).unwrap();
        for n in (0..60).step_by(3) {
            let doc = n as u32;
            assert_eq!(sections.read_outline(doc).unwrap(), all[n].outline, "section {n}");
            let (whole, first) = (sections.range_of(doc).unwrap(), sections.first_page_of(doc).unwrap());
            assert!(first.start == whole.start && first.len() == PAGE && whole.len() > 2 * PAGE, "section {n}: {first:?} of {whole:?}");
        }
        // Only the first page is there: enough for the outline, not for the section.
        let only_first = |doc: u32| {
            let mut bytes = file.clone();
            let first = sections.first_page_of(doc).unwrap();
            let whole = sections.range_of(doc).unwrap();
            bytes[first.end..whole.end].fill(0xff);
            open(bytes).unwrap()
        };
        let partial = only_first(30);
        assert_eq!(partial.read_outline(30).unwrap(), all[30].outline);
        assert!(partial.read(30).is_err() || partial.read(30).unwrap() != all[30]);
        // An outline longer than the page needs the rest of the section.
        assert!(only_first(57).read_outline(57).is_err());
    }

    #[test]
    fn a_web_page_s_sections_that_fit_in_a_page_are_in_one() {
        // Web pages of three sections (see `section`), of every length around a page's.
        let all: Vec<Section> = (0..600).map(|n| section(n, 100 + n * 37 % 3000)).collect();
        let sections = open(write(all.iter().map(text)).0).unwrap();
        let (mut together, mut apart) = (0, 0);
        for first in (0..600).step_by(3) {
            let ranges: Vec<_> = (first..first + 3).map(|n| sections.range_of(n as u32).unwrap()).collect();
            let one_page = ranges.iter().all(|r| *r == ranges[0] && r.len() <= PAGE);
            let alone: usize = (first..first + 3).map(|n| write([text(&all[n])]).0.len() - 9).sum();
            if alone <= PAGE {
                assert!(one_page, "web page {}: its sections fit in a page but are read from {ranges:?}", first / 3);
                together += 1;
            } else {
                apart += 1;
            }
        }
        assert!(together > 40 && apart > 40, "{together} web pages in one page, {apart} too long for one");
    }

    #[test]
    fn no_sections_make_a_file_that_finds_none() {
        let sections = open(write(Vec::new()).0).unwrap();
        assert!(sections.read(0).is_err());
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_panic() {
        let all: Vec<Section> = (0..30).map(|n| section(n, 300)).collect();
        let file = write(all.iter().map(text)).0;
        let n = file.len();
        // The table out of place, or not listing the pages.
        let mut bad = file.clone();
        bad[n - 8..].copy_from_slice(&(n as u64).to_le_bytes());
        assert!(open(bad).is_err());
        let mut bad = file.clone();
        bad[n - 8..].copy_from_slice(&((n - 9) as u64).to_le_bytes());
        assert!(open(bad).is_err());
        assert!(open(vec![1, 2, 3]).is_err());
        // A page claiming four billion sections.
        let table_at = u64::from_le_bytes(file[n - 8..].try_into().unwrap()) as usize;
        let mut bad = file[..table_at].to_vec();
        bad.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        bad.extend_from_slice(&(table_at as u64).to_le_bytes());
        assert!(open(bad).is_err());
        // Every byte of the sections flipped in turn: errors or other text, never a panic.
        for at in (0..table_at).step_by(7) {
            let mut bad = file.clone();
            bad[at] ^= 0xa5;
            if let Ok(sections) = open(bad) {
                for doc in 0..31 {
                    let _ = sections.read(doc);
                }
            }
        }
    }
}
