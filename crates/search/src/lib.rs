//! nhipcau's search index: one schema, one ranking and one snippet builder, shared by the
//! generator (which builds the index), `nhipcau search` and the browser engine (wasm).
//!
//! The index is a tantivy index cut into content-addressed chunks of plain files, described by a
//! manifest. A reader fetches only the chunks a query touches, so a citizen's first query on a
//! large site downloads a small part of the index from any static host (no Range requests).
//!
//! - Building ([`build_index`], native only): documents in page and url order, indexed in fixed
//!   shards on every core and merged in that order into one segment with a fixed id, so the same
//!   documents always give byte-identical files, whatever the machine.
//! - Files ([`Manifest`]): each tantivy file, the pairs file and the sections file is cut in
//!   chunks of [`CHUNK_SIZE`] (a small pairs, postings or positions file goes whole), the
//!   postings and positions between terms instead (whole terms, up to 4 KiB a chunk), tantivy's
//!   other big files keep their footer in a small tail chunk, and one head chunk copies what every query reads (footers, field headers,
//!   term dictionaries, kind and province postings, the tables of the pairs file, which sections
//!   hold each two neighbouring words, `pairs`, and of the sections file, what results show,
//!   `sections`). Each
//!   chunk is DEFLATEd and named `c-<hash of the whole index>-<n>.bin`, so hosts may cache them
//!   forever and the manifest (`manifest-<hash>.json`) stays small: it gives each file's chunk
//!   count, not a name per chunk.
//!   On the 10,000-page bench site (30 MB of chunks) a five-word query of common words reads
//!   about 100 KB after the 76 KB head.
//! - Reading ([`Engine`], native and wasm): a read-only tantivy `Directory` over the chunks
//!   ([`ChunkedDirectory`]), fed by a [`ChunkSource`] (files on disk, or sync XHR in a worker).
//!   Nothing on this path reads the clock, sleeps or spawns threads, and queries are built
//!   directly (no QueryParser), so the same code runs in the browser. [`Engine::chunks_for`]
//!   names the postings chunks a query will read, so a browser can fetch them in parallel first.
//! - Ranking: BM25 on one diacritic-folded field holding the title, heading, text and province
//!   and target-group names; every word required, widened to any word, then to near forms (edit
//!   distance 1, 2 for words of six letters or more) while there are fewer than three results;
//!   boosted by words in the title and keywords (×3) and headings (×2), the words together (a
//!   tier of its own, for up to three words) and neighbouring syllables together (both from the
//!   pairs file), phrases in the title and headings, and the diacritics as typed (exact
//!   fields). The site's synonyms ([`Synonyms`], in the manifest) let a span of the query match
//!   as an alternative for half as much; question words need not match. Results are pages
//!   (`pages`): ranked by their best section times the page's weight above its tier, with up to
//!   [`MAX_SUB_RESULTS`] other sections, listed from the page's outline (kept with its first
//!   section). Equal scores in page and url order.
//! - Snippets: the tightest ~30-word window with the most query words, escaped, matches in
//!   `<mark>`.

#[cfg(not(target_arch = "wasm32"))]
mod build;
mod directory;
mod engine;
mod facets;
mod hash;
mod near;
mod paged;
mod pages;
mod pairs;
mod schema;
mod sections;
mod snippet;
mod varint;
mod vocab;

#[cfg(not(target_arch = "wasm32"))]
pub use build::{build_index, build_index_with};
pub use directory::{ChunkSource, ChunkedDirectory, FsChunkSource};
pub use engine::{Answer, Engine};
pub use schema::province_key;
pub use snippet::escape_html;
pub use vocab::{SynonymRule, Synonyms};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever the index layout, the schema or the analyzer changes: the browser engine, the
/// JS and the index files must all agree on it (checked when an index is opened).
pub const FORMAT_VERSION: u32 = 20;

/// The small fixed-name file in the search folder that names the current manifest (written by the
/// generator beside the index files; read by the browser and [`Engine::open_latest`]): a
/// [`Pointer`] as JSON.
pub const POINTER_FILE: &str = "index.json";

/// What `index.json` holds: the version handshake and the content-hashed names of this build's
/// manifest and engine. The generator writes it, `nhipcau search` and the tests read it through
/// [`Engine::open_latest`], the browser's worker reads the same fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pointer {
    pub format_version: u32,
    /// "manifest-<hash>.json"
    pub manifest: String,
    /// "engine-<hash>.wasm" (hosts compress it, or serve its .br or .gz sibling), and the gzip
    /// sibling the page inflates itself when a host sends the engine uncompressed.
    pub engine: String,
    pub engine_gzip: String,
    /// "engine-<hash>.rest.wasm": the engine's code that no search was seen to reach (error
    /// paths, mostly), which the worker loads only if a call needs it.
    pub engine_rest: String,
}

