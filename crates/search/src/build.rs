//! Building the index (native only): documents → tantivy in memory → one segment, and the pairs
//! of neighbouring words → chunks.

use crate::hash::{content_name, Fnv};
use crate::schema::{province_key, register_analyzers, schema, Fields, EXACT, FOLDED};
use nhipcau_analyzer::{BothModes, Mode};
use rayon::prelude::*;
use std::cell::RefCell;
use tantivy::schema::{FieldType, Schema};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use crate::directory::{ChunkSource, ChunkedDirectory};
use crate::pairs::{self, PAIRS_FILE};
use crate::sections::{self, SectionText, SECTIONS_FILE};
use crate::facets::CodeCounts;
use crate::schema::{DOC_NUMBER, KIND_CODE, PROVINCE_CODE};
use crate::{page_of, SiteSearch, Head, HeadRange, IndexBundle, Pages, IndexFile, Manifest, ManifestFile, Outline, PostingsStart, Province, SearchDoc, SearchError, CHUNK_SIZE, FORMAT_VERSION};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tantivy::schema::Field;
use tantivy::directory::{OwnedBytes, RamDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::store::Compressor;
use tantivy::index::SegmentId;
use tantivy::query::AllQuery;
use tantivy::{Directory, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyDocument};

/// The segment id every built index gets, so the same documents give the same bytes.
const FIXED_SEGMENT_ID: &str = "00000000000000000000000000000001";
const SEGMENT_EXTENSIONS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm"];

/// Builds the index files for `docs`. The same documents (in any order) give byte-identical files:
/// documents are indexed in page and url order (which also makes that order the tie-break for
/// equal scores), and the segment gets a fixed id.
///
/// Documents are indexed in fixed shards ([`SHARD_DOCS`]) on every core (rayon's pool), each shard
/// by one tantivy thread in document order, and the shards' segments merged in that order; within
/// a shard, documents are analyzed in parallel too (see [`Analysis`]). Nothing depends on how many
/// threads there are, so no machine writes other bytes.
pub fn build_index(docs: Vec<SearchDoc>) -> Result<IndexBundle, SearchError> {
    build_index_with(docs, &SiteSearch::default())
}

/// `build_index` with the site's synonyms and guidance, which the manifest carries to every reader.
pub fn build_index_with(docs: Vec<SearchDoc>, site: &SiteSearch) -> Result<IndexBundle, SearchError> {
    build_with(docs, usize::MAX, SHARD_DOCS, Analysis::Parallel, site)
}

/// Documents per shard. A fixed count, not one shard per core, so that the bytes are the same on
/// every machine; a site smaller than one shard (the default portal, any site up to about 1,600
/// pages) is indexed as before, with no merge. Measured on 2 cores, tmpfs: two cores were
/// already busy before shards (analysis on one, tantivy's one writer thread on the other), and
/// what shards remove is that writer thread as the ceiling on more cores; merging costs about
/// 0.4 s at 10,000 generated pages (50,005 documents). Shards of 4,096 documents: 3.17 → 3.14 s at
/// 10,000 pages, but 374 → 398 ms at 1,000 (two shards merged), medians of 5. Shards of 8,192:
/// 2.93 → 2.62 s at 10,000 pages (seven shards, medians of 3), 348 → 338 ms at 1,000 (one shard).
pub(crate) const SHARD_DOCS: usize = 8192;

/// Where the searchable text is analyzed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Analysis {
    /// Before the writer, documents in parallel: each searchable value goes in as its terms
    /// (see [`AnalyzedTerms`]). tantivy's writer analyzes on its indexing threads, and only one
    /// thread keeps the bytes deterministic; analysis was most of its time.
    Parallel,
    /// In tantivy's writer, by the registered analyzers: the reference the parallel path must
    /// match byte for byte (tests).
    #[cfg(test)]
    InWriter,
}

/// How many documents are analyzed together before they go to the writer, which indexes one
/// batch while the next is analyzed. Small enough that batches stay a few MB.
const ANALYSIS_BATCH: usize = 256;

/// `build_index`, committing every `batch` documents (see [`build_with`]).
#[cfg(test)]
pub(crate) fn build_in_batches(docs: Vec<SearchDoc>, batch: usize, site: &SiteSearch) -> Result<IndexBundle, SearchError> {
    build_with(docs, batch, SHARD_DOCS, Analysis::Parallel, site)
}

