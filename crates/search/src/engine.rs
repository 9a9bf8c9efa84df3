//! Opening an index and answering queries: the ranking users see in the browser and the CLI.

use crate::directory::{ChunkSource, ChunkedDirectory};
use crate::schema::{province_key, register_analyzers, schema, Fields};
use crate::snippet;
use crate::{Facets, Hit, Manifest, Query, Results, SearchError, FORMAT_VERSION};
use nhipcau_analyzer::{terms, Mode};
use tantivy::collector::{Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument, Term};

const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;
/// Below this many strict (all-words) matches, also accept pages with some of the words.
const FEW_RESULTS: usize = 3;

pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    directory: ChunkedDirectory,
}

type Boxed = Box<dyn TantivyQuery>;

impl Engine {
    pub fn open(source: Box<dyn ChunkSource + Send + Sync>, manifest_name: &str) -> Result<Engine, SearchError> {
        let bytes = source.fetch(manifest_name).map_err(|e| SearchError::Io(format!("{manifest_name}: {e}")))?;
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| SearchError::Corrupt(format!("{manifest_name}: {e}")))?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(SearchError::VersionMismatch { index: manifest.format_version, engine: FORMAT_VERSION });
        }
        let directory = ChunkedDirectory::new(&manifest, source);
        let index = Index::open(directory.clone())?;
        register_analyzers(&index);
        let (_, fields) = schema();
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Engine { reader, fields, manifest, directory })
    }

    pub fn doc_count(&self) -> u64 {
        self.manifest.doc_count
    }

    /// Distinct index chunks read so far (what the browser has downloaded).
    pub fn fetched_chunks(&self) -> usize {
        self.directory.fetched_chunks()
    }

    pub fn total_chunks(&self) -> usize {
        self.manifest.files.values().map(|f| f.chunks.len()).sum()
    }

    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let limit = match q.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let folded = dedup(terms(&q.text, Mode::Folded));
        let exact = dedup(terms(&q.text, Mode::Exact));
        let searcher = self.reader.searcher();
        if folded.is_empty() {
            return Ok(Results { total: 0, hits: Vec::new(), facets: Facets::default(), fuzzy: false });
        }
        let typed_diacritics = exact.iter().any(|t| !t.is_ascii());

        let strict = self.matching(&folded, Occur::Must);
        let mut fuzzy = false;
        let mut matching = strict;
        let mut total = searcher.search(&self.filtered(matching.box_clone(), q), &Count)?;
        if total < FEW_RESULTS && folded.len() > 1 {
            let loose = self.matching(&folded, Occur::Should);
            let loose_total = searcher.search(&self.filtered(loose.box_clone(), q), &Count)?;
            if loose_total > total {
                matching = loose;
                total = loose_total;
            }
        }
        if total == 0 {
            if let Some(near) = self.fuzzy(&folded) {
                let near_total = searcher.search(&self.filtered(near.box_clone(), q), &Count)?;
                if near_total > 0 {
                    matching = near;
                    total = near_total;
                    fuzzy = true;
                }
            }
        }

        let mut clauses: Vec<(Occur, Boxed)> = vec![(Occur::Must, matching.box_clone())];
        clauses.extend(self.boosts(&folded, &exact, typed_diacritics).into_iter().map(|b| (Occur::Should, b)));
        let ranked = self.filtered(Box::new(BooleanQuery::new(clauses)), q);
        let top = searcher.search(&ranked, &TopDocs::with_limit(limit).and_offset(q.offset).order_by_score())?;

        // Facet counts ignore the active filters, so a citizen can switch between them.
        let facet_query = matching;
        let (kinds, provinces) = searcher.search(&facet_query, &(facet("kind_facet"), facet("province_facet")))?;
        let facets = Facets { kind: facet_list(&kinds, |k| k.to_string()), province: facet_list(&provinces, |k| self.manifest.provinces.get(k).cloned().unwrap_or_else(|| k.to_string())) };

        let hits = top.into_iter().map(|(score, addr)| self.hit(&searcher, score, addr, &folded, fuzzy)).collect::<Result<Vec<_>, _>>()?;
        Ok(Results { total, hits, facets, fuzzy })
    }

    /// Every query word must (or, loosely, may) appear in the title, a heading, the text or the
    /// page's province and target groups.
    fn matching(&self, folded: &[String], occur: Occur) -> Boxed {
        let f = self.fields;
        let per_term: Vec<(Occur, Boxed)> = folded
            .iter()
            .map(|t| {
                let fields = [(f.title_f, 3.0), (f.heading_f, 2.0), (f.body_f, 1.0), (f.meta_f, 0.5)];
                let any_field: Vec<(Occur, Boxed)> = fields.iter().map(|(field, boost)| (Occur::Should, boosted(term_query(*field, t), *boost))).collect();
                (occur, Box::new(BooleanQuery::new(any_field)) as Boxed)
            })
            .collect();
        Box::new(BooleanQuery::new(per_term))
    }

    /// Near matches for typos and OCR damage: one edit, two for long words.
    fn fuzzy(&self, folded: &[String]) -> Option<Boxed> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
        for t in folded {
            let len = t.chars().count();
            let distance = match len {
                0..=2 => continue,
                3..=5 => 1,
                _ => 2,
            };
            for field in [f.title_f, f.heading_f, f.body_f] {
                clauses.push((Occur::Should, Box::new(FuzzyTermQuery::new(Term::from_field_text(field, t), distance, true))));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Boxed)
    }

    /// What lifts a result: the words as a phrase, neighbouring syllables together (Vietnamese
    /// words are several syllables: "công tác xã hội"), and the diacritics as typed.
    fn boosts(&self, folded: &[String], exact: &[String], typed_diacritics: bool) -> Vec<Boxed> {
        let f = self.fields;
        let mut out: Vec<Boxed> = Vec::new();
        if folded.len() >= 2 {
            for (field, boost) in [(f.title_f, 6.0), (f.heading_f, 4.0), (f.body_f, 3.0)] {
                out.push(boosted(Box::new(PhraseQuery::new(folded.iter().map(|t| Term::from_field_text(field, t)).collect())), boost));
            }
            for pair in folded.windows(2) {
                out.push(boosted(Box::new(PhraseQuery::new(pair.iter().map(|t| Term::from_field_text(f.body_f, t)).collect())), 1.0));
            }
        }
        if typed_diacritics {
            for t in exact {
                for (field, boost) in [(f.title_x, 10.0), (f.heading_x, 8.0), (f.body_x, 8.0)] {
                    out.push(boosted(term_query(field, t), boost));
                }
            }
            if exact.len() >= 2 {
                out.push(boosted(Box::new(PhraseQuery::new(exact.iter().map(|t| Term::from_field_text(f.body_x, t)).collect())), 8.0));
            }
        }
        out
    }

    fn filtered(&self, query: Boxed, q: &Query) -> Boxed {
        let mut must: Vec<(Occur, Boxed)> = vec![(Occur::Must, query)];
        if let Some(kind) = q.kind.as_deref().filter(|k| !k.is_empty()) {
            must.push((Occur::Must, facet_term(self.fields.kind_facet, kind)));
        }
        if let Some(p) = q.province.as_deref().filter(|p| !p.is_empty()) {
            must.push((Occur::Must, facet_term(self.fields.province_facet, &province_key(p))));
        }
        if must.len() == 1 {
            return must.pop().unwrap().1;
        }
        Box::new(BooleanQuery::new(must))
    }

    fn hit(&self, searcher: &Searcher, score: Score, addr: DocAddress, folded: &[String], fuzzy: bool) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = self.fields;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let body = text(f.body).unwrap_or_default();
        Ok(Hit {
            url: text(f.url).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            heading: text(f.heading),
            snippet_html: snippet::highlight(&body, folded, fuzzy),
            kind: text(f.kind).unwrap_or_default(),
            provinces: doc.get_all(f.provinces).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            date: text(f.date),
            score,
        })
    }
}

fn dedup(mut terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms
}

fn term_query(field: Field, text: &str) -> Boxed {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

fn boosted(q: Boxed, boost: f32) -> Boxed {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn facet_term(field: Field, value: &str) -> Boxed {
    Box::new(TermQuery::new(Term::from_facet(field, &Facet::from_path([value])), IndexRecordOption::Basic))
}

fn facet(field: &str) -> FacetCollector {
    let mut c = FacetCollector::for_field(field);
    c.add_facet(Facet::root());
    c
}

fn facet_list(counts: &FacetCounts, label: impl Fn(&str) -> String) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = counts
        .get(Facet::root())
        .map(|(facet, n)| {
            let path = facet.to_path();
            (label(path.last().copied().unwrap_or_default()), n)
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}
