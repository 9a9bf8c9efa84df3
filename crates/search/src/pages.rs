//! Ranking on pages: sections are what queries match and snippets show, but a citizen looks for a
//! page. The manifest's page table ([`crate::Pages`]) maps each document to its page; collectors
//! here keep, for each page, its best sections, and rank pages by their best section's score
//! times the page's weight (the site's prior for its kind, and its own `search_weight`).

use crate::{Pages, MAX_SUB_RESULTS};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Each document's page and each page's weight, unpacked from the manifest.
#[derive(Clone)]
pub struct PageTable {
    page_of: Arc<[u32]>,
    /// Each page's first document.
    first: Arc<[u32]>,
    weight: Arc<[f32]>,
}

impl PageTable {
    /// Checks that the table covers exactly `docs` documents (a damaged manifest is an error).
    pub fn new(pages: &Pages, docs: u64) -> Result<PageTable, String> {
        let sections: u64 = pages.sections.iter().map(|&n| u64::from(n)).sum();
        let weighted: u64 = pages.weights.iter().map(|&(n, _)| u64::from(n)).sum();
        if sections != docs || weighted != pages.sections.len() as u64 || pages.sections.contains(&0) {
            return Err(format!("the page table lists {sections} sections and {weighted} weights for {docs} documents and {} pages", pages.sections.len()));
        }
        let mut page_of = Vec::with_capacity(docs as usize);
        let mut first = Vec::with_capacity(pages.sections.len());
        for (page, &n) in pages.sections.iter().enumerate() {
            first.push(page_of.len() as u32);
            page_of.extend(std::iter::repeat_n(page as u32, n as usize));
        }
        let mut weight = Vec::with_capacity(pages.sections.len());
        for &(n, w) in &pages.weights {
            let w = if w.is_finite() && w > 0.0 { w } else { 1.0 };
            weight.extend(std::iter::repeat_n(w, n as usize));
        }
        Ok(PageTable { page_of: page_of.into(), first: first.into(), weight: weight.into() })
    }

    pub fn page_of(&self, doc: DocId) -> u32 {
        self.page_of.get(doc as usize).copied().unwrap_or(u32::MAX)
    }

    /// The first document of `doc`'s page, which holds the page's outline.
    pub(crate) fn first_of_page(&self, doc: DocId) -> Option<DocId> {
        self.first.get(self.page_of(doc) as usize).copied()
    }

    pub(crate) fn weight(&self, page: u32) -> f32 {
        self.weight.get(page as usize).copied().unwrap_or(1.0)
    }
}

/// A page's best sections as collected: (weighted score, document), best first.
#[derive(Clone, Debug)]
pub struct PageHit {
    pub page: u32,
    pub score: Score,
    pub sections: Vec<(Score, DocId)>,
}

/// The best `limit` pages after `offset`, and how many pages match.
pub struct TopPages {
    pub table: PageTable,
    pub limit: usize,
    pub offset: usize,
    /// The constant tiers the ranked query adds (phrase, all words…), highest first.
    pub tiers: &'static [f32],
}

/// A page's weight decides among equal match quality: it scales what a section scores above the
/// highest tier it reached, never the tier itself, so a weighted page is not lifted past a page
/// that has the query as a phrase ("hai duong" finds the Hải Dương plan before a help page that
/// only names the province).
fn weighted(score: Score, weight: f32, tiers: &[f32]) -> Score {
    let floor = tiers.iter().copied().find(|t| score >= *t).unwrap_or(0.0);
    floor + (score - floor) * weight
}

pub struct SegmentTopPages {
    table: PageTable,
    current: Option<PageHit>,
    pages: Vec<PageHit>,
    tiers: &'static [f32],
}

/// Best first; equal scores in page (url) order, sections likewise in document order.
fn better(a: (Score, u32), b: (Score, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

impl Collector for TopPages {
    type Fruit = (usize, Vec<PageHit>);
    type Child = SegmentTopPages;

    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentTopPages> {
        // Document ids are the page table's only in the one segment the builder writes.
        if ord > 0 {
            return Err(tantivy::TantivyError::InvalidArgument("the search index has more than one segment".into()));
        }
        Ok(SegmentTopPages { table: self.table.clone(), current: None, pages: Vec::new(), tiers: self.tiers })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<PageHit>>) -> tantivy::Result<(usize, Vec<PageHit>)> {
        let mut pages: Vec<PageHit> = segments.into_iter().flatten().collect();
        let total = pages.len();
        let wanted = self.offset.saturating_add(self.limit).min(total);
        if wanted == 0 {
            return Ok((total, Vec::new()));
        }
        let order = |a: &PageHit, b: &PageHit| better((a.score, a.page), (b.score, b.page));
        if wanted < pages.len() {
            pages.select_nth_unstable_by(wanted - 1, order);
            pages.truncate(wanted);
        }
        pages.sort_by(order);
        Ok((total, pages.split_off(self.offset.min(pages.len()))))
    }
}

impl SegmentTopPages {
    fn flush(&mut self) {
        if let Some(page) = self.current.take() {
            self.pages.push(page);
        }
    }
}

impl SegmentCollector for SegmentTopPages {
    type Fruit = Vec<PageHit>;

    /// Documents come in increasing order, so a page's sections come together.
    fn collect(&mut self, doc: DocId, score: Score) {
        let page = self.table.page_of(doc);
        let score = weighted(score, self.table.weight(page), self.tiers);
        if self.current.as_ref().is_some_and(|c| c.page != page) {
            self.flush();
        }
        let current = self.current.get_or_insert_with(|| PageHit { page, score, sections: Vec::with_capacity(2) });
        let at = current.sections.partition_point(|&(s, d)| better((s, d), (score, doc)).is_lt());
        if at <= MAX_SUB_RESULTS {
            current.sections.insert(at, (score, doc));
            current.sections.truncate(MAX_SUB_RESULTS + 1);
        }
        current.score = current.sections[0].0;
    }

    fn harvest(mut self) -> Vec<PageHit> {
        self.flush();
        self.pages
    }
}

/// How many pages match (without scoring).
pub struct PageCount(pub PageTable);

pub struct SegmentPageCount {
    table: PageTable,
    last: Option<u32>,
    count: usize,
}

impl Collector for PageCount {
    type Fruit = usize;
    type Child = SegmentPageCount;

    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentPageCount> {
        if ord > 0 {
            return Err(tantivy::TantivyError::InvalidArgument("the search index has more than one segment".into()));
        }
        Ok(SegmentPageCount { table: self.0.clone(), last: None, count: 0 })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<usize>) -> tantivy::Result<usize> {
        Ok(segments.into_iter().sum())
    }
}

impl SegmentCollector for SegmentPageCount {
    type Fruit = usize;

    fn collect(&mut self, doc: DocId, _: Score) {
        let page = self.table.page_of(doc);
        if self.last != Some(page) {
            self.last = Some(page);
            self.count += 1;
        }
    }

    fn harvest(self) -> usize {
        self.count
    }
}