/// `build_index` in shards of `shard_docs` documents, each committing every `batch` documents
/// (tests use small shards and batches to get several segments; the real build commits each shard
/// once, though tantivy may still flush when its memory budget fills).
pub(crate) fn build_with(mut docs: Vec<SearchDoc>, batch: usize, shard_docs: usize, analysis: Analysis, site: &SiteSearch) -> Result<IndexBundle, SearchError> {
    // By page, then url: a page's sections are consecutive documents (see `Pages`).
    docs.sort_by(|a, b| (page_of(&a.url), &a.url).cmp(&(page_of(&b.url), &b.url)));
    let pages = pages_of(&docs);
    let (schema, f) = schema();
    let modes = field_modes(&schema);
    // tantivy's store holds no field (results are shown from the sections file): it stays a few
    // bytes per section, uncompressed, as the browser engine has no decompressor for it.
    let settings = IndexSettings { docstore_compression: Compressor::None, ..IndexSettings::default() };
    let (kinds, provinces) = kinds_and_provinces(&docs);
    let outlines = outlines(&docs, &pages)?;
    let make = |d: &SearchDoc| {
        ANALYZERS.with(|a| {
            let mut findable = Findable { analysis, modes: &modes, analyzers: &mut a.borrow_mut(), pairs: Vec::new() };
            let doc = document(d, &f, &kinds, &provinces, &mut findable);
            let mut pairs = findable.pairs;
            pairs.sort_unstable();
            pairs.dedup();
            (doc, pairs)
        })
    };
    // What results show does not depend on tantivy: its file is written and packed while the
    // documents are indexed, and fills the cores the merge leaves idle (it was 0.5 s of CPU after
    // them, the merge 0.2 s on one core). The index stage at 10,000 generated pages, 2 cores:
    // 1.94 → 1.84 s, medians of 5, the same bytes.
    let (indexed, sections) = rayon::join(
        || index_and_merge(&docs, shard_docs, &Indexing { schema: &schema, doc_number: f.doc_number, settings: &settings, analysis, batch, make: &make }),
        || {
            let (bytes, long_heads) = sections::write(docs.iter().map(|d| section_text(d, outlines.get(d.url.as_str()).map(String::as_str))));
            let packed = pack(SECTIONS_FILE, &bytes, Vec::new());
            (bytes, packed, long_heads)
        },
    );
    let Indexed { ram, index, pairs } = indexed?;
    let metas = index.searchable_segment_metas()?;
    let segment = metas.first().map(|m| m.id().uuid_string());
    let dir = &ram;
    let read = |name: &str| -> Result<OwnedBytes, SearchError> {
        let slice = dir.open_read(Path::new(name)).map_err(|e| SearchError::Io(e.to_string()))?;
        slice.read_bytes().map_err(|e| SearchError::Io(e.to_string()))
    };

    // (file name as the manifest gives it, bytes): the segment's files, meta.json, the pairs.
    let mut index_files: Vec<(String, OwnedBytes)> = Vec::new();
    let mut meta = String::from_utf8(dir.atomic_read(Path::new("meta.json")).map_err(|e| SearchError::Io(e.to_string()))?)
        .map_err(|e| SearchError::Corrupt(e.to_string()))?;
    // A merge's note lists the shards' segments, whose ids are random: dropped (a site of one
    // shard has none, and keeps tantivy's own bytes).
    let mut parsed: serde_json::Value = serde_json::from_str(&meta).map_err(|e| SearchError::Corrupt(e.to_string()))?;
    if let Some(payload) = parsed.get_mut("payload").filter(|p| !p.is_null()) {
        *payload = serde_json::Value::Null;
        meta = serde_json::to_string_pretty(&parsed).map_err(|e| SearchError::Corrupt(e.to_string()))? + "\n";
    }
    if let Some(id) = &segment {
        for ext in SEGMENT_EXTENSIONS {
            let name = format!("{id}.{ext}");
            if dir.exists(Path::new(&name)).unwrap_or(false) {
                index_files.push((format!("{FIXED_SEGMENT_ID}.{ext}"), read(&name)?));
            }
        }
        meta = meta.replace(id.as_str(), FIXED_SEGMENT_ID).replace(&hyphenated(id), &hyphenated(FIXED_SEGMENT_ID));
    }
    index_files.push(("meta.json".into(), OwnedBytes::new(meta.into_bytes())));
    // Not tantivy's, but chunked and read the same way.
    index_files.push((PAIRS_FILE.into(), OwnedBytes::new(pairs)));
    let (sections_bytes, sections_packed, long_heads) = sections;
    // Only outlines' holders matter to a reader (see `Manifest::long_outlines`).
    let long_outlines: Vec<u32> = long_heads.into_iter().filter(|&n| outlines.contains_key(docs[n as usize].url.as_str())).collect();
    index_files.push((SECTIONS_FILE.into(), OwnedBytes::new(sections_bytes)));

    let mut manifest = Manifest {
        format_version: FORMAT_VERSION,
        doc_count: docs.len() as u64,
        chunk_prefix: String::new(),
        files: BTreeMap::new(),
        kinds,
        provinces,
        head: None,
        postings_starts: BTreeMap::new(),
        pages,
        synonyms: site.synonyms.clone(),
        guidance: site.guidance.clone(),
        long_outlines,
    };
    // The files read back before they are packed, each as one uncompressed chunk: what every
    // query reads (the head), where each field's postings start, and where each term's postings
    // and positions start.
    manifest.files = index_files.iter().enumerate().map(|(n, (name, bytes))| (name.clone(), whole(bytes.len(), n))).collect();
    let (dir, searcher) = read_back(&manifest, BuiltFiles(index_files.iter().map(|(_, bytes)| bytes.clone()).collect()))?;
    let head_ranges = head(&manifest, &dir, &searcher)?;
    manifest.postings_starts = postings_starts(&dir, &searcher)?;
    let TermLayout { mut cuts, mut bundle_at } = term_layout(&manifest, &searcher)?;

    // Chunks numbered in file order; a bundle's chunks sent in its first chunk's file.
    let mut layout: Vec<(String, ManifestFile)> = Vec::new();
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut leader_of_bundle: HashMap<u32, usize> = HashMap::new();
    for (at, (name, bytes)) in index_files.iter().enumerate().filter(|(_, (name, _))| name != SECTIONS_FILE) {
        let mut file = cut(name, bytes.len(), cuts.remove(name.as_str()).unwrap_or_default());
        file.first_chunk = pieces.len();
        file.chunks = file.expected_chunks();
        let bundles = bundle_at.remove(name.as_str()).unwrap_or_default();
        for i in 0..file.chunks {
            let n = file.first_chunk + i;
            let range = file.chunk_range(i);
            let leader = bundles.get(&range.start).map_or(n, |id| *leader_of_bundle.entry(*id).or_insert(n));
            file.back.push(n - leader);
            pieces.push((at, range));
        }
        if file.back.iter().all(|&b| b == 0) {
            file.back.clear();
        }
        layout.push((name.clone(), file));
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (_, file) in &layout {
        for i in 0..file.chunks {
            let n = file.first_chunk + i;
            members.entry(n - file.back.get(i).copied().unwrap_or(0)).or_default().push(n);
        }
    }
    // Compressed on every core, each file on its own.
    let members: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
    let mut chunks: Vec<(usize, Vec<u8>)> = members
        .par_iter()
        .map(|(leader, bundle)| {
            let raw: Vec<&[u8]> = bundle.iter().map(|&n| &index_files[pieces[n].0].1[pieces[n].1.clone()]).collect();
            (*leader, if raw.len() == 1 { deflate(raw[0]) } else { deflate(&raw.concat()) })
        })
        .collect();
    let sections_first = pieces.len();
    layout.push((sections_packed.name, ManifestFile { len: sections_packed.len, chunk_size: sections_packed.chunk_size, tail: sections_packed.tail, first_chunk: sections_first, chunks: sections_packed.chunks.len(), cuts: sections_packed.cuts, back: Vec::new() }));
    chunks.extend(sections_packed.chunks.into_iter().enumerate().map(|(i, bytes)| (sections_first + i, bytes)));
    // Named: their names carry a hash of all of them.
    let mut digest = Fnv::new();
    for (_, chunk) in &chunks {
        digest.update(chunk);
    }
    manifest.chunk_prefix = format!("c-{:016x}-", digest.finish());
    manifest.files = layout.into_iter().collect();
    let mut files: BTreeMap<String, Vec<u8>> = chunks.into_iter().map(|(n, bytes)| (manifest.chunk_name(n), bytes)).collect();
    if let Some(ranges) = head_ranges {
        let mut bytes = Vec::new();
        for r in &ranges {
            let (_, file) = index_files.iter().find(|(name, _)| *name == r.file).ok_or_else(|| SearchError::Corrupt(format!("no file {}", r.file)))?;
            bytes.extend_from_slice(&file[r.start..r.start + r.len]);
        }
        let chunk = format!("{}head.bin", manifest.chunk_prefix);
        files.insert(chunk.clone(), deflate(&bytes));
        manifest.head = Some(Head { chunk, len: bytes.len(), ranges });
    }
    let manifest_bytes = serde_json::to_vec(&manifest).map_err(|e| SearchError::Corrupt(e.to_string()))?;
    let manifest_name = content_name("manifest-", &manifest_bytes, "json");
    files.insert(manifest_name.clone(), manifest_bytes);
    let files = files.into_iter().map(|(name, bytes)| IndexFile { name, bytes }).collect();
    Ok(IndexBundle { files, manifest_name })
}

/// What every shard is indexed with (see [`index_shard`]).
#[derive(Clone, Copy)]
struct Indexing<'a> {
    schema: &'a Schema,
    doc_number: Field,
    settings: &'a IndexSettings,
    analysis: Analysis,
    /// Documents per commit (see [`build_with`]).
    batch: usize,
    /// A document as tantivy takes it, and its pairs of neighbouring words.
    make: &'a (dyn Fn(&SearchDoc) -> (TantivyDocument, Vec<u64>) + Sync),
}

