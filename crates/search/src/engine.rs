//! Opening an index and answering queries: the ranking users see in the browser and the CLI.

use crate::directory::{ChunkSource, ChunkedDirectory};
use crate::schema::{province_key, register_analyzers, schema, Fields};
use crate::near::{self, fuzzy_distance};
use crate::snippet;
use crate::pairs::{self, Pairs, PAIRS_FILE};
use crate::sections::{Section, Sections, SECTIONS_FILE};
use crate::pages::{PageCount, PageHit, PageTable, TopPages};
use crate::vocab::{self, Synonyms, Unit};
use crate::{Facets, Hit, Manifest, Query, Results, SearchError, SubHit, FORMAT_VERSION};
use nhipcau_analyzer::{terms, Mode};
use crate::facets::{listed, CodeCounts};
use crate::schema::{KIND_CODE, PROVINCE_CODE};
use std::collections::{HashMap, HashSet};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery};
use tantivy::query::{BitSetDocSet, ConstScorer, EmptyQuery, EnableScoring, Explanation, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::collector::Collector;
use tantivy::{DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader, TantivyError, Term};
use std::sync::Arc;

const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;
/// Below this many strict (all-words) matches, also accept pages with some of the words.
const FEW_RESULTS: usize = 3;
/// What having the whole query as a phrase adds (see `Engine::boosts`): more than scattered
/// syllables score in practice.
const PHRASE_TIER: f32 = 1000.0;
/// The longest query whose words together in the combined field make the phrase tier. For two
/// words the pairs file says exactly that (see `Engine::together`); for three, that both pairs
/// are in the section, which without the phrase is rare ("tu van" and "van tam" apart); for more,
/// only that the query's pieces are, which long plan sections often are. On the quality sets
/// (citizen-intent, held-out, blind; success@3 / MRR), with the old positions' phrase tier at
/// 98.7% / 0.944, 86.1% / 0.771, 94.3% / 0.896: a tier at every length from pairs gave 98.7% /
/// 0.933, 83.3% / 0.750, 91.4% / 0.837 (plan sections above "nhân viên xã hội là ai"); up to
/// three words, 100% / 0.971, 86.1% / 0.785, 94.3% / 0.896 (the same up to two). The whole query
/// as a phrase in the title, keywords, headings and names (which keep positions) lifts results
/// at any length, and longer queries have the pair bonus.
const MAX_PHRASE_TIER_WORDS: usize = 3;
/// What each pair of neighbouring query words found together adds, for queries of 3+ words.
const PAIR_BONUS: f32 = 20.0;
/// What having every query word (or a near form of it) adds once results were widened: a tier,
/// so those sections come first (the phrase tier sits above it).
const ALL_WORDS_TIER: f32 = 100.0;
/// What a page whose title or keywords hold a stretch of the query counts, times the share of the
/// query's syllables the longest such stretch covers (see `Engine::key_spans`).
const KEY_SPAN_TIER: f32 = 100.0;
/// The longest stretch of a query looked for in titles and keywords: longer ones are rare there,
/// and each length adds phrase queries.
const MAX_KEY_SPAN: usize = 5;
/// What a synonym's alternative counts for, against the words typed.
const ALTERNATIVE_WEIGHT: f32 = 0.5;
/// The constant tiers a section's score may hold, and their sums, highest first (see
/// `pages::weighted`).
const TIERS: &[f32] = &[PHRASE_TIER * (1.0 + ALTERNATIVE_WEIGHT), PHRASE_TIER, PHRASE_TIER * ALTERNATIVE_WEIGHT, ALL_WORDS_TIER];
/// The most dictionary words a "did you mean" looks at for one query word.
const SUGGESTION_SCAN: usize = 20_000;
/// The most rewritten phrases (see `Words::variants`) one query ranks with.
const MAX_VARIANTS: usize = 6;
/// The most near-form word lists an engine keeps (see `Engine::near_form`).
const NEAR_FORMS_KEPT: usize = 1024;
/// Words of a query beyond this many are ignored (a pasted page should not build a huge query).
const MAX_TERMS: usize = 32;

pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    directory: ChunkedDirectory,
    pages: PageTable,
    /// Which sections hold each pair of neighbouring words (see `pairs`).
    pairs: Arc<Pairs>,
    /// What results show of each section (see `sections`).
    sections: Sections,
    /// A query ranked by `search_or_fetch` whose documents are being fetched.
    pending: std::sync::Mutex<Option<(Query, Ranked)>>,
    /// The chunks named to the caller for the query being answered (see [`Engine::search_or_fetch`]).
    named: std::sync::Mutex<(Query, HashSet<String>)>,
    /// The indexed words each near-form query reaches (see [`Engine::near_form`]).
    near: std::sync::Mutex<HashMap<(Field, String, u8), std::sync::Arc<[Term]>>>,
}

/// What ranking comes to when the caller fetches chunks itself (see [`Engine::search_or_fetch`]).
enum Ranking {
    Done(Ranked),
    /// A pass would read these chunks, not loaded and not yet named for this query.
    Fetch(Vec<String>),
}

/// What [`Engine::search_or_fetch`] answers.
#[derive(Debug)]
pub enum Answer {
    Results(Results),
    /// Fetch these chunk files, then ask again with the same query.
    Fetch(Vec<String>),
}

/// A ranked query, before its documents are read.
struct Ranked {
    words: Words,
    total: usize,
    top: Vec<PageHit>,
    facets: Facets,
    fuzzy: bool,
    suggestion: Option<String>,
    guidance: Option<crate::Guidance>,
}

type Boxed = Box<dyn TantivyQuery>;

/// `Searcher::search`, one segment after another on this thread. tantivy's own runs each
/// collector through its `Executor`, whose thread-pool branch (a rayon scope sending fruits over a
/// crossbeam channel) is compiled once per collector type though one Web Worker never takes it:
/// 60 KB of the browser module (4 KB brotli), measured 2026-12-03. (rayon itself stays in the
/// module: tantivy's reader keeps it for index warmers, which nhipcau does not use.)
fn collect<C: Collector>(searcher: &Searcher, query: &dyn TantivyQuery, collector: &C) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() { EnableScoring::enabled_from_searcher(searcher) } else { EnableScoring::disabled_from_searcher(searcher) };
    let weight = query.weight(scoring)?;
    collector.check_schema(searcher.schema())?;
    let fruits = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .map(|(ord, segment)| collector.collect_segment(weight.as_ref(), ord as u32, segment))
        .collect::<tantivy::Result<Vec<_>>>()?;
    collector.merge_fruits(fruits)
}

