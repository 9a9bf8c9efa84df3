//! `config.toml`: the site's settings.

use crate::diag::{Diagnostic, Result};
use crate::toml_util;
use serde::{Deserialize, Serialize};
use std::path::Path;

const KNOWN_KEYS: &[&str] = &[
    "title", "description", "base_url", "default_language", "theme", "taxonomies", "build_search_index",
    "data_pages", "extra", "search",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    taxonomies: Vec<TaxonomyConfig>,
    #[serde(default = "yes")]
    build_search_index: bool,
    #[serde(default)]
    data_pages: Vec<DataPagesConfig>,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    search: SearchConfig,
}

fn default_language() -> String {
    "vi".into()
}
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub feed: bool,
    #[serde(default)]
    pub paginate_by: Option<usize>,
}

/// `[[data_pages]]`: one page per row of a data file (e.g. a page per social-work centre).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataPagesConfig {
    pub data: String,
    #[serde(default)]
    pub key: Option<String>,
    pub section: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default = "default_title_field")]
    pub title: String,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// `[search]`: how the site's search ranks, where its synonyms are, which of a page's fields
/// carry its target groups and former province names, and whether it works offline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// How much a page of each kind counts at equal match quality (1 = neutral; a page's own
    /// `[extra] search_weight` multiplies it).
    #[serde(default)]
    pub kind_prior: std::collections::BTreeMap<String, f32>,
    /// The synonyms file, from the site root (default data/search/synonyms.toml, if present).
    #[serde(default)]
    pub synonyms: Option<String>,
    /// The taxonomy whose terms are a page's target groups in the index (the portal's
    /// "đối tượng": children, the elderly…).
    #[serde(default = "default_target_taxonomy")]
    pub target_taxonomy: String,
    /// `[extra]` fields with a page's province names before the 1/7/2025 merger (a name or a
    /// list), found by search beside `province`, today's name.
    #[serde(default = "default_former_name_fields")]
    pub former_name_fields: Vec<String>,
    /// A service worker (nhipcau-sw.js at the site root) keeps the engine, the index chunks already
    /// fetched, the pages read and the help pages, so a returning citizen can search and read
    /// without a connection. `offline = false` writes none and removes one a visitor already has.
    #[serde(default = "yes")]
    pub offline: bool,
}

impl Default for SearchConfig {
    fn default() -> SearchConfig {
        SearchConfig { kind_prior: Default::default(), synonyms: None, target_taxonomy: default_target_taxonomy(), former_name_fields: default_former_name_fields(), offline: true }
    }
}

fn default_target_taxonomy() -> String {
    "doi-tuong".into()
}

/// The portal writes `province_former` on plans and `province_before` on centres (data/centres.toml).
fn default_former_name_fields() -> Vec<String> {
    vec!["province_former".into(), "province_before".into()]
}

fn default_title_field() -> String {
    "title".into()
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub default_language: String,
    pub theme: Option<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub build_search_index: bool,
    #[serde(skip)]
    pub data_pages: Vec<DataPagesConfig>,
    pub extra: serde_json::Value,
    #[serde(skip)]
    pub search: SearchConfig,
}

/// A number to call, on every page (`[extra] hotlines = [{ number, label, note }]`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Hotline {
    pub number: String,
    pub label: String,
    pub note: Option<String>,
}

/// Where a site lists none: the national numbers, well-established public facts.
const NATIONAL_HOTLINES: [(&str, &str, Option<&str>); 3] =
    [("111", "Tổng đài quốc gia bảo vệ trẻ em", Some("Miễn phí, 24/7")), ("113", "Công an", None), ("115", "Cấp cứu y tế", None)];