/// Documents indexed: the index (read through our own handle on its RAM directory, as reading
/// through the index's ManagedDirectory would strip the files' footers, which the reader needs)
/// and their pairs of neighbouring words, as (key, document number) entries for a shard, as the
/// pairs file once written.
struct Indexed<Pairs = Vec<u8>> {
    ram: RamDirectory,
    index: Index,
    pairs: Pairs,
}

/// The documents indexed in shards on every core (see [`index_shard`]), the shards' segments
/// merged in document order into one, and the pairs of neighbouring words written.
fn index_and_merge(docs: &[SearchDoc], shard_docs: usize, how: &Indexing) -> Result<Indexed, SearchError> {
    let shard_docs = shard_docs.max(1);
    let shards: Vec<&[SearchDoc]> = if docs.is_empty() { vec![docs] } else { docs.chunks(shard_docs).collect() };
    let shards: Vec<Indexed<Vec<(u64, u32)>>> = shards
        .into_par_iter()
        .enumerate()
        .map(|(n, shard)| index_shard(shard, (n * shard_docs) as u32, how))
        .collect::<Result<_, _>>()?;
    let mut pair_entries: Vec<(u64, u32)> = Vec::new();
    let shards: Vec<(RamDirectory, Index)> = shards
        .into_iter()
        .map(|shard| {
            pair_entries.extend(shard.pairs);
            (shard.ram, shard.index)
        })
        .collect();
    // Every shard's segments in document order, the shards in theirs: merged in that order, the
    // documents keep the order they were sorted in.
    let mut segments = Vec::new();
    for (_, shard) in &shards {
        let listed = shard.searchable_segments()?;
        for id in segments_in_document_order(shard)? {
            segments.extend(listed.iter().filter(|s| s.id() == id).cloned());
        }
    }
    // tantivy merges on one thread: the pairs are sorted and written on the other cores meanwhile.
    let (merged, pairs) = rayon::join(
        || -> Result<(RamDirectory, Index), SearchError> {
            if segments.len() <= 1 {
                return Ok(shards.into_iter().next().expect("at least one shard"));
            }
            let ram = RamDirectory::create();
            let keep_all = vec![None; segments.len()];
            let merged = tantivy::indexer::merge_filtered_segments(&segments, how.settings.clone(), keep_all, ram.clone())?;
            Ok((ram, merged))
        },
        || pairs::write(pair_entries),
    );
    let (ram, index) = merged?;
    Ok(Indexed { ram, index, pairs })
}

/// A file cut in chunks as [`ManifestFile`] describes, each compressed.
struct PackedFile {
    name: String,
    len: usize,
    chunk_size: usize,
    tail: usize,
    cuts: Vec<usize>,
    chunks: Vec<Vec<u8>>,
}

/// Cuts a file in chunks (of the fixed size, or at `cuts`) and compresses each on its own (so on
/// every core).
fn pack(name: &str, bytes: &[u8], cuts: Vec<usize>) -> PackedFile {
    let layout = cut(name, bytes.len(), cuts);
    let pieces: Vec<&[u8]> = (0..layout.expected_chunks()).map(|i| &bytes[layout.chunk_range(i)]).collect();
    let chunks = pieces.par_iter().map(|piece| deflate(piece)).collect();
    PackedFile { name: name.to_string(), len: bytes.len(), chunk_size: layout.chunk_size, tail: layout.tail, cuts: layout.cuts, chunks }
}

/// How a file of `len` bytes is cut in chunks: of the fixed size, or at `cuts`.
fn cut(name: &str, len: usize, cuts: Vec<usize>) -> ManifestFile {
    let chunk_size = chunk_size(name, len);
    // Our paged files' tables and footers are read on opening, so they are in the head; a tail
    // would split their last page in two chunks, and a result there would need both. Files cut
    // between terms have their footer in a piece of its own, or with the last terms.
    let tail = if [PAIRS_FILE, SECTIONS_FILE].contains(&name) || !cuts.is_empty() { 0 } else { tail_len(len, chunk_size) };
    ManifestFile { len, chunk_size, tail, cuts, ..ManifestFile::default() }
}

/// A file as one chunk, number `n`: how the builder reads its files back.
fn whole(len: usize, n: usize) -> ManifestFile {
    let file = ManifestFile { len, chunk_size: len.max(1), first_chunk: n, ..ManifestFile::default() };
    ManifestFile { chunks: file.expected_chunks(), ..file }
}

/// One shard's documents (consecutive in document order) indexed in an index of their own, by one
/// tantivy thread so that they stay in that order; analyzed `ANALYSIS_BATCH` at a time in
/// parallel while the writer indexes the batch before.
/// Also gives the shard's pairs of neighbouring words, (key, document number from `first_doc`).
fn index_shard(shard: &[SearchDoc], first_doc: u32, how: &Indexing) -> Result<Indexed<Vec<(u64, u32)>>, SearchError> {
    let Indexing { schema, doc_number, settings, analysis, batch, make } = *how;
    let ram = RamDirectory::create();
    let index = Index::create(ram.clone(), schema.clone(), settings.clone())?;
    register_analyzers(&index);
    if analysis == Analysis::Parallel {
        for tokenizer in [FOLDED, EXACT] {
            index.tokenizers().register(tokenizer, TextAnalyzer::from(AnalyzedTerms));
        }
    }
    // A budget that holds a shard in one pass: tantivy takes memory as it needs it, up to this.
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 256 * 1024 * 1024)?;
    // Merges happen once, over every shard, in document order (see `build_with`).
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut written = 0;
    let mut pairs = Vec::new();
    for group in shard.chunks(ANALYSIS_BATCH) {
        let built: Vec<(TantivyDocument, Vec<u64>)> = group.par_iter().map(make).collect();
        for (mut doc, keys) in built {
            if written > 0 && written % batch.max(1) == 0 {
                writer.commit()?;
            }
            let number = first_doc + written as u32;
            doc.add_u64(doc_number, u64::from(number));
            writer.add_document(doc)?;
            pairs.extend(keys.into_iter().map(|key| (key, number)));
            written += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(Indexed { ram, index, pairs })
}

/// The outline of each page of more than one section, by its first section's url (see
/// [`crate::Outline`]). `docs` are sorted by page, `pages` is their page table.
fn outlines<'a>(docs: &'a [SearchDoc], pages: &Pages) -> Result<HashMap<&'a str, String>, SearchError> {
    let mut out = HashMap::new();
    let mut first = 0;
    for &n in &pages.sections {
        let page = &docs[first..first + n as usize];
        if page.len() > 1 {
            let outline: Outline = page.iter().map(|d| (d.url.clone(), d.heading.clone())).collect();
            out.insert(page[0].url.as_str(), serde_json::to_string(&outline).map_err(|e| SearchError::Corrupt(e.to_string()))?);
        }
        first += n as usize;
    }
    Ok(out)
}

