//! The site's search vocabulary: its synonyms file and each page's keywords and weight.

use crate::config::SearchConfig;
use crate::diag::{Diagnostic, Result};
use crate::toml_util;
use crate::site::Site;
use nhipcau_search::{Guidance, Hotline, Link, Synonyms};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Where a site keeps its synonyms unless `[search] synonyms` says otherwise.
pub const DEFAULT_SYNONYMS: &str = "data/search/synonyms.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    /// Groups of phrases that find one another.
    #[serde(default)]
    equivalent: Vec<Vec<String>>,
    /// A phrase → what it also finds (not the other way round).
    #[serde(default)]
    expand: BTreeMap<String, Vec<String>>,
}

/// The synonyms file named in `[search]` (which must exist), or the default one if the site has
/// it; none otherwise.
pub fn synonyms(root: &Path, config: &SearchConfig) -> Result<Synonyms> {
    // Read through the sandbox like every other site file: the synonyms go into the published
    // manifest, so `synonyms = "/etc/…"` must not reach outside the site.
    let (path, required) = match &config.synonyms {
        Some(p) => (crate::sandbox::read_inside(root, p).map_err(|d| if d.file.is_none() { d.in_file(root.join("config.toml")) } else { d })?, true),
        None => (crate::sandbox::read_inside(root, DEFAULT_SYNONYMS)?, false),
    };
    if !required && !path.exists() {
        return Ok(Synonyms::default());
    }
    let src = std::fs::read_to_string(&path).map_err(|e| Diagnostic::io(&path, &e).help(crate::t!("synonyms-missing-help")))?;
    let file: SynonymsFile = toml_util::parse(&src, &path, 1, &["equivalent", "expand"])?;
    let expand: Vec<(String, Vec<String>)> = file.expand.into_iter().collect();
    Synonyms::new(&file.equivalent, &expand).map_err(|e| {
        let phrase = e.split('"').nth(1).unwrap_or_default();
        let line = src.lines().position(|l| l.contains(&format!("\"{phrase}\""))).map_or(1, |i| i + 1);
        // nhipcau_search says `"…" has no words to search for`, its only refusal; anything else
        // it may say one day is shown as it is.
        let message = match e.strip_suffix(" has no words to search for") {
            Some(quoted) => crate::t!("synonym-no-words", phrase = quoted),
            None => crate::t!("synonym-problem", detail = e.as_str()),
        };
        Diagnostic::new(message).in_file(&path).at_line(line).help(crate::t!("synonym-no-words-help")).into()
    })
}

/// A page's `[extra] keywords`: strings.
pub fn keywords(extra: &serde_json::Value, file: &Path) -> Result<Vec<String>> {
    match extra.get("keywords") {
        None => Ok(Vec::new()),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|k| k.as_str().map(str::to_string).ok_or_else(|| bad(file, "keywords", crate::t!("keywords-expected"))))
            .collect(),
        Some(_) => Err(bad(file, "keywords", crate::t!("keywords-expected"))),
    }
}

/// A page's weight at equal match quality: its kind's prior times its `[extra] search_weight`.
pub fn weight(extra: &serde_json::Value, kind: &str, config: &SearchConfig, file: &Path) -> Result<f32> {
    let prior = config.kind_prior.get(kind).copied().unwrap_or(1.0);
    let own = match extra.get("search_weight") {
        None => 1.0,
        Some(v) => match v.as_f64() {
            Some(w) if w.is_finite() && w > 0.0 => w as f32,
            _ => return Err(bad(file, "search_weight", crate::t!("search-weight-expected"))),
        },
    };
    Ok(prior * own)
}

fn bad(file: &Path, key: &str, expected: String) -> crate::diag::Diagnostics {
    let line = std::fs::read_to_string(file).ok().and_then(|src| src.lines().position(|l| l.trim_start().starts_with(key))).map_or(1, |i| i + 1);
    Diagnostic::new(crate::t!("extra-value-expected", key = key, expected = expected)).in_file(file).at_line(line).into()
}

/// What a search that finds nothing offers: the site's hotlines ([`crate::config::Config::hotlines`])
/// and its help section (the shallowest section of kind "help").
pub fn guidance(site: &Site) -> Guidance {
    let hotlines = site.config.hotlines().into_iter().map(|h| Hotline { number: h.number, label: h.label }).collect();
    let help = site
        .sections
        .values()
        .filter(|s| super::is_help(&s.extra))
        .min_by_key(|s| (s.path.matches('/').count(), s.path.clone()))
        .map(|s| Link { title: s.title.clone(), path: s.path.clone() });
    Guidance { hotlines, help }
}