/// One ranked pass: how many pages match, the best of them, and (with no filter set) the kind and
/// province counts.
type Pass = (usize, Vec<PageHit>, Option<(Vec<u64>, Vec<u64>)>);

impl Engine {
    pub fn open(source: Box<dyn ChunkSource + Send + Sync>, manifest_name: &str) -> Result<Engine, SearchError> {
        let bytes = source.fetch(manifest_name).map_err(|e| SearchError::Io(format!("{manifest_name}: {e}")))?;
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| SearchError::Corrupt(format!("{manifest_name}: {e}")))?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(SearchError::VersionMismatch { index: manifest.format_version, engine: FORMAT_VERSION });
        }
        check_manifest(&manifest).map_err(|e| SearchError::Corrupt(format!("{manifest_name}: {e}")))?;
        let pages = PageTable::new(&manifest.pages, manifest.doc_count).map_err(|e| SearchError::Corrupt(format!("{manifest_name}: {e}")))?;
        let directory = ChunkedDirectory::open(&manifest, source).map_err(|e| SearchError::Io(format!("{manifest_name}: {e}")))?;
        let index = Index::open(directory.clone())?;
        register_analyzers(&index);
        let (_, fields) = schema();
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let corrupt = |e: &dyn std::fmt::Display| SearchError::Corrupt(format!("{manifest_name}: {e}"));
        let open = |name: &str| tantivy::Directory::open_read(&directory, std::path::Path::new(name)).map_err(|e| corrupt(&e));
        let pairs = Arc::new(Pairs::open(open(PAIRS_FILE)?).map_err(|e| corrupt(&e))?);
        let sections = Sections::open(open(SECTIONS_FILE)?).map_err(|e| corrupt(&e))?;
        Ok(Engine { reader, fields, manifest, directory, pages, pairs, sections, pending: Default::default(), named: Default::default(), near: Default::default() })
    }

    /// Opens the index a built site's search folder points to: its fixed-name pointer file
    /// ([`crate::Pointer`], `index.json`) names the current manifest.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open_latest(dir: &std::path::Path) -> Result<Engine, SearchError> {
        let pointer = crate::Pointer::read(dir)?;
        Engine::open(Box::new(crate::FsChunkSource::new(dir)), &pointer.manifest)
    }

    /// The manifest this engine was opened with.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn doc_count(&self) -> u64 {
        self.manifest.doc_count
    }

    /// Distinct index chunks read so far (what the browser has downloaded).
    pub fn fetched_chunks(&self) -> usize {
        self.directory.fetched_chunks()
    }

    pub fn total_chunks(&self) -> usize {
        self.manifest.files.values().map(|f| f.chunks).sum()
    }

    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        match self.rank(q, None)? {
            Ranking::Done(ranked) => self.finish(ranked),
            Ranking::Fetch(_) => unreachable!("ranking names chunks only to a caller that fetches them"),
        }
    }

    /// `search`, or the names of chunks to fetch first: the caller fetches them together and
    /// asks again with the same query, as many times as it is told to. Two kinds of rounds:
    /// - a pass of the ranking (widening to any word, near forms) would read postings that are
    ///   not loaded: near forms reach words the query never typed, and on the 10,000-page bench
    ///   site "dong thap" read 30 chunks and "truong hocc" 23, one request after another;
    /// - the results' documents are not loaded: then the ranking is kept, and the next call
    ///   answers from it.
    ///
    /// A chunk is named once per query: if fetching it failed, the next call reads it itself,
    /// and that read reports the failure. So the rounds end. In the browser this turns requests
    /// one after another (each a round trip on a slow phone) into a few rounds of parallel ones.
    pub fn search_or_fetch(&self, q: &Query) -> Result<Answer, SearchError> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((asked, ranked)) = pending {
            if asked == *q {
                return Ok(Answer::Results(self.finish(ranked)?));
            }
        }
        let ranking = {
            let mut named = self.named_for(q);
            self.rank(q, Some(&mut named.1))?
        };
        let ranked = match ranking {
            Ranking::Done(ranked) => ranked,
            Ranking::Fetch(names) => return Ok(Answer::Fetch(names)),
        };
        // The sections the results show, named from the sections table (in the head): the best
        // ones whole, the outlines' holders their first page unless the outline runs past it
        // (see `Sections::read_outline`, `Manifest::long_outlines`).
        let holder_range = |holder: DocId| match self.manifest.long_outlines.binary_search(&holder) {
            Ok(_) => self.sections.range_of(holder),
            Err(_) => self.sections.first_page_of(holder),
        };
        let mut missing: Vec<String> = ranked
            .top
            .iter()
            .filter_map(|page| self.shown(page))
            .flat_map(|(best, outline)| [self.sections.range_of(best), outline.filter(|&o| o != best).and_then(holder_range)])
            .flatten()
            .flat_map(|range| self.directory.missing(SECTIONS_FILE, range))
            .collect();
        missing.sort();
        missing.dedup();
        if missing.is_empty() {
            return Ok(Answer::Results(self.finish(ranked)?));
        }
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = Some((q.clone(), ranked));
        Ok(Answer::Fetch(missing))
    }

    /// The chunks named for `q` so far (a new query starts afresh).
    fn named_for(&self, q: &Query) -> std::sync::MutexGuard<'_, (Query, HashSet<String>)> {
        let mut named = self.named.lock().unwrap_or_else(|e| e.into_inner());
        if named.0 != *q {
            *named = (q.clone(), HashSet::new());
        }
        named
    }

    /// With `named` (the caller fetches chunks itself), the chunks `query` will read that are not
    /// loaded and not named for this query yet, now named; without, none.
    fn to_fetch(&self, query: &dyn TantivyQuery, named: &mut Option<&mut HashSet<String>>) -> Vec<String> {
        let Some(named) = named.as_deref_mut() else { return Vec::new() };
        let mut names = self.unloaded(query);
        names.retain(|name| named.insert(name.clone()));
        names
    }

    /// Everything but the results' documents: which pages, in what order, and the facets; or,
    /// with `named`, the chunks a pass needs first (see [`Engine::search_or_fetch`]).
    fn rank(&self, q: &Query, mut named: Option<&mut HashSet<String>>) -> Result<Ranking, SearchError> {
        let limit = match q.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let words = Words::of(&q.text, &self.manifest.synonyms);
        let folded = &words.folded;
        let searcher = self.reader.searcher();
        if folded.is_empty() {
            return Ok(Ranking::Done(Ranked { words, total: 0, top: Vec::new(), facets: Facets::default(), fuzzy: false, suggestion: None, guidance: None }));
        }

        let filters = has(&q.kind) || has(&q.province);
        let count_kinds = || CodeCounts::new(KIND_CODE, self.manifest.kinds.len(), Some(self.pages.clone()));
        let count_provinces = || CodeCounts::new(PROVINCE_CODE, self.manifest.provinces.len(), Some(self.pages.clone()));
        let count_pages = || PageCount(self.pages.clone());
        // An offset past every document is past every result (and must not size a heap).
        let offset = q.offset.min(self.manifest.doc_count as usize);
        // One pass over the ranked query counts the results, keeps the best and, with no filter
        // set, counts kinds and provinces too (the ranked query matches the same documents).
        let ranked_pass = |matching: &Boxed, widened: bool, named: &mut Option<&mut HashSet<String>>| -> Result<Result<Pass, Vec<String>>, SearchError> {
            let ranked = self.ranked(&words, matching, widened, q);
            let fetch = self.to_fetch(&ranked, named);
            if !fetch.is_empty() {
                return Ok(Err(fetch));
            }
            let top = TopPages { table: self.pages.clone(), limit, offset, tiers: TIERS };
            if filters {
                let (total, top) = collect(&searcher, &ranked, &top)?;
                Ok(Ok((total, top, None)))
            } else {
                let ((total, top), kinds, provinces) = collect(&searcher, &ranked, &(top, count_kinds(), count_provinces()))?;
                Ok(Ok((total, top, Some((kinds, provinces)))))
            }
        };

        // Widen step by step while there are fewer than a few results: every word, then any word,
        // then near matches (typos, OCR damage) of every word, and, if still nothing, of any word.
        let mut matching = self.strict(&words);
        let (mut total, mut top, mut counts) = match ranked_pass(&matching, false, &mut named)? {
            Ok(pass) => pass,
            Err(fetch) => return Ok(Ranking::Fetch(fetch)),
        };
        let mut fuzzy = false;
        let mut widened = false;
        let wider = [(Occur::Should, false), (Occur::Must, true), (Occur::Should, true)];
        for (occur, near) in wider {
            let enough = if occur == Occur::Should && near { total > 0 } else { total >= FEW_RESULTS };
            if enough {
                break;
            }
            if occur == Occur::Should && words.folded.len() == 1 {
                continue;
            }
            let candidate = self.matching(&words, occur, if near { fuzzy_distance } else { no_near_forms });
            let counted = self.filtered(candidate.box_clone(), q);
            let fetch = self.to_fetch(&counted, &mut named);
            if !fetch.is_empty() {
                return Ok(Ranking::Fetch(fetch));
            }
            let count = collect(&searcher, &counted, &count_pages())?;
            // Every word in a near form is as good as some words exact: prefer it on a tie.
            let better = count > total || (near && occur == Occur::Must && widened && count == total);
            if better {
                matching = candidate;
                total = count;
                fuzzy = near;
                widened = true;
            }
        }
        if widened {
            (total, top, counts) = match ranked_pass(&matching, true, &mut named)? {
                Ok(pass) => pass,
                Err(fetch) => return Ok(Ranking::Fetch(fetch)),
            };
        }

        // With a filter set, each facet counts under the other filter but not its own, so a
        // citizen sees what switching it would give.
        let (kinds, provinces) = match counts {
            Some(counts) => counts,
            None => {
                let kind_scope = Query { kind: None, ..q.clone() };
                let province_scope = Query { province: None, ..q.clone() };
                let kinds = collect(&searcher, &self.filtered(matching.box_clone(), &kind_scope), &count_kinds())?;
                let provinces = collect(&searcher, &self.filtered(matching, &province_scope), &count_provinces())?;
                (kinds, provinces)
            }
        };
        let m = &self.manifest;
        // A former province counts under today's one (its documents carry both codes).
        let today: Vec<u64> = provinces.iter().enumerate().map(|(code, n)| if m.provinces[code].now.is_some() { 0 } else { *n }).collect();
        let province = listed(&today, |code| m.provinces[code].name.clone());
        let mut province_former = std::collections::BTreeMap::new();
        for (name, _) in &province {
            let key = province_key(name);
            let former: Vec<String> = m.provinces.iter().filter(|p| p.now.as_deref() == Some(key.as_str())).map(|p| p.name.clone()).collect();
            if !former.is_empty() {
                province_former.insert(name.clone(), former);
            }
        }
        let facets = Facets { kind: listed(&kinds, |code| m.kinds[code].clone()), province, province_former };
        // Weak results: not every word matched as typed.
        let suggestion = if total == 0 || widened { self.suggestion(&searcher, &words) } else { None };
        let guidance = (total == 0).then(|| m.guidance.clone());
        Ok(Ranking::Done(Ranked { words, total, top, facets, fuzzy, suggestion, guidance }))
    }

    /// The ranked pages' documents, read (and fetched if need be), as results.
    fn finish(&self, ranked: Ranked) -> Result<Results, SearchError> {
        let Ranked { words, total, top, facets, fuzzy, suggestion, guidance } = ranked;
        let mut marks = snippet::Word::from_query(&words.folded_seq, &words.exact_seq);
        // What a synonym found is marked too.
        for alt in words.units.iter().flat_map(|u| u.alternatives.iter().flatten()) {
            if !marks.iter().any(|m| m.folded == *alt) {
                marks.push(snippet::Word { folded: alt.clone(), exact: None });
            }
        }
        let hits = top.into_iter().map(|page| self.hit(page, &marks, fuzzy)).collect::<Result<Vec<_>, _>>()?;
        Ok(Results { total, hits, facets, fuzzy, notes: self.former_province_notes(&words), suggestion, guidance })
    }

    /// "Tiền Giang nay thuộc Đồng Tháp (từ 1/7/2025)." for each former province the query names.
    fn former_province_notes(&self, words: &Words) -> Vec<String> {
        let m = &self.manifest;
        let mut notes = Vec::new();
        for former in &m.provinces {
            let Some(now) = former.now.as_deref() else { continue };
            let key: Vec<&str> = former.key.split(' ').collect();
            let named = words.folded_seq.windows(key.len()).any(|w| w.iter().map(String::as_str).eq(key.iter().copied()));
            if let (true, Some(today)) = (named, m.provinces.iter().find(|p| p.key == now)) {
                notes.push(format!("{} nay thuộc {} (từ 1/7/2025).", former.name, today.name));
            }
        }
        notes
    }

    /// The query with each word the index does not have replaced by its nearest indexed word
    /// (within the near-match distance; the most frequent on a tie), if any was.
    fn suggestion(&self, searcher: &Searcher, words: &Words) -> Option<String> {
        let segment = searcher.segment_readers().first()?;
        let inverted = segment.inverted_index(self.fields.all_f).ok()?;
        let dict = inverted.terms();
        let mut changed = false;
        let mut out = Vec::with_capacity(words.folded_seq.len());
        // The words kept are given back as typed, diacritics and all (the two analyses cut a text
        // into the same words); a replacement is the index's word, without them.
        let typed = (words.exact_seq.len() == words.folded_seq.len()).then_some(&words.exact_seq);
        for (i, word) in words.folded_seq.iter().enumerate() {
            let known = dict.get(word.as_bytes()).ok().flatten().is_some();
            let nearest = match (known, fuzzy_distance(word)) {
                (false, Some(max)) => nearest_term(dict, word, max),
                _ => None,
            };
            changed |= nearest.is_some();
            out.push(nearest.unwrap_or_else(|| typed.map_or(word, |t| &t[i]).clone()));
        }
        changed.then(|| out.join(" "))
    }

    /// The index chunks `q` will read that are not loaded yet: the postings (and positions, for
    /// phrases in titles, headings and names) of every term of the query `search` first runs,
    /// found from the term dictionaries (in the head) and [`Manifest::postings_starts`], and the
    /// pairs file's pages of its words together (see `pairs`). A browser fetches them in parallel
    /// before `search`, which would otherwise fetch them one request after another (tantivy's
    /// reads are synchronous). With a word the site lacks or hardly has, near forms' postings too. Other later
    /// passes and the results' stored sections come in `search_or_fetch`'s rounds.
    pub fn chunks_for(&self, q: &Query) -> Vec<String> {
        let words = Words::of(&q.text, &self.manifest.synonyms);
        if words.folded.is_empty() {
            return Vec::new();
        }
        let mut names = self.unloaded(&self.ranked(&words, &self.strict(&words), false, q));
        if let Some(near) = self.near_forms_ahead(&words) {
            names.extend(self.unloaded(&self.matching(&words, Occur::Must, near)));
            names.sort();
            names.dedup();
        }
        // Named for this query: `search_or_fetch` does not ask for them again.
        self.named_for(q).1.extend(names.iter().cloned());
        names
    }

    /// The near forms whose postings the ranking will surely read, so that they come with the
    /// plan, not in one or two rounds after it (a round is a round trip on a slow phone). A word
    /// the query must match that is in fewer than a few sections (none: a typo, mostly), with
    /// its synonyms' spellings in fewer than a few in all, leaves fewer than a few with every
    /// word as typed: the ranking widens, and ranks with the near forms `ranking_distance`
    /// allows. Counting synonyms' sections took the 10,000-page bench site's returning visitor
    /// ("nguoi khuyet tat", whose synonym "tan tat" is rare too) from three rounds to two; over
    /// the 175 queries of the quality sets and the bench there, 2.12 rounds a query to 2.00, for
    /// 2% more bytes (139 → 142 KB); the portal and the plan site plan the same. If the words
    /// found as typed are in fewer than a few sections in all (or there is one word), any word
    /// will not do either, and the next pass matches the near forms of `fuzzy_distance`.
    /// 20 typing-error queries: 53 rounds to 40 on the 10,000-page bench site and the 20 MB plan
    /// site, 46 to 40 on the portal, for 4%, 1% and 0% more bytes; planning `fuzzy_distance`'s
    /// whenever a word is missing saved no more rounds, for 45% more bytes on the 10,000 pages.
    /// The term dictionaries are in the head chunk: this fetches nothing.
    fn near_forms_ahead(&self, words: &Words) -> Option<fn(&str) -> Option<u8>> {
        // At most as many sections as its rarest word is in.
        let spelling = |words: &Vec<String>| words.iter().map(|w| self.sections_with(w).unwrap_or(0)).min().unwrap_or(0);
        let rare = |unit: &&Unit| std::iter::once(&unit.words).chain(&unit.alternatives).map(spelling).sum::<usize>() < FEW_RESULTS;
        if !words.units.iter().filter(|u| !u.optional).any(|u| rare(&u)) {
            return None;
        }
        let found_as_typed: usize = words.folded.iter().filter_map(|word| self.sections_with(word)).sum();
        Some(if words.folded.len() == 1 || found_as_typed < FEW_RESULTS { fuzzy_distance } else { ranking_distance })
    }

    /// How many sections have `word` in the combined field, from its dictionary (in the head);
    /// None for none.
    fn sections_with(&self, word: &str) -> Option<usize> {
        let all = self.fields.all_f;
        let searcher = self.reader.searcher();
        let inverted = searcher.segment_readers().first()?.inverted_index(all).ok()?;
        inverted.get_term_info(&Term::from_field_text(all, word)).ok().flatten().map(|info| info.doc_freq as usize)
    }

    /// The chunks `query` will read that are not loaded yet: the postings (and positions, for
    /// phrases in titles, headings and names) of each of its terms, near forms included, found
    /// from the term dictionaries (in the head) and [`Manifest::postings_starts`], and the pairs
    /// file's pages of its words together.
    fn unloaded(&self, query: &dyn TantivyQuery) -> Vec<String> {
        // Each term once; positions if any use of it needs them.
        let mut wanted: HashMap<Term, bool> = HashMap::new();
        query.query_terms(&mut |term, positions| *wanted.entry(term.clone()).or_default() |= positions);
        let file = |ext: &str| self.manifest.files.keys().find(|name| name.ends_with(ext)).cloned();
        let (Some(idx), pos) = (file(".idx"), file(".pos")) else { return Vec::new() };
        let searcher = self.reader.searcher();
        let schema = searcher.schema();
        let mut names = Vec::new();
        // One segment (the builder merges them): its files are the manifest's .idx and .pos.
        for segment in searcher.segment_readers().iter().take(1) {
            for (term, positions) in &wanted {
                if term.field() == self.fields.pairs {
                    if let Some(range) = term.value().as_str().and_then(|pair| self.pairs.range_of(pairs::key_of(pair))) {
                        names.extend(self.directory.missing(PAIRS_FILE, range));
                    }
                    continue;
                }
                let Some(starts) = self.manifest.postings_starts.get(schema.get_field_name(term.field())) else { continue };
                let Ok(inverted) = segment.inverted_index(term.field()) else { continue };
                let Ok(Some(info)) = inverted.get_term_info(term) else { continue };
                // Saturating: a damaged manifest gives a range past the file, which plans nothing.
                let within = |start: usize, r: &std::ops::Range<usize>| start.saturating_add(r.start)..start.saturating_add(r.end);
                names.extend(self.directory.missing(&idx, within(starts.postings, &info.postings_range)));
                if let (true, Some(start), Some(pos)) = (*positions, starts.positions, &pos) {
                    names.extend(self.directory.missing(pos, within(start, &info.positions_range)));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// A near-form query for `word` in `field`, with the indexed words it reaches: what tantivy's
    /// fuzzy weight walks the dictionary for (the same automaton), listed so that their postings
    /// can be fetched before. The lists are kept: walking the dictionary again for every pass and
    /// every round doubled a widened query's time (10,000-page bench site, "dong thap" 4.6 →
    /// 8.2 ms natively).
    fn near_form(&self, field: Field, word: &str, distance: u8) -> Leaf {
        let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
        let key = (field, word.to_string(), distance);
        if let Some(near) = self.near.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Leaf::Fuzzy(query, near.clone());
        }
        let searcher = self.reader.searcher();
        let mut near = Vec::new();
        let inverted = searcher.segment_readers().first().and_then(|segment| segment.inverted_index(field).ok());
        if let (Ok(automaton), Some(inverted)) = (query.automaton(), inverted) {
            if let Ok(mut stream) = inverted.terms().search(automaton).into_stream() {
                while stream.advance() {
                    if let Ok(found) = std::str::from_utf8(stream.key()) {
                        near.push(Term::from_field_text(field, found));
                    }
                }
            }
        }
        let near: std::sync::Arc<[Term]> = near.into();
        let mut kept = self.near.lock().unwrap_or_else(|e| e.into_inner());
        // A bound, not a policy: a visitor's queries reach a few hundred words at most.
        if kept.len() >= NEAR_FORMS_KEPT {
            kept.clear();
        }
        kept.insert(key, near.clone());
        Leaf::Fuzzy(query, near)
    }

    /// The query that ranks: `matching` (which decides what is found) with the boosts, and after
    /// widening the all-words tier, under the kind and province filters.
    fn ranked(&self, words: &Words, matching: &Boxed, widened: bool, q: &Query) -> Boxed {
        let mut clauses: Vec<(Occur, Boxed)> = vec![(Occur::Must, matching.box_clone())];
        clauses.extend(self.boosts(words).into_iter().map(|b| (Occur::Should, b)));
        // The first pass's matching scores the title and keyword stretches itself (`strict`);
        // wider matching does not hold them, so they count here.
        if widened {
            clauses.extend(self.key_spans(words).map(|spans| (Occur::Should, spans)));
        }
        if widened && words.folded.len() > 1 {
            // Among wider matches, those with every word (or a near form of it) come first.
            clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(self.matching(words, Occur::Must, ranking_distance), ALL_WORDS_TIER))));
        }
        self.filtered(Box::new(BooleanQuery::new(clauses)), q)
    }

    /// What the first pass finds: every word, or a stretch of the query in a page's title or
    /// keywords ("em trai bị bệnh tâm thần" finds the page whose keywords say "bệnh tâm thần",
    /// though it never says "em trai"), scored by that stretch (see `key_spans`): each phrase is
    /// evaluated once, both to find and to rank.
    fn strict(&self, words: &Words) -> Boxed {
        let every_word = self.matching(words, Occur::Must, no_near_forms);
        match self.key_spans(words) {
            Some(spans) => Box::new(BooleanQuery::new(vec![(Occur::Should, every_word), (Occur::Should, spans)])),
            None => every_word,
        }
    }

    /// The longest stretch of two or more of the query's words (up to [`MAX_KEY_SPAN`]) that a
    /// page's title or keywords hold as a phrase, scored by the share of the query it covers; for
    /// queries of three or more words (for two, the stretch is the whole query, which `boosts`
    /// counts as a phrase). Titles and keywords say what a page is about, so a citizen's longer
    /// sentence that names the topic finds the page written for it, above sections that merely
    /// hold every word somewhere.
    fn key_spans(&self, words: &Words) -> Option<Boxed> {
        let seq = &words.folded_seq;
        let core = words.units.iter().filter(|u| !u.optional).map(|u| u.words.len()).sum::<usize>();
        if seq.len() < 3 || core < 2 {
            return None;
        }
        let f = self.fields;
        let optional: Vec<&[String]> = words.units.iter().filter(|u| u.optional).map(|u| u.words.as_slice()).collect();
        let mut spans: Vec<&[String]> = (2..=MAX_KEY_SPAN.min(seq.len() - 1)).flat_map(|n| seq.windows(n)).collect();
        spans.sort();
        spans.dedup();
        // A stretch of question words alone ("làm sao") says nothing of the topic.
        spans.retain(|span| !optional.iter().any(|o| o == span));
        let scored: Vec<Boxed> = spans
            .iter()
            .flat_map(|span| {
                let score = KEY_SPAN_TIER * span.len() as f32 / seq.len() as f32;
                [f.title_f, f.keywords_f].map(|field| -> Boxed {
                    let phrase = Box::new(Leaf::Phrase(PhraseQuery::new(span.iter().map(|t| Term::from_field_text(field, t)).collect())));
                    Box::new(ConstScoreQuery::new(phrase, score))
                })
            })
            .collect();
        (!scored.is_empty()).then(|| Box::new(DisjunctionMaxQuery::new(scored)) as Boxed)
    }

    /// Every query word must (or, loosely, may) appear in the title, a heading, the text, the
    /// page's keywords or its province and target groups (the combined field); `near` says how
    /// many edits away a word may also be (see `fuzzy_distance`). A span a synonym matched may be
    /// found as any of its alternatives instead (counted for less), and question words need not
    /// be found at all.
    fn matching(&self, words: &Words, occur: Occur, near: fn(&str) -> Option<u8>) -> Boxed {
        let all = self.fields.all_f;
        let mut seen: Vec<&[String]> = Vec::new();
        let mut per_unit: Vec<(Occur, Boxed)> = Vec::new();
        for unit in &words.units {
            if seen.contains(&unit.words.as_slice()) {
                continue;
            }
            seen.push(&unit.words);
            let word = |t: &String| -> Boxed {
                let exact = term_query(all, t);
                match near(t) {
                    Some(distance) => {
                        // A constant score, below what a real occurrence earns.
                        let fuzzy = Box::new(self.near_form(all, t, distance));
                        Box::new(BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, boosted(fuzzy, 0.5))]))
                    }
                    None => exact,
                }
            };
            let typed: Boxed = match unit.words.as_slice() {
                [t] => word(t),
                // Loosely, any word of the span will do, as for the rest of the query.
                span => Box::new(BooleanQuery::new(dedup(span.to_vec()).iter().map(|t| (occur, word(t))).collect())),
            };
            let clause = if unit.alternatives.is_empty() {
                typed
            } else {
                let mut either = vec![(Occur::Should, typed)];
                // Each word of an alternative, not the words together: they count together in
                // `boosts`. Requiring them together here lost "tre em bi danh o truong" (first to
                // sixth) on the quality sets. Dates must be together ("25 tháng 3", not "3 tháng
                // 25").
                either.extend(unit.alternatives.iter().map(|alt| {
                    let dated = alt.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()));
                    let words = if dated { Box::new(BooleanQuery::new(vec![(Occur::Must, all_words(all, alt)), (Occur::Must, Box::new(ConstScoreQuery::new(self.together(alt), 0.0)) as Boxed)])) } else { all_words(all, alt) };
                    (Occur::Should, boosted(words, ALTERNATIVE_WEIGHT))
                }));
                Box::new(BooleanQuery::new(either))
            };
            per_unit.push((if unit.optional { Occur::Should } else { occur }, clause));
        }
        Box::new(BooleanQuery::new(per_unit))
    }

    /// What lifts a result: where the words sit (title, heading), the words as a phrase,
    /// neighbouring syllables together (Vietnamese words are several syllables: "công tác xã
    /// hội"), and the diacritics as typed.
    ///
    /// Having the whole query as a phrase (in the title, a heading, the text, or a province or
    /// target group name) is a tier of its own: a constant far above what scattered syllables
    /// can score, so "trợ cấp" in a long text beats "khẩn cấp … trợ giúp" in a title; within the
    /// tier, where the phrase sits and the usual scores decide. For longer queries each pair of
    /// neighbouring words found together adds a smaller constant.
    /// Words in the page's keywords count like words in its title. The query with a synonym's
    /// alternative in place of what was typed counts as a phrase too, for less.
    fn boosts(&self, words: &Words) -> Vec<Boxed> {
        let (folded, exact) = (&words.folded_seq[..], &words.exact_seq[..]);
        let f = self.fields;
        let mut out: Vec<Boxed> = Vec::new();
        let phrase = |field: Field, words: &[String]| -> Boxed { Box::new(Leaf::Phrase(PhraseQuery::new(words.iter().map(|t| Term::from_field_text(field, t)).collect()))) };
        // A word in the title counts three times, in a heading twice (with the combined field's).
        for t in dedup(folded.to_vec()) {
            out.push(boosted(term_query(f.title_f, &t), 2.0));
            out.push(boosted(term_query(f.keywords_f, &t), 2.0));
            out.push(term_query(f.heading_f, &t));
        }
        if folded.len() >= 2 {
            if folded.len() <= MAX_PHRASE_TIER_WORDS {
                out.push(Box::new(ConstScoreQuery::new(self.together(folded), PHRASE_TIER)));
            }
            // Within the tier, a phrase in the title, a heading or a name counts for more.
            for (field, boost) in [(f.title_f, 10.0), (f.keywords_f, 10.0), (f.heading_f, 8.0), (f.meta_f, 6.0)] {
                out.push(boosted(phrase(field, folded), boost));
            }
        }
        // A rewritten query together in the combined field counts for several units, and for
        // dates; a lone synonym's phrase counts in the title, keywords and headings below (as a
        // tier it put every section with the synonym above the words typed: "co nhi vien" fell
        // from first to second on the quality sets).
        let several = words.units.iter().filter(|u| !u.optional).count() > 1;
        for variant in words.variants() {
            if (2..=MAX_PHRASE_TIER_WORDS).contains(&variant.len()) && (several || variant.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()))) {
                out.push(Box::new(ConstScoreQuery::new(self.together(&variant), PHRASE_TIER * ALTERNATIVE_WEIGHT)));
            }
            for (field, boost) in [(f.title_f, 10.0), (f.keywords_f, 10.0), (f.heading_f, 8.0)] {
                out.push(boosted(words_query(field, &variant), boost * ALTERNATIVE_WEIGHT));
            }
        }
        if folded.len() >= 3 {
            let mut pairs: Vec<&[String]> = folded.windows(2).collect();
            pairs.sort();
            pairs.dedup();
            for pair in pairs {
                out.push(Box::new(ConstScoreQuery::new(self.together(pair), PAIR_BONUS)));
            }
        }
        if words.typed_diacritics() {
            for t in dedup(exact.to_vec()) {
                out.push(boosted(exact_query(f.all_x, &t), 8.0));
                out.push(boosted(exact_query(f.title_x, &t), 2.0));
            }
        }
        out
    }

    /// Sections of the combined field that have each two neighbouring `words` together (see
    /// `pairs`): for two words, the phrase; for more, each of their pairs somewhere in a value;
    /// for one, the word anywhere (it has no pair, and is together with itself wherever it is).
    fn together(&self, words: &[String]) -> Boxed {
        if let [word] = words {
            return term_query(self.fields.all_f, word);
        }
        // A word the site lacks (a typo, mostly) is in no pair: no page to read for them. On the
        // 10,000-page bench site a returning visitor's "bao ve tre emm" read three pages for
        // pairs where format 14 had found every position it needed cached.
        if words.iter().any(|word| self.sections_with(word).is_none()) {
            return Box::new(EmptyQuery);
        }
        let mut terms: Vec<Term> = words.windows(2).map(|run| Term::from_field_text(self.fields.pairs, &run.join(" "))).collect();
        terms.sort();
        terms.dedup();
        Box::new(Leaf::Together(Together { pairs: self.pairs.clone(), terms }))
    }

    fn filtered(&self, query: Boxed, q: &Query) -> Boxed {
        let mut must: Vec<(Occur, Boxed)> = vec![(Occur::Must, query)];
        if let Some(kind) = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            let code = self.manifest.kinds.iter().position(|k| k == kind);
            must.push((Occur::Must, code_term(self.fields.kind_code, code)));
        }
        if let Some(p) = q.province.as_deref().filter(|p| !p.trim().is_empty()) {
            let key = province_key(p);
            let code = self.manifest.provinces.iter().position(|known| known.key == key);
            must.push((Occur::Must, code_term(self.fields.province_code, code)));
        }
        if must.len() == 1 {
            return must.pop().unwrap().1;
        }
        Box::new(BooleanQuery::new(must))
    }

    /// The sections a result reads: its best one and, when it lists other sections, the one
    /// holding the page's outline they are listed from ([`crate::Outline`]): the page's first
    /// section, which may be the best one.
    fn shown(&self, page: &PageHit) -> Option<(DocId, Option<DocId>)> {
        let &(_, best) = page.sections.first()?;
        Some((best, (page.sections.len() > 1).then(|| self.pages.first_of_page(best).unwrap_or(best))))
    }

    /// A result: the page's best section, with its other matching sections as deep links.
    fn hit(&self, page: PageHit, words: &[snippet::Word], fuzzy: bool) -> Result<Hit, SearchError> {
        // A damaged file says so (the browser words it as a damaged index); anything else is a
        // chunk that could not be read.
        let failed = |e: std::io::Error| if e.kind() == std::io::ErrorKind::InvalidData { SearchError::Corrupt(e.to_string()) } else { SearchError::Io(e.to_string()) };
        let (best_doc, outline_doc) = self.shown(&page).ok_or_else(|| SearchError::Corrupt("a result page without sections".into()))?;
        let best = self.sections.read(best_doc).map_err(failed)?;
        let mut sections = Vec::new();
        if let Some(first) = outline_doc {
            let json = if first == best_doc { best.outline.clone() } else { self.sections.read_outline(first).map_err(failed)? };
            let outline: crate::Outline = json.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default();
            for &(_, doc) in &page.sections[1..] {
                let Some((url, heading)) = outline.get(doc.wrapping_sub(first) as usize).cloned() else {
                    return Err(SearchError::Corrupt(format!("the outline of document {first} does not list its page's section {doc}")));
                };
                sections.push(SubHit { url, heading });
            }
        }
        let snippet_html = snippet::highlight(&best.body, words, fuzzy);
        let Section { url, title, heading, kind, provinces, date, .. } = best;
        Ok(Hit { page: crate::page_of(&url).to_string(), url, title, heading, snippet_html, sections, kind, provinces, date, score: page.score })
    }
}

