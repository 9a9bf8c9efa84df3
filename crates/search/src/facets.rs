//! Kind and province filters: each document carries its kind and provinces as small numbers (their
//! place in the manifest's `kinds` and `provinces` lists), indexed as terms. A filter is a term
//! query; counting walks each code's (short) posting list alongside the matching documents.
//!
//! Why not tantivy's facets or fast fields: counting facets goes through their text form, whose
//! escaping links a regex engine and its Unicode tables into the browser's module, and reading
//! fast-field columns links every column codec; together about a quarter of the module. The
//! posting lists are already there.

use crate::pages::PageTable;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::postings::SegmentPostings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, Term};

/// Counts, for each code, the collected pages that carry it: results are pages, and a page counts
/// once however many of its sections match (the index lists each of a page's provinces once).
pub struct CodeCounts {
    field: &'static str,
    codes: usize,
    pages: Option<PageTable>,
}

impl CodeCounts {
    /// Without a page table, each document counts (the builder reads the index before it has one).
    pub fn new(field: &'static str, codes: usize, pages: Option<PageTable>) -> CodeCounts {
        CodeCounts { field, codes, pages }
    }
}

pub struct SegmentCodeCounts {
    /// Each code with documents in this segment, and where its posting list has got to.
    lists: Vec<(usize, SegmentPostings)>,
    counts: Vec<u64>,
    pages: Option<PageTable>,
    /// The page each code was last counted for.
    last: Vec<u32>,
}

impl Collector for CodeCounts {
    type Fruit = Vec<u64>;
    type Child = SegmentCodeCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCodeCounts> {
        let field = segment.schema().get_field(self.field)?;
        let inverted = segment.inverted_index(field)?;
        let mut lists = Vec::new();
        for code in 0..self.codes {
            if let Some(postings) = inverted.read_postings(&Term::from_field_u64(field, code as u64), IndexRecordOption::Basic)? {
                lists.push((code, postings));
            }
        }
        Ok(SegmentCodeCounts { lists, counts: vec![0; self.codes], pages: self.pages.clone(), last: vec![u32::MAX; self.codes] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut total = vec![0; self.codes];
        for counts in segments {
            for (t, n) in total.iter_mut().zip(counts) {
                *t += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentCodeCounts {
    type Fruit = Vec<u64>;

    /// Documents come in increasing order, so each list only moves forward.
    fn collect(&mut self, doc: DocId, _: Score) {
        let page = self.pages.as_ref().map_or(doc, |t| t.page_of(doc));
        for (code, postings) in &mut self.lists {
            if postings.doc() < doc {
                postings.seek(doc);
            }
            if postings.doc() == doc && self.last[*code] != page {
                self.last[*code] = page;
                self.counts[*code] += 1;
            }
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}

/// (label, count) for the codes with a count, most first, then by label.
pub fn listed(counts: &[u64], label: impl Fn(usize) -> String) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(code, n)| (label(code), *n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}