impl Pointer {
    /// Reads the pointer file of a search folder; another format's pointer is a version mismatch
    /// (checked before the rest, whose shape may differ between formats).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read(dir: &std::path::Path) -> Result<Pointer, SearchError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let path = dir.join(POINTER_FILE);
        let bytes = std::fs::read(&path).map_err(|e| SearchError::Io(format!("{}: {e}", path.display())))?;
        let corrupt = |e: serde_json::Error| SearchError::Corrupt(format!("{}: {e}", path.display()));
        let version: Version = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if version.format_version != FORMAT_VERSION {
            return Err(SearchError::VersionMismatch { index: version.format_version, engine: FORMAT_VERSION });
        }
        serde_json::from_slice(&bytes).map_err(corrupt)
    }
}

/// Chunk size for index files: large enough to keep requests few, small enough that a query on a
/// big site reads little.
pub const CHUNK_SIZE: usize = 8 * 1024;

/// One searchable part of a page (its intro, or the text under one h2/h3 heading).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Site path including the anchor: "/ke-hoach/dong-thap/#muc-tieu".
    pub url: String,
    pub page_title: String,
    /// The heading this part sits under; None for the page intro.
    pub heading: Option<String>,
    pub body: String,
    /// plan | centre | help | campaign | explainer | other
    pub kind: String,
    /// Today's province first, then its names before the 1/7/2025 merger.
    pub provinces: Vec<String>,
    pub target_groups: Vec<String>,
    /// "YYYY-MM-DD"
    pub date: Option<String>,
    /// Words citizens use for the page (front matter `keywords`): found and weighed like the
    /// title, never shown. The generator gives them to the page's first section.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// How much the page counts at equal match quality (its kind's prior times its own
    /// `search_weight`; 1 is neutral). Every section of a page carries the page's weight.
    #[serde(default = "neutral_weight")]
    pub weight: f32,
}

fn neutral_weight() -> f32 {
    1.0
}

pub struct IndexFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub struct IndexBundle {
    pub files: Vec<IndexFile>,
    pub manifest_name: String,
}

/// What the manifest file says: the tantivy files and their chunks, and the kind and province lists.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub doc_count: u64,
    /// Chunk `n` (counting across files) is the file `<chunk_prefix><n>.bin`. The prefix holds a
    /// hash of every chunk, so a changed index gets new names.
    pub chunk_prefix: String,
    /// Each tantivy file, cut into chunks. Chunks are raw DEFLATE streams: static hosts often serve
    /// unknown file types uncompressed, so the index carries its own compression (like Pagefind's).
    pub files: BTreeMap<String, ManifestFile>,
    /// The kinds of page in the index; a document's `kind_code` is its kind's place here.
    pub kinds: Vec<String>,
    /// The provinces named in the index, by folded name; a document's `province_code`s are their
    /// places here.
    pub provinces: Vec<Province>,
    /// What every query reads (see [`Head`]), in one chunk fetched when the index is opened.
    #[serde(default)]
    pub head: Option<Head>,
    /// Where each indexed field's postings (and positions) start in the segment's `.idx` (and
    /// `.pos`) file. tantivy's term infos give ranges within the field; with these a reader can
    /// tell which chunks a query will read before it runs it ([`Engine::chunks_for`]).
    #[serde(default)]
    pub postings_starts: BTreeMap<String, PostingsStart>,
    /// The pages, in document order (see [`Pages`]).
    #[serde(default)]
    pub pages: Pages,
    /// The site's synonyms, applied to every query (see [`Synonyms`]).
    #[serde(default)]
    pub synonyms: Synonyms,
    /// What a search that finds nothing offers instead.
    #[serde(default)]
    pub guidance: Guidance,
    /// The sections (by number) whose fields before the text run past the page of the sections
    /// file they start in: pages' first sections whose outline is long (5 of 160 on the 20 MB
    /// plan site). A result reads such a section whole for its outline; any other, its first
    /// page alone (see `Sections::read_outline`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub long_outlines: Vec<u32>,
}