/// One document as the writer takes it: what it is found and ranked by (what a result shows is
/// in the sections file, see `section_text`).
fn document(d: &SearchDoc, f: &Fields, kinds: &[String], provinces: &[Province], findable: &mut Findable) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    findable.add(&mut doc, f, &[f.title_f, f.title_x], &d.page_title);
    if let Some(h) = &d.heading {
        findable.add(&mut doc, f, &[f.heading_f], h);
    }
    findable.add(&mut doc, f, &[], &d.body);
    doc.add_u64(f.kind_code, code(kinds.binary_search_by(|k| k.as_str().cmp(kind_of(d)))));
    for p in named_provinces(d) {
        findable.add(&mut doc, f, &[f.meta_f], p);
        doc.add_u64(f.province_code, code(provinces.binary_search_by(|known| known.key.cmp(&province_key(p)))));
    }
    for g in &d.target_groups {
        findable.add(&mut doc, f, &[f.meta_f], g);
    }
    for k in &d.keywords {
        findable.add(&mut doc, f, &[f.keywords_f], k);
    }
    doc
}

/// A document's province names, each once (by its folded key: a name listed twice would be
/// counted twice), blanks left out.
fn named_provinces(d: &SearchDoc) -> Vec<&str> {
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for p in d.provinces.iter().filter(|p| !p.trim().is_empty()) {
        let key = province_key(p);
        if !seen.contains(&key) {
            seen.push(key);
            names.push(p.as_str());
        }
    }
    names
}

/// What a result shows of a document; `outline` on a page's first section (see `outlines`).
fn section_text<'a>(d: &'a SearchDoc, outline: Option<&'a str>) -> SectionText<'a> {
    SectionText {
        url: &d.url,
        title: &d.page_title,
        heading: d.heading.as_deref(),
        body: &d.body,
        kind: kind_of(d),
        provinces: named_provinces(d),
        date: d.date.as_deref(),
        outline,
    }
}