/// What the reader relies on: chunk sizes and counts that add up (a damaged manifest must give an
/// error, not a panic or a huge allocation in the browser).
fn check_manifest(m: &Manifest) -> Result<(), String> {
    for (name, file) in &m.files {
        if file.chunk_size == 0 || file.chunk_size > 1 << 24 {
            return Err(format!("{name} has chunk size {}", file.chunk_size));
        }
        // Cuts inside the body, in order, and no chunk bigger than a fixed one may be.
        let body = file.len.saturating_sub(file.tail);
        let ordered = file.cuts.iter().try_fold(0, |start, &cut| (start < cut && cut - start <= 1 << 24).then_some(cut));
        if !file.cuts.is_empty() && !ordered.is_some_and(|last| last < body && body - last <= 1 << 24) {
            return Err(format!("{name} is cut out of order"));
        }
        if file.tail > file.len || file.chunks != file.expected_chunks() || file.first_chunk.checked_add(file.chunks).is_none() {
            return Err(format!("{name} has {} bytes in {} chunks", file.len, file.chunks));
        }
    }
    if let Some(head) = &m.head {
        let mut sum = 0usize;
        for r in &head.ranges {
            let fits = m.files.get(&r.file).is_some_and(|f| r.start.checked_add(r.len).is_some_and(|end| end <= f.len));
            if !fits {
                return Err(format!("head range {}:{}+{} is outside the file", r.file, r.start, r.len));
            }
            sum = sum.saturating_add(r.len);
        }
        if sum != head.len || head.len > 1 << 26 {
            return Err(format!("head ranges add up to {sum} bytes, not {}", head.len));
        }
    }
    crate::directory::bundles(m).map_err(|e| e.to_string())?;
    // Chunk names are file names in the index's folder.
    if m.chunk_prefix.len() > 64 || !m.chunk_prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("chunk prefix {:?}", m.chunk_prefix));
    }
    if !m.files.contains_key("meta.json") {
        return Err("no meta.json".into());
    }
    Ok(())
}

