//! The index schema and the analyzers registered with it.

use nhipcau_analyzer::{Analyzer, Mode};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

pub const FOLDED: &str = "vi_folded";
pub const EXACT: &str = "vi_exact";
pub const KIND_CODE: &str = "kind_code";
pub const PROVINCE_CODE: &str = "province_code";
pub const DOC_NUMBER: &str = "doc_number";

/// Only what a section is found and ranked by: what a result shows of it is in the sections file
/// (see `sections`), not in tantivy's store, which stays empty.
#[derive(Clone, Copy)]
pub struct Fields {
    /// Everything a section is found by (title, heading, text, province and target-group names),
    /// folded: what every query word must match, and where phrases are looked for.
    pub all_f: Field,
    /// The same, with diacritics as written: lifts words typed with diacritics.
    pub all_x: Field,
    /// The title, heading and names on their own, to weigh where a word or phrase sits.
    pub title_f: Field,
    pub title_x: Field,
    pub heading_f: Field,
    pub meta_f: Field,
    /// The page's search keywords (front matter), on its first section: never stored or shown.
    pub keywords_f: Field,
    /// The page's kind and provinces as numbers (their place in the manifest's lists), indexed:
    /// filtered on and counted through their posting lists (see `facets`).
    pub kind_code: Field,
    pub province_code: Field,
    /// The section's place in document order, as a column: the build merges its shards'
    /// segments in that order (see `segments_in_document_order`); a query never reads it.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub doc_number: Field,
    /// Neither indexed nor stored: the pairs of neighbouring words live in a file of their own
    /// (see `pairs`). A pair query names its pairs as terms of this field, so that the chunks a
    /// query will read are planned from one list of terms (`Engine::unloaded`).
    pub pairs: Field,
}

/// The title, heading, names and keywords keep positions: a phrase there lifts a section within
/// the phrase tier, and these fields are short. The combined field keeps none: whether its words
/// stand together comes from the pairs file (`pairs`), whose lists are smaller than the positions
/// of common syllables. Exact fields only lift single words. Only the combined field and the
/// title keep field norms (their length matters to BM25): norms are a byte per section per
/// field, and a common word reads nearly all of them.
///
/// One combined field for matching, rather than a query over title, heading, text and names,
/// gives each query word one posting list to walk instead of four: a common query on a large
/// site scores most of its sections, and that is most of its time.
fn indexed(tokenizer: &str, record: IndexRecordOption, norms: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record).set_fieldnorms(norms);
    TextOptions::default().set_indexing_options(indexing)
}

/// The exact fields keep which sections hold a word, not how often: they only lift a word typed
/// with its diacritics over its other forms, and how often it occurs already counts in the
/// combined field. Without frequencies their postings are half the size: the 20 MB plan site's
/// index 10,570 -> 10,202 KB, a returning visitor's query with diacritics 108 -> 100 KB in two
/// requests fewer; the quality sets ranked exactly as before.
pub const EXACT_RECORD: IndexRecordOption = IndexRecordOption::Basic;

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        all_f: b.add_text_field("all_f", indexed(FOLDED, IndexRecordOption::WithFreqs, true)),
        all_x: b.add_text_field("all_x", indexed(EXACT, EXACT_RECORD, false)),
        title_f: b.add_text_field("title_f", indexed(FOLDED, IndexRecordOption::WithFreqsAndPositions, true)),
        title_x: b.add_text_field("title_x", indexed(EXACT, EXACT_RECORD, false)),
        heading_f: b.add_text_field("heading_f", indexed(FOLDED, IndexRecordOption::WithFreqsAndPositions, false)),
        // Province names (incl. former ones) and target groups.
        meta_f: b.add_text_field("meta_f", indexed(FOLDED, IndexRecordOption::WithFreqsAndPositions, false)),
        keywords_f: b.add_text_field("keywords_f", indexed(FOLDED, IndexRecordOption::WithFreqsAndPositions, false)),
        kind_code: b.add_u64_field(KIND_CODE, INDEXED),
        province_code: b.add_u64_field(PROVINCE_CODE, INDEXED),
        doc_number: b.add_u64_field(DOC_NUMBER, FAST),
        pairs: b.add_text_field("pairs", TextOptions::default()),
    };
    (b.build(), fields)
}

pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(FOLDED, TextAnalyzer::from(Analyzer::new(Mode::Folded)));
    index.tokenizers().register(EXACT, TextAnalyzer::from(Analyzer::new(Mode::Exact)));
}

/// A province's key in the manifest's list: folded, lowercase, so "Tiền Giang" and "tien giang" agree.
pub fn province_key(name: &str) -> String {
    nhipcau_analyzer::fold(name).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}