/// What the site offers a citizen whose search finds nothing: its hotlines and its help section.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Guidance {
    pub hotlines: Vec<Hotline>,
    pub help: Option<Link>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Hotline {
    pub number: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Link {
    pub title: String,
    /// A site path ("/ho-tro/").
    pub path: String,
}

/// What the generator gives the index besides the documents: the site's own search settings.
#[derive(Clone, Debug, Default)]
pub struct SiteSearch {
    pub synonyms: Synonyms,
    pub guidance: Guidance,
}

/// Which documents make up each page, and each page's weight. Documents are indexed in page
/// order, so a page's sections are consecutive documents and a page is just a count; weights come
/// as runs (pages of one section mostly share their kind, so a big site has few runs). Results are
/// ranked on pages from this table, with no per-document column to read.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Pages {
    /// How many consecutive documents each page has.
    pub sections: Vec<u32>,
    /// (how many consecutive pages, their weight).
    pub weights: Vec<(u32, f32)>,
}

/// A page's sections, (url, heading) in document order, as its first section keeps them when the
/// page has more than one (`sections::Section::outline`, JSON). A result lists its page's other
/// sections from it instead of reading each of them (on the 20 MB plan site they had cost two
/// thirds of the stored text a query read).
pub(crate) type Outline = Vec<(String, Option<String>)>;

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct PostingsStart {
    pub postings: usize,
    /// None for fields without positions.
    pub positions: Option<usize>,
}

/// The parts of the index files that opening an index and any query read whatever is asked — the
/// footers, each field's header, term dictionaries, field norms, the kind and province postings, the
/// tables of the pairs and sections files — copied into one chunk, so they cost one request instead of one per file and field.
/// The chunk holds the `ranges` one after the other.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Head {
    pub chunk: String,
    pub len: usize,
    pub ranges: Vec<HeadRange>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HeadRange {
    pub file: String,
    pub start: usize,
    pub len: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Province {
    /// Folded and lowercase ([`province_key`]): "tien giang".
    pub key: String,
    /// As first written in the documents: "Tiền Giang" (the filter's label).
    pub name: String,
    /// For a name from before the 1/7/2025 merger, the key of the province it is part of today
    /// (a name no document gives as its current province).
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ManifestFile {
    pub len: usize,
    /// The file's first `len - tail` bytes are cut in chunks of this many bytes (the last of them
    /// may be shorter), unless `cuts` says where…
    pub chunk_size: usize,
    /// …and its last `tail` bytes, when not 0, are a chunk of their own: tantivy reads every
    /// file's footer when it opens an index, and a small tail chunk keeps that read small.
    #[serde(default)]
    pub tail: usize,
    /// The number of this file's first chunk (see [`Manifest::chunk_prefix`])…
    pub first_chunk: usize,
    /// …and how many it has.
    pub chunks: usize,
    /// Where chunks after the first start, when not every `chunk_size` bytes: the postings and
    /// positions files are cut between terms (see `build::term_layout`), so that a term is read in
    /// one request, not in as many as it crosses fixed chunks. Written as the lengths of the
    /// chunks before each cut, which compress to about half (10,000 bench pages: 2.1 KB gzip
    /// against 3.6 for the offsets).
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "cut_lengths", with = "lengths")]
    pub cuts: Vec<usize>,
    /// For each chunk, how many chunk numbers back the chunk whose file holds it is (its bundle's
    /// leader); 0 for a chunk in a file of its own. Empty when every chunk is. A query word's
    /// postings and positions in every field of one analyzer are cut at the same words (see
    /// `build::term_layout`) and sent in one file: a word was five to seven requests, one per field
    /// and file, and over HTTP/1.1 (six connections) a query's requests queued in waves.
    /// Written as the differences between neighbours (mostly 0 or -1).
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "bundle_steps", with = "steps")]
    pub back: Vec<usize>,
}

/// Numbers written as the differences between neighbours (see [`ManifestFile::back`]).
mod steps {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(back: &[usize], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(back.iter().scan(0i64, |last, &b| Some(b as i64 - std::mem::replace(last, b as i64))))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let steps = Vec::<i64>::deserialize(d)?;
        let mut at = 0i64;
        steps
            .into_iter()
            .map(|step| {
                at = at.checked_add(step).filter(|&b| b >= 0).ok_or_else(|| serde::de::Error::custom("a bundle step out of range"))?;
                usize::try_from(at).map_err(serde::de::Error::custom)
            })
            .collect()
    }
}

/// Offsets written as the lengths between them (see [`ManifestFile::cuts`]).
mod lengths {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(cuts: &[usize], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(cuts.iter().scan(0, |last, &cut| Some(cut - std::mem::replace(last, cut))))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let lengths = Vec::<usize>::deserialize(d)?;
        let mut at = 0usize;
        lengths
            .into_iter()
            .map(|len| {
                at = at.checked_add(len).ok_or_else(|| serde::de::Error::custom("cut past the end"))?;
                Ok(at)
            })
            .collect()
    }
}