/// Which of the analyzer's modes each indexed text field uses, by field id, from the tokenizer
/// the schema names for it; None for other fields (any other tokenizer is left to the writer).
fn field_modes(schema: &Schema) -> Vec<Option<Mode>> {
    schema
        .fields()
        .map(|(_, entry)| match entry.field_type() {
            FieldType::Str(options) => match options.get_indexing_options().map(|i| i.tokenizer()) {
                Some(FOLDED) => Some(Mode::Folded),
                Some(EXACT) => Some(Mode::Exact),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

thread_local! {
    /// A thread's analyzer, kept between documents for its memos (see [`nhipcau_analyzer::Memo`]):
    /// a site repeats the same few thousand words.
    static ANALYZERS: RefCell<BothModes> = RefCell::new(BothModes::default());
}

/// Adds searchable text to a document, analyzed now or left to the writer (see [`Analysis`]).
struct Findable<'a> {
    analysis: Analysis,
    modes: &'a [Option<Mode>],
    analyzers: &'a mut BothModes,
    /// The keys of the document's pairs of neighbouring words (see `pairs`), repeats included.
    pairs: Vec<u64>,
}

impl Findable<'_> {
    /// Adds `text` to the combined fields and to the section's `own` fields. Each part is a value
    /// of its own, so no phrase spans two (tantivy leaves a position free between values).
    /// Its neighbouring folded words go to `pairs` (every value is in the combined field).
    fn add(&mut self, doc: &mut TantivyDocument, f: &Fields, own: &[Field], text: &str) {
        let fields = [f.all_f, f.all_x].into_iter().chain(own.iter().copied());
        let parallel = self.analysis == Analysis::Parallel;
        // Each mode's terms once, however many fields take them, space-separated (see
        // [`AnalyzedTerms`]).
        let capacity = if parallel { text.len() + 16 } else { 0 };
        let (mut folded, mut exact) = (String::with_capacity(capacity), String::with_capacity(capacity));
        let mut previous = String::new();
        let pairs = &mut self.pairs;
        self.analyzers.for_each_term(text, |f, x| {
            if !previous.is_empty() {
                pairs.push(pairs::key(&[&previous, f]));
            }
            if parallel {
                for (out, term) in [(&mut folded, f), (&mut exact, x)] {
                    if !previous.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(term);
                }
            }
            previous.clear();
            previous.push_str(f);
        });
        if !parallel {
            fields.for_each(|field| doc.add_text(field, text));
            return;
        }
        for field in fields {
            match self.modes.get(field.field_id() as usize).copied().flatten() {
                Some(Mode::Folded) => doc.add_text(field, &folded),
                Some(Mode::Exact) => doc.add_text(field, &exact),
                // A tokenizer of its own: registered as it is, so the writer analyzes the text.
                None => doc.add_text(field, text),
            }
        }
    }
}

/// The tokenizer the writer runs on searchable values that were analyzed before it: it reads the
/// terms back, split at spaces, which no term holds (terms are runs of letters, digits and
/// combining marks), and numbers them as the analyzer does (one position per term), so the index
/// is the one the analyzer itself would give.
#[derive(Clone, Copy)]
struct AnalyzedTerms;

struct TermsStream<'a> {
    terms: std::str::Split<'a, char>,
    at: usize,
    token: Token,
}

impl Tokenizer for AnalyzedTerms {
    type TokenStream<'a> = TermsStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsStream<'a> {
        let mut terms = text.split(' ');
        if text.is_empty() {
            terms.next(); // no terms, not one empty term
        }
        TermsStream { terms, at: 0, token: Token { position: usize::MAX, ..Token::default() } }
    }
}

impl TokenStream for TermsStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.next() else { return false };
        self.token.text.clear();
        self.token.text.push_str(term);
        self.token.offset_from = self.at;
        self.token.offset_to = self.at + term.len();
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
        self.at += term.len() + 1;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The page table of `docs` (sorted by page): section counts, and weights in runs. A page's weight
/// is its first section's (the generator gives every section of a page the same).
fn pages_of(docs: &[SearchDoc]) -> Pages {
    let mut pages = Pages::default();
    let mut i = 0;
    while i < docs.len() {
        let page = page_of(&docs[i].url);
        let n = docs[i..].iter().take_while(|d| page_of(&d.url) == page).count();
        pages.sections.push(n as u32);
        let weight = if docs[i].weight.is_finite() && docs[i].weight > 0.0 { docs[i].weight } else { 1.0 };
        match pages.weights.last_mut() {
            Some((count, w)) if *w == weight => *count += 1,
            _ => pages.weights.push((1, weight)),
        }
        i += n;
    }
    pages
}

fn kind_of(d: &SearchDoc) -> &str {
    match d.kind.trim() {
        "" => "other",
        kind => kind,
    }
}

/// The kinds (sorted) and provinces (by folded name, each written as the first document in url
/// order writes it) that `docs` name: the manifest's lists, whose places are the codes.
fn kinds_and_provinces(docs: &[SearchDoc]) -> (Vec<String>, Vec<Province>) {
    let mut kinds: Vec<String> = docs.iter().map(|d| kind_of(d).to_string()).collect();
    kinds.sort();
    kinds.dedup();
    let mut provinces: BTreeMap<String, String> = BTreeMap::new();
    for p in docs.iter().flat_map(|d| &d.provinces).filter(|p| !p.trim().is_empty()) {
        provinces.entry(province_key(p)).or_insert_with(|| p.clone());
    }
    // A name no document gives first (as its province today) is a former one; it is part of the
    // province the documents naming it give first.
    let current: std::collections::BTreeSet<String> = docs.iter().filter_map(|d| d.provinces.first()).map(|p| province_key(p)).collect();
    let mut now: BTreeMap<String, String> = BTreeMap::new();
    for d in docs {
        if let Some(today) = d.provinces.first() {
            for former in &d.provinces[1..] {
                let key = province_key(former);
                if !current.contains(&key) {
                    now.entry(key).or_insert_with(|| province_key(today));
                }
            }
        }
    }
    (kinds, provinces.into_iter().map(|(key, name)| Province { now: now.get(&key).cloned(), key, name }).collect())
}

/// A value's place in its list (every value is in it: the lists are made from the same documents).
fn code(found: Result<usize, usize>) -> u64 {
    found.expect("kinds and provinces are listed from the documents being indexed") as u64
}

/// Where each indexed field's postings and positions start in their files (see
/// [`Manifest::postings_starts`]): found by reading one term's postings and positions through a
/// recording directory (tantivy reads each in one piece) and comparing with its term info.
fn postings_starts(dir: &ChunkedDirectory, searcher: &Searcher) -> Result<BTreeMap<String, PostingsStart>, SearchError> {
    let schema = searcher.schema().clone();
    let mut starts = BTreeMap::new();
    for segment in searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            let Some(option) = entry.field_type().get_index_record_option() else { continue };
            let inverted = segment.inverted_index(field)?;
            let io = |e: std::io::Error| SearchError::Io(e.to_string());
            let mut stream = inverted.terms().stream().map_err(io)?;
            if !stream.advance() {
                continue;
            }
            let info = stream.value().clone();
            let before = dir.recorded().len();
            // Opening the postings reads them, and the positions, each in one piece.
            inverted.read_postings_from_terminfo(&info, option).map_err(io)?;
            let reads = dir.recorded().split_off(before);
            let start_of = |ext: &str, range: &std::ops::Range<usize>| {
                let read = reads.iter().rev().find(|(path, r)| path.extension().is_some_and(|e| e == ext) && r.len() == range.len() && !range.is_empty());
                read.and_then(|(_, r)| r.start.checked_sub(range.start))
            };
            let Some(postings) = start_of("idx", &info.postings_range) else {
                return Err(SearchError::Corrupt(format!("no postings read for field {}", entry.name())));
            };
            let positions = if option.has_positions() { start_of("pos", &info.positions_range) } else { None };
            starts.insert(entry.name().to_string(), PostingsStart { postings, positions });
        }
    }
    Ok(starts)
}

/// How many bytes of whole terms' postings and positions, in all the fields of one analyzer, a
/// bundle holds at most (see [`term_layout`]); a term bigger than that is a bundle of its own.
/// Each of the 175 queries of the quality sets and the bench as a visit's first, after the head,
/// on the 10,000-page bench site and on the 20 MB plan site (requests, HTTP/1.1 waves of six, KB
/// per query; the results' sections included), and the manifest (KB gzip):
///
/// | chunks                               | 10,000 pages         | plan site           |
/// |--------------------------------------|----------------------|---------------------|
/// | each file between terms, 4 KiB (19)  | 28.4, 5.77, 142; 4.8 | 43.2, 7.90, 98; 2.8 |
/// | bundles of 1 KiB                     | 19.3, 4.29, 152; 6.3 | 29.7, 5.64, 69; 7.1 |
/// | bundles of 2 KiB                     | 19.3, 4.29, 152; 5.8 | 29.6, 5.64, 70; 6.1 |
/// | bundles of 4 KiB                     | 19.3, 4.29, 152; 5.5 | 29.4, 5.62, 75; 5.0 |
/// | bundles of 8 KiB                     | 19.3, 4.29, 152; 5.3 | 29.0, 5.53, 92; 3.8 |
/// | bundles of 16 KiB                    | 19.3, 4.29, 153      | 28.2, 5.42, 132     |
/// | 2 KiB, positions in bundles of their own | 22.8, 4.86, 146  | 35.0, 6.56, 69      |
///
/// A bundle carries a word's positions and its fields that a one-word query does not read (7%
/// more bytes on the 10,000 pages); sent apart, they cost more requests than they save bytes.
const BUNDLE: usize = 2 * 1024;

/// Where the postings and positions files are cut (see [`ManifestFile::cuts`]), and which pieces
/// go in one file (a bundle, see [`ManifestFile::back`]): by file, the bundle of each piece that
/// starts a bundle's part of a field, by where it starts.
struct TermLayout {
    cuts: BTreeMap<String, Vec<usize>>,
    bundle_at: BTreeMap<String, HashMap<usize, u32>>,
}