impl Config {
    /// The site's hotlines, else the national ones: the pages' "Cần giúp ngay" band, the share
    /// images and a search that finds nothing all show these (templates read them as `hotlines`).
    pub fn hotlines(&self) -> Vec<Hotline> {
        let text = |h: &serde_json::Value, key: &str| h.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let configured: Vec<Hotline> = match self.extra.get("hotlines") {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|h| Some(Hotline { number: text(h, "number")?, label: text(h, "label").unwrap_or_default(), note: text(h, "note") }))
                .collect(),
            _ => Vec::new(),
        };
        if !configured.is_empty() {
            return configured;
        }
        NATIONAL_HOTLINES.iter().map(|(number, label, note)| Hotline { number: number.to_string(), label: label.to_string(), note: note.map(str::to_string) }).collect()
    }

    pub fn load(file: &Path) -> Result<Config> {
        let src = std::fs::read_to_string(file).map_err(|e| {
            Diagnostic::io(file, &e).help(crate::t!("config-missing-help"))
        })?;
        Self::parse(&src, file)
    }

    pub fn parse(src: &str, file: &Path) -> Result<Config> {
        let raw: RawConfig = toml_util::parse(src, file, 1, KNOWN_KEYS)?;
        let mut config = Config {
            title: raw.title,
            description: raw.description,
            base_url: String::new(),
            default_language: raw.default_language,
            theme: raw.theme,
            taxonomies: raw.taxonomies,
            build_search_index: raw.build_search_index,
            data_pages: raw.data_pages,
            extra: toml_util::table_to_json(raw.extra),
            search: raw.search,
        };
        if let Some((kind, w)) = config.search.kind_prior.iter().find(|(_, w)| !(w.is_finite() && **w > 0.0)) {
            return Err(Diagnostic::new(crate::t!("config-kind-prior-not-positive", entry = format!("{kind} = {w}")))
                .in_file(file)
                .help(crate::t!("config-kind-prior-help"))
                .into());
        }
        let target = &config.search.target_taxonomy;
        if *target != default_target_taxonomy() && config.taxonomy(target).is_none() {
            let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
            return Err(Diagnostic::new(format!("[search] target_taxonomy: `{target}` is not one of the site's taxonomies"))
                .in_file(file)
                .help(crate::diag::suggest(target, &names))
                .into());
        }
        config.set_base_url(&raw.base_url).map_err(|d| d.in_file(file))?;
        Ok(config)
    }

    /// base_url goes into every feed, the sitemap, robots.txt, canonical links and 404.html:
    /// only an http(s) URL or a path, made of the characters a URL may hold unescaped (no quotes,
    /// angle brackets, spaces or control characters), so it cannot break out of any of them.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let url = url.trim();
        let help = || crate::t!("base-url-help");
        let ok = url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/');
        if !ok {
            return Err(Diagnostic::new(crate::t!("base-url-not-absolute", url = url)).help(help()));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&()*+,;=%".contains(c);
        if let Some(bad) = url.chars().find(|c| !allowed(*c)) {
            return Err(Diagnostic::new(crate::t!("base-url-bad-character", url = format!("{url:?}"), character = format!("{bad:?}")))
                .help(crate::t!("base-url-bad-character-help", help = help())));
        }
        let host = url.split_once("://").map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""));
        if host.is_some_and(str::is_empty) {
            return Err(Diagnostic::new(crate::t!("base-url-no-host", url = url)).help(help()));
        }
        self.base_url = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
        Ok(())
    }

    /// The path part of base_url ("/ctxh/"), for pages that must use absolute paths (404.html).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map(|(_, rest)| rest).unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) if self.base_url.contains("://") => &after_scheme[i..],
            _ if !self.base_url.contains("://") => &self.base_url,
            _ => "/",
        }
    }

    /// base_url + a site path ("/a/b/" → "https://x/ctxh/a/b/").
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config> {
        Config::parse(src, Path::new("config.toml"))
    }

    #[test]
    fn hotlines_are_the_site_s_else_the_national_ones() {
        let national = parse("base_url = \"https://x/\"\n").unwrap().hotlines();
        assert_eq!(national.iter().map(|h| h.number.as_str()).collect::<Vec<_>>(), ["111", "113", "115"]);
        assert_eq!(national[0].note.as_deref(), Some("Miễn phí, 24/7"));
        let own = parse("base_url = \"https://x/\"\n[extra]\nhotlines = [{ number = \"1900 1234\", label = \"Tổng đài tỉnh\" }, { label = \"no number\" }]\n").unwrap().hotlines();
        assert_eq!(own, [Hotline { number: "1900 1234".into(), label: "Tổng đài tỉnh".into(), note: None }]);
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let err = parse("base_url = \"https://x/\"\ntitel = \"a\"\n").unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.line, Some(2));
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn base_url_cannot_break_out_of_html_or_robots_txt() {
        for bad in ["https://x/\"><script>alert(1)</script>", "https://x/\nDisallow: /", "https://x/a b", "https:///x", "javascript:alert(1)", "https://x/'onload='"] {
            assert!(parse(&format!("base_url = {bad:?}")).is_err(), "{bad:?}");
        }
        assert!(parse("base_url = \"https://example.gov.vn/ctxh/?a=1&b=%20\"").is_ok());
    }

    #[test]
    fn search_table_is_checked() {
        let c = parse("base_url = \"https://x/\"\n[search]\nkind_prior = { help = 1.5 }\n").unwrap();
        assert_eq!(c.search.kind_prior.get("help"), Some(&1.5));
        assert!(c.search.offline, "offline search is on unless a site turns it off");
        assert!(parse("base_url = \"https://x/\"\n").unwrap().search.offline);
        assert!(!parse("base_url = \"https://x/\"\n[search]\noffline = false\n").unwrap().search.offline);
        let err = parse("base_url = \"https://x/\"\n[search]\nkind_prior = { help = 0 }\n").unwrap_err();
        assert!(err.0[0].message.contains("help = 0"), "{}", err.0[0].message);
        let err = parse("base_url = \"https://x/\"\n[search]\nkind_priors = {}\n").unwrap_err();
        assert_eq!(err.0[0].line, Some(3));
    }

    #[test]
    fn search_fields_default_to_the_portals_and_a_named_taxonomy_must_exist() {
        let c = parse("base_url = \"https://x/\"\n").unwrap();
        assert_eq!(c.search.target_taxonomy, "doi-tuong");
        assert_eq!(c.search.former_name_fields, ["province_former", "province_before"]);
        let src = "base_url = \"https://x/\"\ntaxonomies = [{ name = \"nhom\" }]\n[search]\ntarget_taxonomy = \"nhom\"\nformer_name_fields = [\"ten_cu\"]\n";
        let c = parse(src).unwrap();
        assert_eq!((c.search.target_taxonomy.as_str(), c.search.former_name_fields.as_slice()), ("nhom", &["ten_cu".to_string()][..]));
        let err = parse("base_url = \"https://x/\"\ntaxonomies = [{ name = \"nhom\" }]\n[search]\ntarget_taxonomy = \"nhon\"\n").unwrap_err();
        assert!(err.0[0].message.contains("`nhon` is not one of the site's taxonomies"), "{}", err.0[0].message);
        assert_eq!(err.0[0].help.as_deref(), Some("did you mean `nhom`?"));
    }

    #[test]
    fn base_path_of_a_sub_folder_site() {
        let c = parse("base_url = \"https://example.gov.vn/ctxh\"").unwrap();
        assert_eq!(c.base_url, "https://example.gov.vn/ctxh/");
        assert_eq!(c.base_path(), "/ctxh/");
        assert_eq!(c.permalink("/a/"), "https://example.gov.vn/ctxh/a/");
        let c = parse("base_url = \"https://example.gov.vn\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }
}