fn has(filter: &Option<String>) -> bool {
    filter.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// A query's words, folded and exact: in query order with repeats (for phrases), each once, and
/// cut into units (synonym spans, dates, optional question words: see `vocab::units`).
struct Words {
    folded_seq: Vec<String>,
    exact_seq: Vec<String>,
    folded: Vec<String>,
    units: Vec<Unit>,
}

impl Words {
    fn of(text: &str, synonyms: &Synonyms) -> Words {
        let folded_seq: Vec<String> = terms(text, Mode::Folded).into_iter().take(MAX_TERMS).collect();
        let exact_seq: Vec<String> = terms(text, Mode::Exact).into_iter().take(MAX_TERMS).collect();
        let folded = dedup(folded_seq.clone());
        let units = vocab::units(text, &folded_seq, synonyms);
        Words { folded_seq, exact_seq, folded, units }
    }

    /// The query's words that must match, in order, with one synonym span at a time written as
    /// one of its alternatives; and those words alone when question words were left out.
    fn variants(&self) -> Vec<Vec<String>> {
        let core: Vec<&Unit> = self.units.iter().filter(|u| !u.optional).collect();
        let joined = |with: Option<(usize, &Vec<String>)>| -> Vec<String> {
            core.iter().enumerate().flat_map(|(i, u)| match with {
                Some((at, alt)) if at == i => alt.clone(),
                _ => u.words.clone(),
            }).collect()
        };
        let mut out = Vec::new();
        // Without its question words, when they stand around it ("ctxh là gì", "làm sao để được
        // giúp"): the rest is then a phrase a text may have. Words left out of the middle ("trẻ
        // em bị bạo lực") leave no such phrase.
        let first = self.units.iter().position(|u| !u.optional);
        let last = self.units.iter().rposition(|u| !u.optional);
        let around = matches!((first, last), (Some(f), Some(l)) if self.units[f..=l].iter().all(|u| !u.optional));
        if around && core.len() < self.units.len() && core.iter().map(|u| u.words.len()).sum::<usize>() >= 2 {
            out.push(joined(None));
        }
        for (i, unit) in core.iter().enumerate() {
            for alt in &unit.alternatives {
                if out.len() < MAX_VARIANTS {
                    out.push(joined(Some((i, alt))));
                }
            }
        }
        out
    }

    fn typed_diacritics(&self) -> bool {
        self.exact_seq.iter().any(|t| !t.is_ascii())
    }
}

/// The indexed word nearest to `word` (at most `max` edits; the same first letter, which keeps the
/// scan to one stretch of the dictionary, and at most [`SUGGESTION_SCAN`] words of it), the most
/// frequent on a tie.
fn nearest_term(dict: &tantivy::termdict::TermDictionary, word: &str, max: u8) -> Option<String> {
    let first = *word.as_bytes().first()?;
    let mut stream = match first.checked_add(1) {
        Some(next) => dict.range().ge([first]).lt([next]).into_stream().ok()?,
        None => dict.range().ge([first]).into_stream().ok()?,
    };
    let (max, wanted) = (usize::from(max), word.chars().count());
    let mut best: Option<(usize, std::cmp::Reverse<u32>, String)> = None;
    let mut scanned = 0;
    while scanned < SUGGESTION_SCAN && stream.advance() {
        scanned += 1;
        let key = stream.key();
        // Folded words are mostly ASCII: a length this far off is more edits away than allowed.
        if key.len().abs_diff(word.len()) > max * 4 {
            continue;
        }
        let Ok(term) = std::str::from_utf8(key) else { continue };
        if term.chars().count().abs_diff(wanted) > max {
            continue;
        }
        let d = near::distance(word, term);
        if d > max {
            continue;
        }
        let candidate = (d, std::cmp::Reverse(stream.value().doc_freq), term.to_string());
        if best.as_ref().is_none_or(|b| candidate < *b) {
            best = Some(candidate);
        }
    }
    best.map(|(_, _, term)| term)
}

fn no_near_forms(_: &str) -> Option<u8> {
    None
}

/// Near forms as a ranking signal among many results (the all-words boost after widening): only
/// for words of four letters or more. A three-letter syllable's near forms are mostly other
/// syllables ("bao": "bai", "bac", "bo"), noise in ranking, and each one widens a costly union;
/// as a last resort (`fuzzy_distance`) they still reach OCR damage ("Hu6" for "Huế").
fn ranking_distance(term: &str) -> Option<u8> {
    if term.chars().count() < 4 {
        return None;
    }
    fuzzy_distance(term)
}

fn dedup(mut terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms
}

/// Every one of `words`, anywhere.
fn all_words(field: Field, words: &[String]) -> Boxed {
    match words {
        [word] => term_query(field, word),
        _ => Box::new(BooleanQuery::new(dedup(words.to_vec()).iter().map(|t| (Occur::Must, term_query(field, t))).collect())),
    }
}

/// A word, or several as a phrase.
fn words_query(field: Field, words: &[String]) -> Boxed {
    match words {
        [word] => term_query(field, word),
        _ => Box::new(Leaf::Phrase(PhraseQuery::new(words.iter().map(|t| Term::from_field_text(field, t)).collect()))),
    }
}

fn term_query(field: Field, text: &str) -> Boxed {
    Box::new(Leaf::Term(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs)))
}