/// A query word reads its postings (and positions) in every field of one analyzer: the combined
/// field, the title, the headings… Each file is cut at the same words in all of them, and the
/// pieces of one stretch of words, `BUNDLE` bytes in all, go in one file. Words are compared as
/// indexed, so the folded fields share cuts and the exact fields share theirs. Fixed chunks had
/// cut a term's postings wherever they fell (the 10,000-page bench site's "nguoi" was three
/// requests); chunks cut between terms file by file made a word one request per field and file.
fn term_layout(manifest: &Manifest, searcher: &Searcher) -> Result<TermLayout, SearchError> {
    struct Entry {
        family: String,
        field: u32,
        key: Vec<u8>,
        postings: std::ops::Range<usize>,
        positions: Option<std::ops::Range<usize>>,
    }
    let schema = searcher.schema().clone();
    let mut entries = Vec::new();
    for segment in searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            let Some(starts) = manifest.postings_starts.get(entry.name()) else { continue };
            let family = match entry.field_type() {
                FieldType::Str(options) => options.get_indexing_options().map_or(entry.name(), |i| i.tokenizer()).to_string(),
                _ => entry.name().to_string(),
            };
            let io = |e: std::io::Error| SearchError::Io(e.to_string());
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream().map_err(io)?;
            while stream.advance() {
                let info = stream.value();
                let within = |start: usize, r: &std::ops::Range<usize>| start + r.start..start + r.end;
                entries.push(Entry {
                    family: family.clone(),
                    field: field.field_id(),
                    key: stream.key().to_vec(),
                    postings: within(starts.postings, &info.postings_range),
                    positions: starts.positions.map(|start| within(start, &info.positions_range)),
                });
            }
        }
    }
    // Each family's words in order, each with its bytes in all fields: the bundles are stretches
    // of them, numbered across families.
    let mut sizes: BTreeMap<(&str, &[u8]), usize> = BTreeMap::new();
    for e in &entries {
        *sizes.entry((&e.family, &e.key)).or_default() += e.postings.len() + e.positions.as_ref().map_or(0, |p| p.len());
    }
    let mut bundle_of: HashMap<(&str, &[u8]), u32> = HashMap::new();
    let (mut bundle, mut filled, mut family) = (0u32, 0usize, "");
    for ((fam, key), size) in sizes {
        if fam != family || (filled > 0 && filled + size > BUNDLE) {
            bundle += 1;
            filled = 0;
            family = fam;
        }
        filled += size;
        bundle_of.insert((fam, key), bundle);
    }
    let file = |ext: &str| manifest.files.iter().find(|(name, _)| name.ends_with(ext)).map(|(name, f)| (name.clone(), f.len));
    let mut layout = TermLayout { cuts: BTreeMap::new(), bundle_at: BTreeMap::new() };
    for (ext, of) in [(".idx", (|e: &Entry| Some(e.postings.clone())) as fn(&Entry) -> Option<std::ops::Range<usize>>), (".pos", |e: &Entry| e.positions.clone())] {
        let Some((name, len)) = file(ext).filter(|(name, len)| !sent_whole(name, *len)) else { continue };
        // A field's part of a bundle starts where its first word in the bundle starts.
        let mut starts: BTreeMap<usize, u32> = BTreeMap::new();
        let mut last: Option<(u32, u32)> = None;
        for e in &entries {
            let Some(range) = of(e).filter(|r| !r.is_empty()) else { continue };
            let here = (e.field, bundle_of[&(e.family.as_str(), e.key.as_slice())]);
            if last != Some(here) {
                starts.insert(range.start, here.1);
                last = Some(here);
            }
        }
        layout.cuts.insert(name.clone(), starts.keys().copied().filter(|&at| at > 0 && at < len).collect());
        layout.bundle_at.insert(name, starts.into_iter().collect());
    }
    Ok(layout)
}

/// The built index, opened through a directory that records every read, over its files (each
/// one chunk, see `whole`).
fn read_back(manifest: &Manifest, files: BuiltFiles) -> Result<(ChunkedDirectory, Searcher), SearchError> {
    let dir = ChunkedDirectory::recording(manifest, Box::new(files));
    let index = Index::open(dir.clone())?;
    register_analyzers(&index);
    let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok((dir, reader.searcher()))
}

/// The builder's files, chunk `n` the `n`th whole (see `whole`), lent without a copy.
struct BuiltFiles(Vec<OwnedBytes>);

impl ChunkSource for BuiltFiles {
    fn fetch(&self, name: &str) -> std::io::Result<Vec<u8>> {
        self.fetch_bytes(name).map(|bytes| bytes.as_slice().to_vec())
    }

    fn fetch_bytes(&self, name: &str) -> std::io::Result<OwnedBytes> {
        let n = name.strip_suffix(".bin").and_then(|n| n.parse::<usize>().ok());
        n.and_then(|n| self.0.get(n)).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
    }
}

/// The most a head chunk holds (before compression); smaller reads go in first.
const HEAD_BUDGET: usize = 512 * 1024;