impl Manifest {
    /// The file name of chunk `n`.
    pub fn chunk_name(&self, n: usize) -> String {
        chunk_file_name(&self.chunk_prefix, n)
    }
}

/// The page a section belongs to: its url without the anchor.
pub fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Chunk `n` of an index whose chunks are named with `prefix` (see [`Manifest::chunk_prefix`]).
pub(crate) fn chunk_file_name(prefix: &str, n: usize) -> String {
    format!("{prefix}{n}.bin")
}

impl ManifestFile {
    fn body_chunks(&self) -> usize {
        if self.cuts.is_empty() {
            (self.len - self.tail).div_ceil(self.chunk_size)
        } else {
            self.cuts.len() + 1
        }
    }

    /// How many chunks this layout has (what the manifest must list).
    pub fn expected_chunks(&self) -> usize {
        self.body_chunks() + usize::from(self.tail > 0)
    }

    /// The chunk holding byte `pos`.
    pub fn chunk_of(&self, pos: usize) -> usize {
        if pos >= self.len - self.tail {
            self.body_chunks()
        } else if self.cuts.is_empty() {
            pos / self.chunk_size
        } else {
            self.cuts.partition_point(|&cut| cut <= pos)
        }
    }

    /// The bytes of the file chunk `i` holds.
    pub fn chunk_range(&self, i: usize) -> std::ops::Range<usize> {
        let body = self.len - self.tail;
        if i >= self.body_chunks() {
            body..self.len
        } else if self.cuts.is_empty() {
            i * self.chunk_size..((i + 1) * self.chunk_size).min(body)
        } else {
            let start = if i == 0 { 0 } else { self.cuts[i - 1] };
            start..self.cuts.get(i).copied().unwrap_or(body)
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Query {
    pub text: String,
    pub kind: Option<String>,
    pub province: Option<String>,
    /// How many pages; 0 means the default, 10.
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Serialize)]
pub struct Results {
    /// How many pages match.
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when nothing matched exactly and these are near matches (typos, OCR damage).
    pub fuzzy: bool,
    /// What the results should say: "Tiền Giang nay thuộc Đồng Tháp (từ 1/7/2025)." when the
    /// query names a former province.
    pub notes: Vec<String>,
    /// When results are near matches or none: the query with unknown words replaced by the
    /// nearest words of the index ("did you mean").
    pub suggestion: Option<String>,
    /// When nothing is found: the site's hotlines and help section.
    pub guidance: Option<Guidance>,
}

/// One page: linking to its best matching section, with up to [`MAX_SUB_RESULTS`] of its other
/// matching sections.
#[derive(Debug, Serialize)]
pub struct Hit {
    /// The best section's link (with its anchor, if it is not the page's intro).
    pub url: String,
    /// The page's own path, without anchor.
    pub page: String,
    pub title: String,
    pub heading: Option<String>,
    /// Escaped text with matches in `<mark>`: never markup from the content.
    pub snippet_html: String,
    /// The page's other matching sections, best first.
    pub sections: Vec<SubHit>,
    pub kind: String,
    pub provinces: Vec<String>,
    pub date: Option<String>,
    pub score: f32,
}

/// Another matching section of a result's page: a deep link. No snippet: on a large site a
/// snippet for each of them cost more than the query itself.
#[derive(Debug, Serialize)]
pub struct SubHit {
    pub url: String,
    pub heading: Option<String>,
}

/// How many other sections a result lists under its page.
pub const MAX_SUB_RESULTS: usize = 3;

#[derive(Debug, Default, Serialize)]
pub struct Facets {
    pub kind: Vec<(String, u64)>,
    /// Today's provinces only: a former name counts under the province it is part of.
    pub province: Vec<(String, u64)>,
    /// For each province listed that has them, its names before the 1/7/2025 merger.
    pub province_former: BTreeMap<String, Vec<String>>,
}

#[derive(Debug)]
pub enum SearchError {
    /// The index was built by another version of nhipcau.
    VersionMismatch { index: u32, engine: u32 },
    /// A file of the index could not be fetched or read.
    Io(String),
    /// The index files are not what the manifest says.
    Corrupt(String),
    Tantivy(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::VersionMismatch { index, engine } => write!(
                f,
                "the search index has format {index} but this search engine reads format {engine}; rebuild the site with this version of nhipcau"
            ),
            SearchError::Io(e) => write!(f, "cannot read the search index: {e}"),
            SearchError::Corrupt(e) => write!(f, "the search index is damaged: {e}"),
            SearchError::Tantivy(e) => write!(f, "search engine error: {e}"),
        }
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Tantivy(e.to_string())
    }
}

#[cfg(test)]
mod tests;