/// A word of an exact field, which knows the sections that hold it and not how often (see
/// `schema::EXACT_RECORD`).
fn exact_query(field: Field, text: &str) -> Boxed {
    Box::new(Leaf::Term(TermQuery::new(Term::from_field_text(field, text), crate::schema::EXACT_RECORD)))
}

/// tantivy's leaf queries as the engine builds them. A term query goes straight to its weight,
/// skipping `TermQuery`'s fallback to a range scan of a fast field (for fields that are fast but
/// not indexed; ours are all indexed): that path alone links every fast-field column codec into
/// the browser's module, about a tenth of it.
#[derive(Clone, Debug)]
enum Leaf {
    Term(TermQuery),
    Phrase(PhraseQuery),
    /// With the indexed words it reaches (see [`Engine::near_form`]), which `query_terms` names
    /// so that a pass's postings are fetched together (tantivy's own names the typed word only).
    Fuzzy(FuzzyTermQuery, std::sync::Arc<[Term]>),
    Together(Together),
}

/// Sections that hold every pair `terms` names (see [`Engine::together`]).
#[derive(Clone)]
struct Together {
    pairs: Arc<Pairs>,
    /// Terms of the schema's `pairs` field, "first second", which `query_terms` names so that a
    /// query's pairs are planned with its postings.
    terms: Vec<Term>,
}