/// Finds what opening the index and any query read whatever is asked (see [`Head`]) by reading the
/// built index through a recording directory the way the engine does: the ranges the head copies.
fn head(manifest: &Manifest, dir: &ChunkedDirectory, searcher: &Searcher) -> Result<Option<Vec<HeadRange>>, SearchError> {
    let schema = searcher.schema().clone();
    for segment in searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            if entry.is_indexed() {
                segment.inverted_index(field)?;
            }
            if entry.has_fieldnorms() {
                segment.get_fieldnorms_reader(field)?;
            }
        }
    }
    let io = |e: &dyn std::fmt::Display| SearchError::Io(e.to_string());
    pairs::Pairs::open(dir.open_read(Path::new(PAIRS_FILE)).map_err(|e| io(&e))?).map_err(|e| io(&e))?;
    sections::Sections::open(dir.open_read(Path::new(SECTIONS_FILE)).map_err(|e| io(&e))?).map_err(|e| io(&e))?;
    searcher.search(&AllQuery, &(CodeCounts::new(KIND_CODE, manifest.kinds.len(), None), CodeCounts::new(PROVINCE_CODE, manifest.provinces.len(), None)))?;

    // Each file's reads, overlapping or nearly touching ones merged.
    let mut by_file: BTreeMap<String, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    for (path, range) in dir.recorded() {
        by_file.entry(path.to_string_lossy().into_owned()).or_default().push(range);
    }
    let mut ranges: Vec<HeadRange> = Vec::new();
    for (file, mut list) in by_file {
        list.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in list {
            match merged.last_mut() {
                Some(last) if r.start <= last.end + 256 => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        ranges.extend(merged.into_iter().map(|r| HeadRange { file: file.clone(), start: r.start, len: r.len() }));
    }
    // Within the budget, small reads first (footers, field headers), then whole dictionaries.
    ranges.sort_by(|a, b| (a.len, &a.file, a.start).cmp(&(b.len, &b.file, b.start)));
    let mut total = 0;
    ranges.retain(|r| {
        let keep = total + r.len <= HEAD_BUDGET;
        if keep {
            total += r.len;
        }
        keep
    });
    if ranges.is_empty() {
        return Ok(None);
    }
    ranges.sort_by(|a, b| (&a.file, a.start).cmp(&(&b.file, b.start)));
    Ok(Some(ranges))
}

/// Raw DEFLATE, as the engine inflates chunks. zlib-rs at level 6 packs this index's chunks a
/// little tighter than miniz_oxide at level 9 did, in under half the time (10,000 generated pages:
/// 26,454 KB in 1.4 s against 26,482 KB in 3.1 s, one thread), and compressing was the largest part
/// of the index stage after analysis went parallel. Its output depends on the level only, not on
/// the machine's CPU features (they only speed up the match search), so every machine writes the
/// same chunks.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::new(6));
    encoder.write_all(bytes).expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// A file's chunk size: a small pairs, postings or positions file whole (see `SMALL_FILE`).
fn chunk_size(name: &str, len: usize) -> usize {
    if sent_whole(name, len) {
        len.max(1)
    } else {
        CHUNK_SIZE
    }
}

/// Whether a file goes in one chunk: a small file of what queries read here and there (the
/// pairs, postings and positions). A query reads a few pieces of one, the next query others,
/// and a small file's pieces are many small requests: on the portal, a returning visitor's
/// query took two round trips more for its pairs when they were pages (366 ms against 147) and
/// one more for its postings when they were cut between terms (283 ms against 111).
fn sent_whole(name: &str, len: usize) -> bool {
    (name == PAIRS_FILE || name.ends_with(".idx") || name.ends_with(".pos")) && len <= SMALL_FILE
}

/// The largest file sent whole (see `sent_whole`): eight fixed chunks. The portal's pairs file is
/// six pages (42 KB, 37 KB compressed): its first query costs 367 KB instead of 345, and a returning
/// visitor's query takes 147 ms instead of 366.
const SMALL_FILE: usize = 8 * CHUNK_SIZE;

/// How many of a file's last bytes get a chunk of their own (see `ManifestFile::tail`): enough for
/// the footers tantivy reads on opening (a few hundred bytes), and only for big files (small ones,
/// like the term dictionary and the field norms, are read whole by most queries anyway, and a tail
/// would be one more request) whose last chunk would otherwise be much bigger than that.
pub(crate) fn tail_len(len: usize, chunk_size: usize) -> usize {
    let wanted = 1024;
    let natural_last = match len % chunk_size {
        0 => chunk_size,
        n => n,
    };
    if len > 3 * chunk_size && natural_last > 2 * wanted {
        wanted
    } else {
        0
    }
}

/// The segments, ordered by the number of their first document (`Fields::doc_number`). One
/// thread fills one segment at a time, so merging in this order keeps the documents in the order
/// they were written in (the order the pairs and sections files number them in), whatever order
/// tantivy lists segments in.
fn segments_in_document_order(index: &Index) -> Result<Vec<SegmentId>, SearchError> {
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let searcher = reader.searcher();
    let mut numbered = Vec::new();
    for segment in searcher.segment_readers() {
        if segment.max_doc() == 0 {
            continue;
        }
        let first = segment.fast_fields().u64(DOC_NUMBER)?.first(0).ok_or_else(|| SearchError::Corrupt("a section without its number".into()))?;
        numbered.push((first, segment.segment_id()));
    }
    numbered.sort();
    Ok(numbered.into_iter().map(|(_, id)| id).collect())
}

fn hyphenated(simple: &str) -> String {
    if simple.len() != 32 {
        return simple.to_string();
    }
    format!("{}-{}-{}-{}-{}", &simple[..8], &simple[8..12], &simple[12..16], &simple[16..20], &simple[20..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    /// Words as sites write them: both tone placements, NFC and NFD, capitals, đ, numbers,
    /// foreign words, a blob too long to be a term, and punctuation between.
    const WORDS: &[&str] = &[
        "Đồng", "Tháp", "hòa", "hoà", "Uỷ", "Ủy", "ban", "khoẻ", "khỏe", "người", "cao", "tuổi", "trẻ", "em", "bạo", "lực",
        "gia", "đình", "Hoa\u{300}", "nu\u{31b}\u{301}o\u{31b}\u{301}c", "quả", "già", "ĐƯỜNG", "DÂY", "NÓNG", "111", "113",
        "2025-07-01", "hotline", "Café", "xã", "hội", "trợ", "giúp", "—", "(", ")", "«tư vấn»", "thuý", "khuỷu", "ngoài",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tỉnh,", "Việt.", "Nam;",
    ];
    const PROVINCES: &[&str] = &["Đồng Tháp", "Tiền Giang", "đồng tháp", "Hà Nội", "Thành phố Hồ Chí Minh", " "];

    /// `n` sections of made-up text from `WORDS`, the same every time (a fixed linear
    /// congruential sequence), some without heading, body, provinces or groups.
    fn sections(n: usize) -> Vec<SearchDoc> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |below: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % below
        };
        let text = |words: usize, next: &mut dyn FnMut(usize) -> usize| (0..words).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(" ");
        (0..n)
            .map(|i| SearchDoc {
                url: format!("/p/{:04}/#s{}", i / 3, i % 3),
                page_title: text(1 + next(6), &mut next),
                heading: (i % 3 != 0).then(|| text(1 + next(4), &mut next)),
                body: if i % 17 == 0 { String::new() } else { text(next(300), &mut next) },
                kind: ["plan", "centre", "help", ""][next(4)].to_string(),
                provinces: (0..next(3)).map(|_| PROVINCES[next(PROVINCES.len())].to_string()).collect(),
                target_groups: (0..next(2)).map(|_| text(2, &mut next)).collect(),
                date: (i % 2 == 0).then(|| format!("2025-{:02}-01", 1 + next(12))),
                // The keywords field is pre-analyzed too; weights vary by page, in runs.
                keywords: (0..next(3)).map(|_| text(1 + next(2), &mut next)).collect(),
                weight: [1.0, 1.0, 1.25][(i / 3) % 3],
            })
            .collect()
    }

    fn files(bundle: IndexBundle) -> Vec<(String, Vec<u8>)> {
        bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect()
    }

    #[test]
    fn analyzing_before_the_writer_gives_the_bytes_the_writer_s_own_analysis_gives() {
        let docs = sections(700);
        // One segment; several in one shard (batches of 97); several shards.
        for (batch, shard) in [(usize::MAX, SHARD_DOCS), (97, SHARD_DOCS), (usize::MAX, 150)] {
            let parallel = files(build_with(docs.clone(), batch, shard, Analysis::Parallel, &SiteSearch::default()).unwrap());
            let reference = files(build_with(docs.clone(), batch, shard, Analysis::InWriter, &SiteSearch::default()).unwrap());
            assert_eq!(parallel.len(), reference.len(), "batch {batch}");
            for (p, r) in parallel.iter().zip(&reference) {
                assert!(p == r, "batch {batch}: {} differs from the writer's own analysis ({})", p.0, r.0);
            }
        }
    }

    /// Built chunks by name, as the engine reads them.
    fn chunks(bundle: IndexBundle) -> Box<crate::tests::Memory> {
        Box::new(crate::tests::Memory { files: bundle.files.into_iter().map(|f| (f.name, f.bytes)).collect(), fetches: Default::default() })
    }

    #[test]
    fn a_word_s_postings_and_positions_in_all_its_fields_are_read_in_one_file() {
        // Words of every frequency: numbered ones from once to hundreds of times; long titles and
        // headings, for positions enough to be cut too (a small file goes whole).
        let mut docs = sections(1500);
        for (i, doc) in docs.iter_mut().enumerate() {
            let extra: Vec<String> = (0..40).map(|k| format!("tu{}", (i * 7 + k * 13) % (50 + k * 40))).collect();
            doc.body = format!("{} {}", doc.body, extra.join(" "));
            doc.page_title = format!("{} {}", doc.page_title, extra.join(" "));
            doc.heading = Some(extra.join(" "));
        }
        let bundle = build_index(docs).unwrap();
        let manifest_name = bundle.manifest_name.clone();
        let source = chunks(bundle);
        let stored: HashSet<String> = source.files.keys().cloned().collect();
        let manifest: Manifest = serde_json::from_slice(&source.files[&manifest_name]).unwrap();
        let dir = ChunkedDirectory::open(&manifest, source).unwrap();
        let index = Index::open(dir).unwrap();
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().unwrap();
        let searcher = reader.searcher();
        let layout = |ext: &str| manifest.files.iter().find(|(name, _)| name.ends_with(ext)).unwrap().1;
        let (idx, pos) = (layout(".idx"), layout(".pos"));
        assert!(idx.chunks > 20 && pos.chunks > 2, "a site big enough for many chunks: {} and {}", idx.chunks, pos.chunks);
        // The file each byte of a word's postings or positions is read from, by analyzer and word.
        let file_of = |ext: &str, at: usize| {
            let f = layout(ext);
            let i = f.chunk_of(at);
            f.first_chunk + i - f.back.get(i).copied().unwrap_or(0)
        };
        let mut files_of_word: BTreeMap<(String, Vec<u8>), BTreeSet<usize>> = BTreeMap::new();
        let mut words_in_file: BTreeMap<usize, (BTreeSet<(String, Vec<u8>)>, usize)> = BTreeMap::new();
        for (field, entry) in searcher.schema().fields() {
            let Some(starts) = manifest.postings_starts.get(entry.name()) else { continue };
            let Some(analyzer) = entry.field_type().get_index_record_option().and(match entry.field_type() {
                tantivy::schema::FieldType::Str(o) => o.get_indexing_options().map(|i| i.tokenizer().to_string()),
                _ => None,
            }) else {
                continue;
            };
            let inverted = searcher.segment_reader(0).inverted_index(field).unwrap();
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                let info = stream.value();
                let word = (analyzer.clone(), stream.key().to_vec());
                let mut ranges = vec![(".idx", starts.postings + info.postings_range.start..starts.postings + info.postings_range.end)];
                ranges.extend(starts.positions.map(|at| (".pos", at + info.positions_range.start..at + info.positions_range.end)));
                for (ext, range) in ranges.into_iter().filter(|(_, r)| !r.is_empty()) {
                    let (first, last) = (file_of(ext, range.start), file_of(ext, range.end - 1));
                    files_of_word.entry(word.clone()).or_default().extend([first, last]);
                    let held = words_in_file.entry(first).or_default();
                    held.0.insert(word.clone());
                    held.1 += range.len();
                }
            }
        }
        assert!(files_of_word.len() > 500, "{} words", files_of_word.len());
        let split: Vec<_> = files_of_word.iter().filter(|(_, files)| files.len() > 1).map(|((_, w), files)| (String::from_utf8_lossy(w).into_owned(), files.clone())).collect();
        assert!(split.is_empty(), "{} words read from more than one file, as {:?}", split.len(), &split[..split.len().min(3)]);
        assert!(files_of_word.keys().any(|(a, w)| a == crate::schema::FOLDED && w == b"tu7"), "the folded fields' words are there");
        // Bundles, each in its leader's file: more than one field's part in most.
        let bundled = words_in_file.keys().filter(|&&n| manifest.files.values().any(|f| (f.first_chunk..f.first_chunk + f.chunks).any(|m| m != n && m - f.back.get(m - f.first_chunk).copied().unwrap_or(0) == n))).count();
        assert!(bundled * 2 > words_in_file.len(), "{bundled} of {} files hold a bundle", words_in_file.len());
        for n in words_in_file.keys() {
            assert!(stored.contains(&manifest.chunk_name(*n)), "chunk {n}'s file is written");
        }
        // A file with more than one word holds at most BUNDLE bytes of them.
        for (n, (words, bytes)) in &words_in_file {
            assert!(words.len() == 1 || *bytes <= BUNDLE, "file {n}: {} words in {bytes} bytes", words.len());
        }
    }

    #[test]
    fn a_site_indexed_in_shards_answers_every_query_as_one_shard_does() {
        let docs = sections(900);
        let engine = |shard: usize| {
            let bundle = build_with(docs.clone(), usize::MAX, shard, Analysis::Parallel, &SiteSearch::default()).unwrap();
            let manifest_name = bundle.manifest_name.clone();
            crate::Engine::open(chunks(bundle), &manifest_name).unwrap()
        };
        let (one, sharded) = (engine(usize::MAX), engine(128));
        let queries = ["dong thap", "Đồng Tháp", "tre em bao luc", "111", "nguoi cao tuoi", "cafe", "duong day nong", "ho tro xa hoi", "khoe", "tro giup ngoai"];
        for text in queries {
            for kind in [None, Some("help".to_string())] {
                let q = crate::Query { text: text.into(), kind: kind.clone(), limit: 20, ..Default::default() };
                let (a, b) = (one.search(&q).unwrap(), sharded.search(&q).unwrap());
                assert!(a.total > 0 || text == "cafe", "{text}: a query that finds something");
                // Same pages, sections, snippets, facets and scores (BM25 statistics are the whole
                // index's, as in one segment).
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text} ({kind:?})");
            }
        }
    }

    #[test]
    fn the_number_of_threads_does_not_change_a_byte() {
        let docs = sections(1500);
        // Shards of 200 documents: eight shards, built on however many threads, merged.
        let with_threads = |n: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
            files(pool.install(|| build_with(docs.clone(), usize::MAX, 200, Analysis::Parallel, &SiteSearch::default())).unwrap())
        };
        let one = with_threads(1);
        assert!(one.len() > 10, "a site big enough for many chunks: {} files", one.len());
        assert!(with_threads(4) == one, "4 threads wrote other bytes than 1");
        assert!(with_threads(3) == one, "3 threads wrote other bytes than 1");
        assert!(with_threads(1) == one, "a second run wrote other bytes");
    }
}