impl std::fmt::Debug for Together {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.terms.iter().filter_map(|t| t.value().as_str().map(str::to_string))).finish()
    }
}

impl Together {
    /// The sections with every pair, in order. The pairs file numbers sections as the index's
    /// one segment does (the builder merges it into one). Every list is read, even once none is
    /// left: the plan named them all (`Engine::unloaded`), and must name what is read.
    fn sections(&self) -> tantivy::Result<Vec<DocId>> {
        let mut out: Option<Vec<DocId>> = None;
        for term in &self.terms {
            let listed = self.pairs.sections(pairs::key_of(term.value().as_str().unwrap_or_default()))?;
            out = Some(match out {
                None => listed,
                Some(mut so_far) => {
                    so_far.retain(|doc| listed.binary_search(doc).is_ok());
                    so_far
                }
            });
        }
        Ok(out.unwrap_or_default())
    }
}

impl Weight for Together {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut docs = tantivy::BitSet::with_max_value(segment.max_doc());
        // A damaged pairs file could name sections past the segment: they are not found.
        self.sections()?.into_iter().filter(|&doc| doc < segment.max_doc()).for_each(|doc| {
            docs.insert(doc);
        });
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, _segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        match self.sections()?.binary_search(&doc) {
            Ok(_) => Ok(Explanation::new("the words together", 1.0)),
            Err(_) => Err(TantivyError::InvalidArgument(format!("document {doc} does not have the words together"))),
        }
    }
}

impl TantivyQuery for Leaf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match self {
            Leaf::Term(q) => Ok(Box::new(q.specialized_weight(scoring)?)),
            Leaf::Phrase(q) => q.weight(scoring),
            Leaf::Fuzzy(q, _) => q.weight(scoring),
            Leaf::Together(q) => Ok(Box::new(q.clone())),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        match self {
            Leaf::Term(q) => q.query_terms(visitor),
            Leaf::Phrase(q) => q.query_terms(visitor),
            Leaf::Fuzzy(_, near) => near.iter().for_each(|term| visitor(term, false)),
            Leaf::Together(q) => q.terms.iter().for_each(|term| visitor(term, false)),
        }
    }
}

fn boosted(q: Boxed, boost: f32) -> Boxed {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Documents with this kind or province code; a kind or province the index does not have
/// matches nothing.
fn code_term(field: Field, code: Option<usize>) -> Boxed {
    match code {
        Some(code) => Box::new(Leaf::Term(TermQuery::new(Term::from_field_u64(field, code as u64), IndexRecordOption::Basic))),
        None => Box::new(EmptyQuery),
    }
}
